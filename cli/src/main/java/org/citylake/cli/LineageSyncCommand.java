package org.citylake.cli;

import java.util.EnumSet;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.citylake.warehouse.LakeSession;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.lineage.LineageOutbox;
import org.citylake.warehouse.lineage.atlas.LineageSync;
import org.citylake.warehouse.services.LocalServices;
import org.citylake.warehouse.services.ServiceKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Publish to Apache Atlas (atlas.url) the lineage of every run still queued",
                "in governance.lineage_outbox: runs of loads made while Atlas was down or",
                "not configured. Entities are matched by qualifiedName, so a run is never",
                "published twice. Exit 1 if some runs are still queued afterwards."},
        footer = {"", "Examples:",
                "  citylake services up --only atlas",
                "  export CITYLAKE_ATLAS_URL=http://127.0.0.1:21000",
                "  citylake lineage sync"})
final class LineageSyncCommand implements Callable<Integer> {
    @Mixin
    ProfileOption profile;

    @Override
    public Integer call() throws Exception {
        Profile p = profile.load();
        if (!AtlasLineage.configured(p)) {
            System.err.println("citylake: no Atlas configured — set atlas.url (CITYLAKE_ATLAS_URL=http://127.0.0.1:21000)");
            return 1;
        }
        if (p.name().equals("local")) {
            new LocalServices(p, System.err).up(EnumSet.of(ServiceKind.HMS));
        }
        SparkSession spark = LakeSession.open(p, "citylake-lineage-sync");
        try {
            int queued = new LineageOutbox(spark, p.get("trino.catalog")).pending().size();
            LineageSync.Report r = Audit.record(p, Audit.event(p, org.citylake.catalog.audit.Actions.LINEAGE_SYNC, "governance.lineage_outbox")
                            .withDetail("atlas", p.get("atlas.url")).withDetail("queued", queued), () -> AtlasLineage.sync(p, spark).run(),
                    (e, rep) -> {
                        org.citylake.catalog.audit.AuditEvent done = e.withDetail("published", rep.delivered()).withDetail("still_queued", rep.pending());
                        return rep.complete() ? done.ok(rep.delivered() + " run(s) published") : done.failed(rep.pending() + " run(s) still queued"
                                + (rep.lastError() == null ? "" : ": " + rep.lastError()));
                    });
            System.out.printf("%d run(s) queued, %d published to %s, %d still queued%n", queued, r.delivered(), p.get("atlas.url"), r.pending());
            if (r.lastError() != null) {
                System.out.println("last error: " + r.lastError());
            }
            return r.complete() ? 0 : 1;
        } finally {
            spark.stop();
        }
    }
}
