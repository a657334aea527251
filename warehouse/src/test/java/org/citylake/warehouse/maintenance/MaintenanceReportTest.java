package org.citylake.warehouse.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a steward reads: a dry run says "would", a failure says why, every orphan is named. */
class MaintenanceReportTest {
    @Test
    void aRealRunSaysWhatItDid() {
        MaintenanceReport r = new MaintenanceReport("lake.base.person", false, 3, 1, 2, 4096, 5,
                List.of("file:/w/base/person/data/x.parquet"), 100, List.of(), Optional.empty());
        assertEquals(List.of("lake.base.person",
                "  compaction: rewrote 3 data files into 1, rewrote 2 delete files (4096 B read)",
                "  snapshots: expired 5",
                "  orphan files: removed 1 (100 B)",
                "    file:/w/base/person/data/x.parquet"), r.lines());
    }

    @Test
    void aDryRunSaysWhatItWouldDoAndAFailureWhy() {
        MaintenanceReport r = new MaintenanceReport("lake.base.person", true, 3, 0, 1, 2 * 1024 * 1024, 4, List.of(), 0,
                List.of("compaction skipped: branch wap_b1 is held"), Optional.of("ValidationException: authority mismatch"));
        List<String> lines = r.lines();
        assertEquals("lake.base.person (dry run: nothing changed)", lines.get(0));
        assertEquals("  compaction: would consider 3 small data files and 1 delete files (2.0 MiB)", lines.get(1));
        assertEquals("  snapshots: would expire 4", lines.get(2));
        assertEquals("  orphan files: would remove 0 (0 B)", lines.get(3));
        assertEquals("  note: compaction skipped: branch wap_b1 is held", lines.get(4));
        assertEquals("  FAILED: ValidationException: authority mismatch", lines.get(5));
        assertTrue(r.failed());
    }
}
