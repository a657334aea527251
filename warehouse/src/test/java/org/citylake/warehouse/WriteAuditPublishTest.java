package org.citylake.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing two batches staged from the same main: the second must not fast-forward over the first. Real Iceberg, Hadoop catalog. */
class WriteAuditPublishTest {
    @TempDir
    static Path warehouse;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = TestLakes.hadoopSession("wap-test", warehouse, "UTC");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void aBatchStagedBeforeAnotherWasPublishedFailsNamingTheMovedMainAndLeavesMainAsTheOtherLeftIt() {
        String t = "lake.db.person";
        spark.sql("CREATE TABLE " + t + " (id int, name string) USING iceberg TBLPROPERTIES ('format-version'='2')");
        spark.sql("INSERT INTO " + t + " VALUES (1, 'a')");
        WriteAuditPublish wap = new WriteAuditPublish(spark, "lake");
        wap.stage(t, "wap_one");
        wap.stage(t, "wap_two");
        spark.sql("INSERT INTO " + WriteAuditPublish.onBranch(t, "wap_one") + " VALUES (2, 'b')");
        spark.sql("INSERT INTO " + WriteAuditPublish.onBranch(t, "wap_two") + " VALUES (3, 'c')");

        wap.publish(t, "wap_one");
        long afterOne = wap.snapshotOf(t, "main");
        assertThatThrownBy(() -> wap.publish(t, "wap_two")).isInstanceOf(MainMovedException.class)
                .hasMessageContaining("Cannot publish wap_two to " + t + ": main moved to snapshot " + afterOne)
                .hasMessageContaining("Nothing of this batch is on main");
        assertThat(wap.snapshotOf(t, "main")).isEqualTo(afterOne);
        assertThat(spark.sql("SELECT id FROM " + t + " ORDER BY id").collectAsList()).extracting(r -> r.getInt(0)).containsExactly(1, 2);
        assertThat(wap.branchExists(t, "wap_two")).as("the batch stays staged until it is staged again").isTrue();

        // Staged again on the new main, it publishes on top: nothing of either batch is lost.
        wap.stage(t, "wap_two");
        spark.sql("INSERT INTO " + WriteAuditPublish.onBranch(t, "wap_two") + " VALUES (3, 'c')");
        wap.publish(t, "wap_two");
        assertThat(spark.sql("SELECT id FROM " + t + " ORDER BY id").collectAsList()).extracting(Row::toString)
                .containsExactly("[1]", "[2]", "[3]");
    }
}
