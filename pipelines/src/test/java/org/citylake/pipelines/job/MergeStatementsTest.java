package org.citylake.pipelines.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.TableContract;
import org.junit.jupiter.api.Test;

/** The statements that decide what a batch may delete: only a full extract in full mode removes absent records. */
class MergeStatementsTest {
    static final Path HOME = Path.of(System.getProperty("citylake.home", "..")).toAbsolutePath().normalize();
    static final TableContract PERSON = ContractLoader.load(HOME.resolve("conf/contracts/base/person.yaml"));

    @Test
    void onlyAFullExtractInFullModeDeletesAbsentRecords() {
        assertThat(BaseLibraryLoad.mergeStatement(PERSON, "lake.base.person.branch_wap_b1", "v", true))
                .endsWith("WHEN NOT MATCHED BY SOURCE THEN DELETE");
        assertThat(BaseLibraryLoad.mergeStatement(PERSON, "lake.base.person.branch_wap_b1", "v", false))
                .doesNotContain("NOT MATCHED BY SOURCE");
    }

    @Test
    void aChangeSetDeletesOnlyWhatItsDeletesNameAndNeverInsertsADelete() {
        String sql = ChangeApply.mergeStatement(PERSON, "lake.base.person.branch_wap_b1", "c");
        assertThat(sql).doesNotContain("NOT MATCHED BY SOURCE")
                .contains("WHEN MATCHED AND s._op = 'D' THEN DELETE")
                .contains("WHEN NOT MATCHED AND s._op <> 'D' THEN INSERT")
                .contains("t._contributors = s._contributors");
    }

    @Test
    void historyClosesOnlyCurrentVersionsAndInsertsOnlyRowsWithoutAMatchKey() {
        String merge = HistoryRecorder.mergeStatement(PERSON, "lake.history.person.branch_wap_b1", "d");
        assertThat(merge).contains("AND t.is_current WHEN MATCHED THEN UPDATE SET t.valid_to = s.valid_to, t.is_current = false")
                .contains("WHEN NOT MATCHED AND s.`_mk_resident_id` IS NULL THEN INSERT");
        String diff = HistoryRecorder.diffQuery(PERSON, "b", "h", "b1", Instant.parse("2026-11-25T04:00:00Z"), Optional.of("e"), true);
        // A change set compares only the keys it touched; the version time is the change's, else the batch's.
        assertThat(diff).contains("LEFT SEMI JOIN e sc").contains("coalesce(e._changed_at, timestamp_micros(1795579200000000))")
                .contains("'D' AS op");
        String full = HistoryRecorder.diffQuery(PERSON, "b", "h", "b1", Instant.parse("2026-11-25T04:00:00Z"), Optional.empty(), false);
        assertThat(full).doesNotContain("SEMI JOIN").doesNotContain("e._changed_at");
    }
}
