package org.citylake.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import org.citylake.pipelines.job.Progress;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.services.LocalServices;
import org.citylake.warehouse.services.ServiceKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Load one batch of department files into the lake: collect into ods.*, cleanse per",
                "the contracts (rejects to quarantine.* with reason codes), one record per key into base.*,",
                "then Deequ checks into governance.quality_results. Rerunning the same files changes nothing.",
                "",
                "--incremental takes only files not yet taken (governance.watermarks:",
                "name + SHA-256), upserts full extracts among them (no deletes) and",
                "applies change files (a source with mode: changes) by sequence;",
                "a rerun takes nothing and commits nothing.",
                "",
                "JDBC sources (a contract source with jdbc:) are read when their url_env",
                "variable is set: rows above the last published watermark (all rows in a",
                "full load), in parallel ranges of the partition column; see docs/incremental.md."},
        footer = {"", "Examples:", "  citylake load --input /data/incoming/2026-11-25",
                "  citylake load --input /data/incoming --incremental",
                "  CITYLAKE_MARKET_DB_URL=jdbc:postgresql://db:5432/registry \\",
                "    citylake load --input /data/incoming --incremental",
                "  citylake generate --out /tmp/src && citylake load --input /tmp/src"})
final class LoadCommand implements Callable<Integer> {
    @Mixin
    ProfileOption profile;

    @Option(names = "--input", required = true, description = "Directory with the source files the contracts name "
            + "(population_registry.csv, grid_residents.csv, market_registry.jsonl, certificates.csv, places.csv).")
    Path input;

    @Option(names = "--incremental", description = "Take only files not yet taken; never delete records a file does not mention.")
    boolean incremental;

    @Override
    public Integer call() {
        Profile p = profile.load();
        Progress progress = new Progress(System.out);
        if (p.name().equals("local")) {
            progress.stage("services", "Hive Metastore");
            new LocalServices(p, System.out).up(EnumSet.of(ServiceKind.HMS));
        }
        progress.stage("spark", "starting " + p.get("spark.master"));
        try (QualityCommand.Lake lake = QualityCommand.Lake.open(p, "citylake-load")) {
            BatchPipeline.Outcome o = BatchPipeline.run(p, lake.spark(), input.toAbsolutePath(), progress,
                    incremental ? org.citylake.pipelines.job.LoadMode.INCREMENTAL : org.citylake.pipelines.job.LoadMode.FULL);
            BatchPipeline.printSummary(o, System.out);
            return o.balanced() && o.qualityPassed() && o.allPublished() ? 0 : 2;
        }
    }
}
