package org.citylake.warehouse.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.TableContract;
import org.junit.jupiter.api.Test;

/** The real contracts: which tables {@code citylake maintain} touches and how long their history lives. */
class MaintenanceTargetTest {
    static final Path HOME = Path.of(System.getProperty("citylake.home", "..")).toAbsolutePath().normalize();
    static final List<TableContract> CONTRACTS = ContractLoader.loadAll(HOME.resolve("conf/contracts"));

    @Test
    void everyContractBringsItsBaseOdsAndQuarantineTablesWithItsRetention() {
        List<MaintenanceTarget> targets = MaintenanceTarget.of(CONTRACTS);
        for (TableContract c : CONTRACTS) {
            MaintenanceTarget base = targets.stream().filter(t -> t.table().equals(c.qualifiedName())).findFirst().orElseThrow();
            int days = c.retentionDays() > 0 ? c.retentionDays() : 7;
            assertEquals(Duration.ofDays(days), base.policy().snapshotRetention(), c.qualifiedName());
            assertTrue(targets.stream().anyMatch(t -> t.table().equals("quarantine." + c.table())));
            assertTrue(targets.stream().anyMatch(t -> t.table().equals("history." + c.table())));
            c.sources().forEach(s -> assertTrue(targets.stream().anyMatch(t -> t.table().equals("ods." + s.name())), s.name()));
        }
        assertEquals(targets.size(), targets.stream().map(MaintenanceTarget::table).distinct().count(), "no table twice");
    }

    @Test
    void aTableNoContractOwnsGetsTheDefaultRetention() {
        MaintenanceTarget t = MaintenanceTarget.named("governance.watermarks", CONTRACTS);
        assertEquals(Duration.ofDays(7), t.policy().snapshotRetention());
        assertEquals(Duration.ofDays(3), t.policy().orphanAge());
    }

    @Test
    void aPolicyNeverKeepsFewerThanOneSnapshot() {
        assertThrows(IllegalArgumentException.class, () -> new MaintenancePolicy(Duration.ofDays(7), 0, Duration.ofDays(3),
                MaintenancePolicy.EQUAL_SCHEMES, java.util.Map.of()));
    }
}
