package org.citylake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.TableContract;
import org.citylake.catalog.lineage.JobRun;
import org.citylake.catalog.lineage.LineageGraph;
import org.citylake.pipelines.collect.SourceHeaders;
import org.citylake.pipelines.generate.GeneratorOptions;
import org.citylake.pipelines.generate.SourceDataGenerator;
import org.citylake.pipelines.job.Progress;
import org.citylake.pipelines.job.TableLoadResult;
import org.citylake.warehouse.LakeTables;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.TrinoQuery;
import org.citylake.warehouse.lineage.LineageTables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Business metadata and lineage through the real services: the contract's grades and comments as
 * Trino shows them, and the lineage a batch leaves in governance.lineage_*, from the department's
 * header through ods to base.
 *
 * <p>Loads the very delivery WalkingSkeletonIT loads (same generator options, same batch id): a
 * batch is a full extract, so a different delivery here would change what that class sees. It runs
 * last (junit-platform.properties orders classes by @Order) because WalkingSkeletonIT counts one
 * verification run of the batch, and this class reruns it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(UsesLocalStack.class)
@org.junit.jupiter.api.Order(Integer.MAX_VALUE - 9)
class CatalogAndLineageIT {
    Profile profile;
    SparkSession spark;
    Path input;
    BatchPipeline.Outcome outcome;
    TrinoQuery trino;

    @BeforeAll
    void loadTheSharedDelivery(LocalStack stack) {
        profile = stack.profile;
        spark = stack.spark;
        input = stack.work.resolve("input");
        new SourceDataGenerator(System.out).generate(GeneratorOptions.defaults(input, Profile.home().resolve("conf"))
                .withPersons(2000).withSeed(7).withDefectRate(0.1));
        outcome = BatchPipeline.run(profile, spark, input, new Progress(System.out));
        trino = new TrinoQuery(profile);
    }

    @Test
    @Order(1)
    void trinoShowsTheContractsGradesSensitivityAndComments() throws Exception {
        Map<String, String> props = new java.util.HashMap<>();
        for (List<String> r : trino.run("SELECT key, value FROM lake.base.\"person$properties\" WHERE key LIKE 'citylake.%'", "citylake").rows()) {
            props.put(r.get(0), r.get(1));
        }
        assertThat(props).containsEntry("citylake.owner-department", "瑶海区公安分局")
                .containsEntry("citylake.grade", "important")
                .containsEntry("citylake.column.resident_id.grade", "core")
                .containsEntry("citylake.column.resident_id.sensitivity", "personal-sensitive")
                .containsEntry("citylake.column.resident_id.masking", "mask(6,4)")
                .containsEntry("citylake.column.ethnicity.masking", "suppress");
        assertThat(columnComment("resident_id")).isEqualTo("公民身份号码 | sensitivity personal-sensitive | grade core 核心数据 | masking mask(6,4) | standard gb11643");
        String ddl = trino.run("SHOW CREATE TABLE lake.base.person", "citylake").rows().get(0).get(0);
        assertThat(ddl).contains("COMMENT '人口基础库 — ").contains("COMMENT '公民身份号码 | sensitivity personal-sensitive");
    }

    @Test
    @Order(2)
    void aLoadPutsBackWhatTheContractSaysAndDropsKeysItNoLongerSays() throws Exception {
        spark.sql("ALTER TABLE lake.base.person SET TBLPROPERTIES ('citylake.column.resident_id.grade'='general', "
                + "'citylake.column.retired_column.grade'='core')");
        spark.sql("ALTER TABLE lake.base.person ALTER COLUMN name COMMENT 'edited by hand'");
        TableContract person = ContractLoader.loadAll(profile.confDir().resolve("contracts")).stream()
                .filter(c -> c.qualifiedName().equals("base.person")).findFirst().orElseThrow();
        new LakeTables(spark, "lake").ensureBaseTable(person); // what every load does before its MERGE
        List<List<String>> rows = trino.run("SELECT key, value FROM lake.base.\"person$properties\" WHERE key IN "
                + "('citylake.column.resident_id.grade', 'citylake.column.retired_column.grade')", "citylake").rows();
        assertThat(rows).containsExactly(List.of("citylake.column.resident_id.grade", "core"));
        assertThat(columnComment("name")).startsWith("姓名 | sensitivity personal");
    }

    /** Trino's information_schema has no column comments; SHOW COLUMNS does (Column, Type, Extra, Comment). */
    private String columnComment(String column) throws Exception {
        return trino.run("SHOW COLUMNS FROM lake.base.person", "citylake").rows().stream().filter(r -> r.get(0).equals(column))
                .findFirst().orElseThrow().get(3);
    }

    @Test
    @Order(3)
    void everyLoadOfTheBatchIsARunWithItsRowCounts() {
        LineageTables lineage = new LineageTables(spark, "lake");
        List<JobRun> runs = lineage.readRuns().stream().filter(r -> r.batchId().equals(outcome.batchId())).toList();
        for (TableLoadResult l : outcome.loads()) {
            JobRun last = runs.stream().filter(r -> r.job().equals("load " + l.table())).reduce((a, b) -> b).orElseThrow();
            assertThat(last.status()).isEqualTo(JobRun.Status.SUCCEEDED);
            assertThat(List.of(last.rowsIn(), last.rowsAccepted(), last.rowsQuarantined(), last.rowsOut()))
                    .as(l.table()).containsExactly(l.rowsIn(), l.accepted(), l.quarantined(), l.baseRows());
            assertThat(last.user()).isEqualTo(System.getProperty("user.name"));
            assertThat(last.endedAt()).isAfterOrEqualTo(last.startedAt());
        }
    }

    @Test
    @Order(4)
    void residentIdComesFromTheRegistryHeaderThroughOdsAtTheSnapshotsTheLoadLeft() {
        LineageTables lineage = new LineageTables(spark, "lake");
        LineageGraph graph = LineageGraph.current(lineage.readRuns(), lineage.readEdges(), lineage.readColumns());
        List<LineageGraph.Step> up = graph.walk("base.person.resident_id", LineageGraph.Direction.UPSTREAM, 10);
        assertThat(up).extracting(s -> s.depth() + " " + s.node()).contains(
                "1 ods.population_registry.resident_id", "2 population_registry.csv:公民身份号码",
                "1 ods.grid_residents.resident_id");
        assertThat(up.stream().filter(s -> s.node().equals("ods.population_registry.resident_id")).findFirst().orElseThrow().via().label())
                .startsWith("gb11643; key");
        LakeTables tables = new LakeTables(spark, "lake");
        assertThat(graph.version("ods.population_registry")).contains(String.valueOf(tables.currentSnapshotId("lake.ods.population_registry").getAsLong()));
        assertThat(graph.version("population_registry.csv")).contains("sha256:" + SourceHeaders.sha256(input.resolve("population_registry.csv")));
        // Downstream: certificates are checked against base.person's keys.
        assertThat(graph.walk("base.person.resident_id", LineageGraph.Direction.DOWNSTREAM, 1)).extracting(LineageGraph.Step::node)
                .contains("base.certificate.holder_id", "base.legal_entity.legal_rep_id");
        String text = new LineageView(graph, "base.person.resident_id", up).render(LineageView.Format.TEXT);
        System.out.println(text);
        assertThat(text).contains("← population_registry.csv:公民身份号码  @sha256:");
    }
}
