package org.citylake.warehouse.maintenance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.citylake.catalog.contract.SourceSpec;
import org.citylake.catalog.contract.TableContract;

/**
 * One table to maintain and the policy its contract gives it. A contract owns its base table and
 * the history, ODS and quarantine tables beside it, so they all share its {@code retention_days}
 * (the history keeps its versions as rows, so expiring its snapshots loses none of them).
 *
 * @param table the two-part name, e.g. {@code base.person}
 */
public record MaintenanceTarget(String table, MaintenancePolicy policy) {
    /** Every table of every contract, base first, in contract order; a table two contracts name (a shared source) appears once. */
    public static List<MaintenanceTarget> of(List<TableContract> contracts) {
        Map<String, MaintenanceTarget> out = new LinkedHashMap<>();
        for (TableContract c : contracts) {
            MaintenancePolicy p = MaintenancePolicy.of(c);
            out.putIfAbsent(c.qualifiedName(), new MaintenanceTarget(c.qualifiedName(), p));
            for (SourceSpec s : c.sources()) {
                out.putIfAbsent("ods." + s.name(), new MaintenanceTarget("ods." + s.name(), p));
            }
            out.putIfAbsent("quarantine." + c.table(), new MaintenanceTarget("quarantine." + c.table(), p));
            out.putIfAbsent("history." + c.table(), new MaintenanceTarget("history." + c.table(), p));
        }
        return new ArrayList<>(out.values());
    }

    /**
     * The one table {@code --table} names: its contract's policy if a contract owns it, the
     * default retention otherwise (e.g. {@code governance.*}).
     */
    public static MaintenanceTarget named(String table, List<TableContract> contracts) {
        Optional<MaintenanceTarget> owned = of(contracts).stream().filter(t -> t.table().equals(table)).findFirst();
        return owned.orElseGet(() -> new MaintenanceTarget(table, MaintenancePolicy.ofRetentionDays(MaintenancePolicy.DEFAULT_RETENTION_DAYS)));
    }
}
