package org.citylake.warehouse.lineage.atlas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.SourceSpec;
import org.citylake.catalog.contract.TableContract;
import org.citylake.catalog.lineage.DatasetRef;
import org.citylake.catalog.lineage.JobRun;
import org.citylake.catalog.lineage.LoadLineage;
import org.citylake.catalog.lineage.RunLineage;
import org.junit.jupiter.api.Test;

/**
 * The Atlas bulk body of one base.person load, against a golden file. Regenerate it after an intended
 * change with {@code -Dcitylake.golden.update=true} and review the diff.
 */
class AtlasEntitiesTest {
    static final Path HOME = Path.of(System.getProperty("citylake.home", ".."));
    static final Map<String, TableContract> CONTRACTS = ContractLoader.loadAll(HOME.resolve("conf/contracts")).stream()
            .collect(Collectors.toMap(TableContract::qualifiedName, Function.identity()));
    static final Path GOLDEN = Path.of("src/test/resources/atlas/person-load-entities.json");
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static RunLineage personLoad() {
        TableContract person = CONTRACTS.get("base.person");
        SourceSpec registry = person.sources().stream().filter(s -> s.name().equals("population_registry")).findFirst().orElseThrow();
        Instant at = Instant.parse("2026-11-25T01:00:00Z");
        JobRun run = new JobRun("run-1", "load base.person", "batch-1", "auditor", at, at.plusSeconds(42), JobRun.Status.SUCCEEDED,
                100, 97, 3, 97, null);
        return LoadLineage.of(run, person, List.of(new LoadLineage.Delivery(registry, DatasetRef.file(registry.file(), "ab12"),
                        List.of("公民身份号码", "姓名", "备注"), DatasetRef.table(registry.odsTable(), OptionalLong.of(11)))),
                DatasetRef.table("base.person", OptionalLong.of(99)), List.of());
    }

    @Test
    void personLoadMatchesTheGoldenFile() throws Exception {
        String actual = JSON.writeValueAsString(AtlasEntities.of(personLoad(), CONTRACTS, new AtlasNames("yaohai"))) + "\n";
        if (Boolean.getBoolean("citylake.golden.update")) {
            Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
    }

    @Test
    void everyReferenceInTheBatchPointsToAnEntityOfTheBatchAndNamesAreUnique() {
        ObjectNode body = AtlasEntities.of(personLoad(), CONTRACTS, new AtlasNames("yaohai"));
        List<JsonNode> entities = StreamSupport.stream(body.get("entities").spliterator(), false).toList();
        Set<String> guids = entities.stream().map(e -> e.get("guid").asText()).collect(Collectors.toSet());
        Set<String> names = entities.stream().map(e -> e.get("attributes").get("qualifiedName").asText()).collect(Collectors.toSet());
        assertThat(guids).hasSize(entities.size());
        assertThat(names).hasSize(entities.size())
                .contains("base.person@yaohai", "ods.population_registry@yaohai", "population_registry.csv@yaohai",
                        "population_registry.csv:公民身份号码@yaohai", "ods.population_registry.resident_id@yaohai", "base.person.resident_id@yaohai",
                        "load base.person/collect/ods.population_registry@yaohai",
                        "population_registry.csv:公民身份号码->ods.population_registry.resident_id@yaohai");
        assertThat(names).noneMatch(n -> n.contains("备注")); // a header no contract column claims feeds nothing
        for (String ref : body.findValues("guid").stream().map(JsonNode::asText).toList()) {
            assertThat(guids).contains(ref);
        }
    }

    @Test
    void theResidentIdsClassificationsEnterAtTheDepartmentsHeaderAndPropagate() {
        ObjectNode body = AtlasEntities.of(personLoad(), CONTRACTS, new AtlasNames("yaohai"));
        Map<String, List<JsonNode>> cls = AtlasEntities.classifications(body);
        assertThat(cls.get("population_registry.csv:公民身份号码@yaohai")).extracting(c -> c.get("typeName").asText() + " " + c.get("propagate"))
                .containsExactly("citylake_grade_core true", "citylake_personal_info true");
        assertThat(cls).doesNotContainKeys("base.person.resident_id@yaohai", "ods.population_registry.resident_id@yaohai");
        assertThat(cls.get("base.person@yaohai")).extracting(c -> c.get("typeName").asText() + " " + c.get("propagate"))
                .containsExactly("citylake_grade_important false");
    }

    @Test
    void aReferencedTableGetsNoClassificationFromTheRunThatCheckedAgainstIt() {
        TableContract cert = CONTRACTS.get("base.certificate");
        Instant at = Instant.parse("2026-11-25T02:00:00Z");
        JobRun run = new JobRun("run-2", "load base.certificate", "batch-1", "auditor", at, at.plusSeconds(9), JobRun.Status.SUCCEEDED,
                10, 10, 0, 10, null);
        RunLineage l = LoadLineage.of(run, cert, List.of(), DatasetRef.table("base.certificate", OptionalLong.of(5)),
                List.of(DatasetRef.table("base.person", OptionalLong.of(99))));
        Map<String, List<JsonNode>> cls = AtlasEntities.classifications(AtlasEntities.of(l, CONTRACTS, new AtlasNames("yaohai")));
        assertThat(cls).doesNotContainKeys("base.person@yaohai", "base.person.resident_id@yaohai").containsKey("base.certificate@yaohai");
        // holder_id is fed by no header in this run: it carries the certificate contract's classification itself
        assertThat(cls.get("base.certificate.holder_id@yaohai")).extracting(c -> c.get("typeName").asText()).contains("citylake_personal_info");
    }

    @Test
    void typeDefinitionsOnlyAddWhatTheServerLacks() {
        ObjectNode all = AtlasTypes.all();
        assertThat(all.get("entityDefs").findValuesAsText("name")).contains("DataSet", "Process", "citylake_table", "citylake_column",
                "citylake_process", "citylake_column_lineage");
        ObjectNode missing = AtlasTypes.missingFrom(Set.of("Referenceable", "Asset", "DataSet", "Process", "dataset_process_inputs",
                "process_dataset_outputs"));
        assertThat(StreamSupport.stream(missing.get("entityDefs").spliterator(), false).map(d -> d.get("name").asText()))
                .doesNotContain("DataSet", "Process").contains("citylake_table");
        assertThat(StreamSupport.stream(missing.get("relationshipDefs").spliterator(), false).map(d -> d.get("name").asText())).containsExactly("citylake_dataset_columns", "citylake_process_column_lineage");
        assertThat(missing.get("classificationDefs")).hasSize(4);
        Set<String> everything = new java.util.HashSet<>();
        for (String section : AtlasTypes.SECTIONS) {
            all.get(section).forEach(d -> everything.add(d.get("name").asText()));
        }
        assertThat(AtlasTypes.isEmpty(AtlasTypes.missingFrom(everything))).isTrue();
    }
}
