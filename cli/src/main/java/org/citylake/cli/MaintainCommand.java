package org.citylake.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.TableContract;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.maintenance.MaintenanceReport;
import org.citylake.warehouse.maintenance.MaintenanceTarget;
import org.citylake.warehouse.maintenance.TableMaintenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "maintain", mixinStandardHelpOptions = true,
        description = {"Keep the lake's Iceberg tables healthy:",
                "  - compact small data files and the delete files merge-on-read leaves;",
                "  - expire snapshots older than the contract's retention_days (default 7),",
                "    never one a tag or branch points at, always keeping at least one;",
                "    a batch held on its wap_<batch> branch stays publishable;",
                "  - remove files no snapshot references once older than 3 days, refusing",
                "    where a referenced and a listed file differ only in scheme or",
                "    authority (file:, s3:, s3a:): a live file is never deleted.",
                "A failed table is reported and the others go on; exit code 1 if any failed."},
        footer = {"", "Examples:", "  citylake maintain --dry-run      # what would happen; nothing changes",
                "  citylake maintain", "  citylake maintain --table base.person"})
final class MaintainCommand implements Callable<Integer> {
    @Mixin
    ProfileOption profile;

    @Option(names = "--table", description = "Only this table, e.g. base.person or ods.market_registry (default: every table of every contract).")
    String table;

    @Option(names = "--dry-run", description = "Print what would be compacted, expired and removed; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        Profile p = profile.load();
        List<TableContract> contracts = ContractLoader.loadAll(p.confDir().resolve("contracts"));
        List<MaintenanceTarget> targets = table == null ? MaintenanceTarget.of(contracts) : List.of(MaintenanceTarget.named(table, contracts));
        SparkSession spark = QualityCommand.lake(p, "citylake-maintain");
        try {
            org.citylake.catalog.audit.AuditEvent event = Audit.event(p, org.citylake.catalog.audit.Actions.MAINTAIN,
                    targets.stream().map(MaintenanceTarget::table).toList()).withDetail("dry_run", dryRun);
            int[] counts = Audit.record(p, event, () -> maintain(spark, p, targets), (e, c) -> c[1] == 0
                    ? e.withDetail("maintained", c[0]).ok(c[0] + " tables maintained")
                    : e.withDetail("maintained", c[0]).withDetail("failed", c[1]).failed(c[1] + " of " + c[0] + " tables failed"));
            System.out.println((dryRun ? "dry run: " : "") + counts[0] + " tables maintained, " + counts[1] + " failed");
            return counts[1] == 0 ? 0 : 1;
        } finally {
            spark.stop();
        }
    }

    /** Maintains each target that exists; returns {maintained, failed}. */
    private int[] maintain(SparkSession spark, Profile p, List<MaintenanceTarget> targets) {
        {
            String catalog = p.get("trino.catalog");
            int failed = 0;
            int done = 0;
            for (MaintenanceTarget t : targets) {
                String name = catalog + "." + t.table();
                if (!spark.catalog().tableExists(name)) {
                    if (table != null) {
                        throw new IllegalArgumentException("No table " + name + ": run 'citylake load' or 'citylake demo' first");
                    }
                    continue; // a source never loaded has no ODS table yet
                }
                MaintenanceReport r = TableMaintenance.of(spark, name).policy(t.policy()).dryRun(dryRun).run();
                r.lines().forEach(System.out::println);
                failed += r.failed() ? 1 : 0;
                done++;
            }
            return new int[] {done, failed};
        }
    }
}
