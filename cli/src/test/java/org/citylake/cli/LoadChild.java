package org.citylake.cli;

import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.citylake.pipelines.job.LoadMode;
import org.citylake.pipelines.job.Progress;
import org.citylake.warehouse.LakeSession;
import org.citylake.warehouse.Profile;

/**
 * A separate JVM that runs one incremental load against the integration tier's lake, so a test can kill
 * it at a crash point ({@code CITYLAKE_EXCHANGE_CRASH_AT=load.staged}: data written on the batch's
 * branches, nothing published), or freeze it at a {@link FaultInjectingFileIO} fault given as {@code
 * -Dspark.sql.catalog.lake.*} properties and {@code kill -9} it (FaultSuiteIT), and check that a rerun ends where an
 * uninterrupted run ends.
 * Args: state dir, warehouse dir, hms port, input dir.
 */
public final class LoadChild {
    public static void main(String[] args) {
        Profile profile = Profile.load("local").with(Map.of("state.dir", args[0], "warehouse.dir", args[1], "hms.port", args[2],
                "spark.master", "local[1]"));
        SparkSession spark = LakeSession.open(profile, "citylake-load-child");
        try {
            BatchPipeline.Outcome o = BatchPipeline.run(profile, spark, Path.of(args[3]), new Progress(System.out), LoadMode.INCREMENTAL);
            System.out.println("child done: batch " + o.batchId());
        } finally {
            spark.stop();
        }
    }
}
