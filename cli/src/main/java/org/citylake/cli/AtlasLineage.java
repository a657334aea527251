package org.citylake.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.TableContract;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.lineage.LineageOutbox;
import org.citylake.warehouse.lineage.LineageTables;
import org.citylake.warehouse.lineage.atlas.AtlasHttpClient;
import org.citylake.warehouse.lineage.atlas.AtlasNames;
import org.citylake.warehouse.lineage.atlas.AtlasPublisher;
import org.citylake.warehouse.lineage.atlas.LineageSync;

/** Wires lineage publishing from the profile: {@code atlas.url} (empty = no Atlas), user, password, cluster. */
final class AtlasLineage {
    private AtlasLineage() {
    }

    static boolean configured(Profile p) {
        return !p.get("atlas.url", "").isBlank();
    }

    static AtlasHttpClient client(Profile p) {
        return new AtlasHttpClient(p.get("atlas.url").trim(), p.get("atlas.user", "admin"), p.get("atlas.password", ""), Duration.ofSeconds(60));
    }

    static AtlasNames names(Profile p) {
        return new AtlasNames(p.get("atlas.cluster", "yaohai"));
    }

    static Map<String, TableContract> contracts(Profile p) {
        return ContractLoader.loadAll(p.confDir().resolve("contracts")).stream()
                .collect(Collectors.toMap(TableContract::qualifiedName, Function.identity()));
    }

    static LineageSync sync(Profile p, SparkSession spark) {
        String catalog = p.get("trino.catalog");
        return new LineageSync(new LineageTables(spark, catalog), new LineageOutbox(spark, catalog),
                new AtlasPublisher(client(p), names(p), contracts(p)), Clock.systemUTC());
    }

    /**
     * After a batch: publish the outbox when an Atlas is configured. Whatever happens stays a note in the
     * output: the batch's data and its lineage in the lake are already committed, and the outbox keeps the
     * runs for {@code citylake lineage sync}.
     */
    static void publishAfterRun(Profile p, SparkSession spark, PrintStream out) {
        if (!configured(p)) {
            return;
        }
        try {
            LineageSync.Report r = sync(p, spark).run();
            out.printf("atlas       lineage of %d run(s) published to %s%s%n", r.delivered(), p.get("atlas.url"),
                    r.complete() ? "" : "; " + r.pending() + " still queued (citylake lineage sync retries): " + r.lastError());
        } catch (Exception e) { // includes Spark's AnalysisException, checked but thrown unchecked from Scala
            out.println("atlas       not published (" + e.getMessage() + "); queued in governance.lineage_outbox for citylake lineage sync");
        }
    }
}
