package org.citylake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citylake.pipelines.generate.DefectScorecard;
import org.citylake.pipelines.generate.GenerationResult;
import org.citylake.pipelines.generate.GeneratorOptions;
import org.citylake.pipelines.generate.SourceDataGenerator;
import org.citylake.pipelines.job.Progress;
import org.citylake.pipelines.job.TableLoadResult;
import org.citylake.quality.QualityReport;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.TrinoQuery;
import org.citylake.warehouse.services.LocalServices;
import org.citylake.warehouse.services.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The integration tier: real Hive Metastore and Trino, started once, on private ports and
 * directories; a small generated delivery; the whole batch end to end, checked against the
 * generator's ground truth (defects.jsonl).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(UsesLocalStack.class)
class WalkingSkeletonIT {
    /** Defect kinds this stage must quarantine: standards, required fields and row-local contract rules. */
    static final Set<String> QUARANTINED_KINDS = Set.of("bad_check_digit", "impossible_birth_date", "future_birth_date",
            "unknown_region", "lossy_gbk_name", "missing_required_field", "bad_credit_code_check",
            "coordinate_outside_district", "unknown_street_code", "bad_date");
    /** Defects that are only written differently: they must be normalised and accepted, never quarantined. */
    static final Set<String> FIXED_KINDS = Set.of("fullwidth_digits", "stray_spaces", "lowercase_x", "legacy_15_digit_id", "lowercase_credit_code");

    Path work;
    Profile profile;
    LocalServices services;
    SparkSession spark;
    GenerationResult generated;
    BatchPipeline.Outcome first;
    List<JsonNode> defects;

    @BeforeAll
    void loadOneBatch(LocalStack stack) throws IOException {
        work = stack.work;
        profile = stack.profile;
        services = stack.services;
        spark = stack.spark;
        Path input = work.resolve("input");
        generated = new SourceDataGenerator(System.out).generate(GeneratorOptions.defaults(input, Profile.home().resolve("conf"))
                .withPersons(2000).withSeed(7).withDefectRate(0.1));
        defects = readJsonLines(input.resolve(SourceDataGenerator.DEFECTS_FILE));
        first = BatchPipeline.run(profile, spark, input, new Progress(System.out));
        BatchPipeline.printSummary(first, System.out);
    }

    @AfterAll
    void servicesAnswerStatus() {
        // LocalStack stops the services when the whole run ends; here they must still be up.
        assertThat(services.status()).allMatch(ServiceStatus::running);
    }

    @Test
    @Order(1)
    void everyRowOfEveryFileIsAcceptedOrQuarantined() {
        assertThat(first.loads()).extracting(TableLoadResult::table)
                .containsExactlyInAnyOrder("base.person", "base.legal_entity", "base.certificate", "base.place");
        for (TableLoadResult l : first.loads()) {
            assertThat(l.rowsIn()).as(l.table()).isEqualTo(l.accepted() + l.quarantined());
            assertThat(l.quarantined()).as(l.table()).isEqualTo(count("quarantine." + l.table().substring(5), first.batchId()));
        }
        // Per file: what the generator wrote is what landed in ODS, line for line.
        Map<String, Long> odsByFile = new HashMap<>();
        for (String ods : List.of("population_registry", "grid_residents", "market_registry", "certificate_registry", "address_registry")) {
            for (Row r : spark.sql("SELECT _source_file, count(*), count(DISTINCT _line) FROM lake.ods." + ods
                    + " WHERE _batch_id = '" + first.batchId() + "' GROUP BY 1").collectAsList()) {
                assertThat(r.getLong(1)).isEqualTo(r.getLong(2));
                odsByFile.put(r.getString(0), r.getLong(1));
            }
        }
        assertThat(odsByFile).isEqualTo(generated.rowsByFile());
    }

    @Test
    @Order(2)
    void eachDefectThisStageHandlesLandsInQuarantineAndFixableOnesDoNot() {
        Set<String> quarantined = new HashSet<>();
        for (String t : List.of("person", "legal_entity", "certificate", "place")) {
            for (Row r : spark.sql("SELECT _source_file, _line FROM lake.quarantine." + t).collectAsList()) {
                quarantined.add(r.getString(0) + ":" + r.getLong(1));
            }
        }
        Set<String> kindsSeen = new HashSet<>();
        for (JsonNode d : defects) {
            String kind = d.get("kind").asText();
            String at = d.get("file").asText() + ":" + d.get("line").asLong();
            if (QUARANTINED_KINDS.contains(kind)) {
                assertThat(quarantined).as(kind + " at " + at + " (" + d.get("detail") + ")").contains(at);
                kindsSeen.add(kind);
            } else if (FIXED_KINDS.contains(kind)) {
                assertThat(quarantined).as(kind + " at " + at + " must be normalised, not quarantined").doesNotContain(at);
                kindsSeen.add(kind);
            }
        }
        // The set is small but the rate is high: every handled kind must actually have been exercised.
        // (lowercase_credit_code is only drawn as a stand-in and may not occur in a small set.)
        assertThat(kindsSeen).containsAll(QUARANTINED_KINDS)
                .contains("fullwidth_digits", "stray_spaces", "lowercase_x", "legacy_15_digit_id");
        // And nothing without a defect was rejected.
        Set<String> defective = new HashSet<>();
        defects.forEach(d -> defective.add(d.get("file").asText() + ":" + d.get("line").asLong()));
        assertThat(quarantined).allMatch(defective::contains);
    }

    @Test
    @Order(2)
    void theDefectScorecardIsEntirelyOnTheDiagonal() {
        DefectScorecard card = DefectScorecard.score(work.resolve("input").resolve(SourceDataGenerator.DEFECTS_FILE),
                BatchPipeline.quarantinedRows(spark, profile, first));
        card.print(System.out);
        assertThat(card.lines()).filteredOn(l -> !l.onDiagonal()).isEmpty();
        assertThat(card.quarantinedWithoutDefect()).isZero();
        assertThat(card.lines().stream().mapToLong(DefectScorecard.Line::injected).sum()).isEqualTo(defects.size());
    }

    @Test
    @Order(3)
    void baseTablesHoldOneRecordPerKeyAndTrinoAgreesWithSpark() throws Exception {
        TrinoQuery trino = new TrinoQuery(profile);
        for (TableLoadResult l : first.loads()) {
            String key = switch (l.table()) {
                case "base.person" -> "resident_id";
                case "base.legal_entity" -> "credit_code";
                case "base.certificate" -> "certificate_id";
                default -> "place_id";
            };
            List<String> row = trino.run("SELECT count(*), count(DISTINCT " + key + ") FROM lake." + l.table(), "citylake").rows().get(0);
            assertThat(Long.parseLong(row.get(0))).as(l.table()).isEqualTo(l.baseRows()).isEqualTo(Long.parseLong(row.get(1)));
            assertThat(l.baseRows()).isEqualTo(l.accepted() - l.merged());
        }
        // Duplicates across the two person sources were folded, and the registry won survivorship.
        TableLoadResult person = first.loads().stream().filter(l -> l.table().equals("base.person")).findFirst().orElseThrow();
        assertThat(person.merged()).isGreaterThan(0);
        List<String> sources = trino.run("SELECT count_if(_source = 'population_registry'), count_if(_source = 'grid_residents') FROM lake.base.person", "citylake").rows().get(0);
        assertThat(Long.parseLong(sources.get(0))).isGreaterThan(Long.parseLong(sources.get(1)));
    }

    @Test
    @Order(4)
    void qualityResultsAreRecordedAndNoErrorCheckFails() {
        for (QualityReport r : first.reports()) {
            assertThat(r.failedErrors()).as(r.table()).isEmpty();
        }
        long recorded = spark.sql("SELECT count(*) FROM lake.governance.quality_results WHERE batch_id = '" + first.batchId() + "'").first().getLong(0);
        assertThat(recorded).isEqualTo(first.reports().stream().mapToLong(r -> r.results().size()).sum());
    }

    @Test
    @Order(5)
    void rerunningTheSameDeliveryChangesNoRecord() {
        long snapshotsBefore = spark.sql("SELECT count(*) FROM lake.base.person.snapshots").first().getLong(0);
        BatchPipeline.Outcome again = BatchPipeline.run(profile, spark, work.resolve("input"), new Progress(System.out));
        assertThat(again.batchId()).isEqualTo(first.batchId());
        for (int i = 0; i < first.loads().size(); i++) {
            TableLoadResult a = first.loads().get(i);
            TableLoadResult b = again.loads().get(i);
            assertThat(b.rowsIn()).isEqualTo(a.rowsIn());
            assertThat(b.quarantined()).isEqualTo(a.quarantined());
            assertThat(b.baseRows()).isEqualTo(a.baseRows());
            assertThat(count("quarantine." + a.table().substring(5), null)).isEqualTo(a.quarantined());
        }
        assertThat(spark.sql("SELECT count(*) FROM lake.ods.population_registry").first().getLong(0))
                .isEqualTo(generated.rowsByFile().get("population_registry.csv"));
        // The MERGE matched every record unchanged: no row of base.person was rewritten.
        Row last = spark.sql("SELECT summary FROM lake.base.person.snapshots ORDER BY committed_at DESC LIMIT 1").first();
        long snapshotsAfter = spark.sql("SELECT count(*) FROM lake.base.person.snapshots").first().getLong(0);
        if (snapshotsAfter > snapshotsBefore) {
            Map<String, String> summary = last.getJavaMap(0);
            assertThat(summary.getOrDefault("added-records", "0")).isEqualTo("0");
            assertThat(summary.getOrDefault("deleted-records", "0")).isEqualTo("0");
        }
    }

    private long count(String table, String batchId) {
        return spark.sql("SELECT count(*) FROM lake." + table + (batchId == null ? "" : " WHERE _batch_id = '" + batchId + "'")).first().getLong(0);
    }

    private static List<JsonNode> readJsonLines(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> !l.isBlank()).map(l -> {
                try {
                    return json.readTree(l);
                } catch (IOException e) {
                    throw new IllegalStateException(file + ": " + l, e);
                }
            }).toList();
        }
    }
}
