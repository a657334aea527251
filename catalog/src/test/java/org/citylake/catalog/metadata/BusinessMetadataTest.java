package org.citylake.catalog.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.TableContract;
import org.junit.jupiter.api.Test;

class BusinessMetadataTest {
    static TableContract person() {
        Path conf = Path.of(System.getProperty("citylake.home", "..")).resolve("conf/contracts");
        return ContractLoader.loadAll(conf).stream().filter(c -> c.qualifiedName().equals("base.person")).findFirst().orElseThrow();
    }

    @Test
    void everyColumnGetsItsGradeSensitivityAndMaskingAsOneKeyEach() {
        BusinessMetadata m = BusinessMetadata.of(person());
        assertThat(m.properties())
                .containsEntry("citylake.owner-department", "瑶海区公安分局")
                .containsEntry("citylake.grade", "important")
                .containsEntry("citylake.column.resident_id.grade", "core")
                .containsEntry("citylake.column.resident_id.sensitivity", "personal-sensitive")
                .containsEntry("citylake.column.resident_id.masking", "mask(6,4)")
                .containsEntry("citylake.column.resident_id.standard", "gb11643")
                .containsEntry("citylake.column.birth_date.masking", "generalize(year)")
                .containsEntry("citylake.personal-information", "true");
        assertThat(m.columnComments().get("resident_id")).startsWith("公民身份号码 | sensitivity personal-sensitive | grade core 核心数据");
        assertThat(m.tableComment()).contains("人口基础库").contains("瑶海区公安分局");
    }

    @Test
    void odsColumnsAreCommentedFromTheContractAndRowMetadataHasFixedComments() {
        TableContract person = person();
        org.citylake.catalog.contract.SourceSpec registry = person.sources().stream().filter(s -> s.file().equals("population_registry.csv"))
                .findFirst().orElseThrow();
        Map<String, String> c = BusinessMetadata.odsColumnComments(person, registry);
        assertThat(c.get("resident_id")).isEqualTo("公民身份号码, as received from population_registry.csv "
                + "(header 公民身份号码 / 身份证号 / 身份证号码 / 证件号码); cleansed into resident_id by gb11643");
        assertThat(c).containsKeys("_batch_id", "_source", "_source_file", "_line", "_raw")
                .containsEntry("_source_file", "file the record was read from");
        assertThat(c.keySet()).startsWith(person.columns().get(0).name());
        assertThat(c.values()).allMatch(v -> !v.isBlank());
    }

    @Test
    void aColumnDroppedFromTheContractLeavesStaleKeysButTheLayerStays() {
        BusinessMetadata m = BusinessMetadata.of(person());
        Map<String, String> existing = new java.util.HashMap<>(m.properties());
        existing.put("citylake.column.old_col.grade", "core");
        existing.put("citylake.layer", "base");
        existing.put("write.merge.mode", "merge-on-read");
        assertThat(m.staleKeys(existing)).containsExactly("citylake.column.old_col.grade");
        assertThat(m.changedProperties(existing)).isEmpty();
        existing.put("citylake.column.resident_id.grade", "general");
        assertThat(m.changedProperties(existing)).containsOnlyKeys("citylake.column.resident_id.grade");
    }
}
