package org.citylake.warehouse.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox on real Iceberg (Hadoop catalog in a temp dir), in a session whose time zone is not UTC. */
class LineageOutboxTest {
    @TempDir
    static Path warehouse;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = org.citylake.warehouse.TestLakes.hadoopSession("outbox-test", warehouse, "Asia/Shanghai");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void runsAreQueuedOnceFailuresCountAndDeliveryEndsTheWait() {
        LineageOutbox outbox = new LineageOutbox(spark, "lake");
        Instant t0 = Instant.parse("2026-11-25T01:00:00Z");
        outbox.enqueue("r1", t0);
        outbox.enqueue("r2", t0.plusSeconds(1));
        outbox.enqueue("r1", t0.plusSeconds(2)); // a rerun of enqueue adds nothing
        assertThat(outbox.pending()).extracting(LineageOutbox.Entry::runId).containsExactly("r1", "r2");

        outbox.failed(List.of("r1", "r2"), t0.plusSeconds(3), "Cannot reach Atlas at http://127.0.0.1:1 (it's down)");
        outbox.delivered("r1", t0.plusSeconds(4));

        List<LineageOutbox.Entry> all = outbox.all();
        assertThat(all).hasSize(2);
        LineageOutbox.Entry r1 = all.get(0);
        assertThat(r1.delivered()).isTrue();
        assertThat(r1.deliveredAt()).isEqualTo(t0.plusSeconds(4));
        assertThat(r1.attempts()).isEqualTo(2);
        assertThat(r1.lastError()).isNull();
        assertThat(r1.enqueuedAt()).isEqualTo(t0);
        LineageOutbox.Entry r2 = all.get(1);
        assertThat(r2.delivered()).isFalse();
        assertThat(r2.attempts()).isEqualTo(1);
        assertThat(r2.lastError()).isEqualTo("Cannot reach Atlas at http://127.0.0.1:1 (it's down)");
        assertThat(outbox.pending()).extracting(LineageOutbox.Entry::runId).containsExactly("r2");
    }
}
