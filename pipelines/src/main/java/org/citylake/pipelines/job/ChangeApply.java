package org.citylake.pipelines.job;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import org.citylake.catalog.contract.ColumnContract;
import org.citylake.catalog.contract.TableContract;
import org.citylake.warehouse.SqlText;

/**
 * Applies a batch's accepted change records to a base table on its write-audit-publish branch
 * with one Iceberg MERGE INTO (the table is merge-on-read, so only delete files and the new rows
 * are written).
 *
 * <p>Order: per key only the change with the highest source sequence counts (ties — an exact
 * repeat — go to the last file and line); it is applied only if its sequence is above the highest
 * one the lake already holds for the key, taken from the history table, which keeps every applied
 * version including deletes. So a late change, a replayed file or a change older than a delete is
 * ignored and counted, and applying the same change set twice changes nothing and commits nothing.
 */
final class ChangeApply {
    /** The view of the changes that were applied: key, {@code _op}, {@code _sequence}, {@code _changed_at}. */
    static final String EFFECTIVE_VIEW = "citylake_effective_changes";

    private final SparkSession spark;

    ChangeApply(SparkSession spark) {
        this.spark = spark;
    }

    /**
     * @param changes accepted change rows (contract columns, {@code _op}, {@code _sequence}, {@code _changed_at}, row metadata)
     * @param stagedBase the base table on the batch's branch
     * @param stagedHistory the history table on the batch's branch (its state before this batch)
     */
    ChangeSetResult apply(TableContract contract, Dataset<Row> changes, String stagedBase, String stagedHistory) {
        Column[] key = contract.key().stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        Dataset<Row> ranked = changes.withColumn("_rank", row_number().over(Window.partitionBy(key)
                .orderBy(col("_sequence").desc(), col("_source_file").desc(), col("_line").desc())));
        long received = changes.count();
        Dataset<Row> latest = ranked.where(col("_rank").equalTo(1)).drop("_rank");
        Dataset<Row> known = spark.table(stagedHistory).where(col("_sequence").isNotNull())
                .groupBy(key).agg(max("_sequence").as("_known_sequence"));
        Dataset<Row> effective = latest.join(known, scala.collection.JavaConverters.asScalaBuffer(contract.key()).toSeq(), "left_outer")
                .where(col("_known_sequence").isNull().or(col("_sequence").gt(col("_known_sequence"))))
                .drop("_known_sequence")
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long latestCount = latest.count();
            long inserted = 0;
            long updated = 0;
            long deleted = 0;
            for (Row r : effective.groupBy("_op").count().collectAsList()) {
                switch (r.getString(0)) {
                    case "I" -> inserted = r.getLong(1);
                    case "U" -> updated = r.getLong(1);
                    case "D" -> deleted = r.getLong(1);
                    default -> throw new IllegalStateException("unexpected op " + r.getString(0));
                }
            }
            long applied = inserted + updated + deleted;
            Dataset<Row> forMerge = effective.withColumn("_contributors", array(concat_ws(":", col("_source"), col("_line").cast("string"))));
            forMerge.createOrReplaceTempView("citylake_changes_" + contract.table());
            effective.select(keyAnd("_op", "_sequence", "_changed_at", contract)).createOrReplaceTempView(EFFECTIVE_VIEW);
            if (applied > 0) {
                // Nothing to apply, nothing to commit: a replayed change set leaves no new snapshot.
                spark.sql(mergeStatement(contract, stagedBase, "citylake_changes_" + contract.table()));
            }
            return new ChangeSetResult(inserted, updated, deleted, received - latestCount, latestCount - applied);
        } finally {
            effective.unpersist();
        }
    }

    private static Column[] keyAnd(String a, String b, String c, TableContract contract) {
        List<Column> out = new ArrayList<>();
        contract.key().forEach(k -> out.add(col(k)));
        out.add(col(a));
        out.add(col(b));
        out.add(col(c));
        return out.toArray(Column[]::new);
    }

    /**
     * I and U upsert the after-image; D removes the record (a D of a key the table lacks does nothing).
     * Never a NOT MATCHED BY SOURCE clause: a change set says nothing about the records it omits.
     */
    static String mergeStatement(TableContract contract, String target, String source) {
        String on = contract.key().stream().map(k -> "t." + SqlText.identifier(k) + " = s." + SqlText.identifier(k))
                .collect(Collectors.joining(" AND "));
        List<String> cols = new ArrayList<>();
        for (ColumnContract c : contract.columns()) {
            cols.add(SqlText.identifier(c.name()));
        }
        cols.add("_source");
        cols.add("_batch_id");
        cols.add("_contributors");
        String set = cols.stream().map(c -> "t." + c + " = s." + c).collect(Collectors.joining(", "));
        String values = cols.stream().map(c -> "s." + c).collect(Collectors.joining(", "));
        return "MERGE INTO " + target + " t USING " + source + " s ON " + on
                + " WHEN MATCHED AND s._op = 'D' THEN DELETE"
                + " WHEN MATCHED THEN UPDATE SET " + set
                + " WHEN NOT MATCHED AND s._op <> 'D' THEN INSERT (" + String.join(", ", cols) + ") VALUES (" + values + ")";
    }
}
