package org.citylake.quality.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.citylake.catalog.contract.ColumnContract;
import org.citylake.catalog.contract.SourceSpec;
import org.citylake.catalog.contract.TableContract;

/**
 * Reads what the report shows of a table's quarantine for one batch: every reason code with its row count,
 * largest first, and for the top reasons a few sample rows masked per the contract.
 *
 * <p>A quarantine row keeps its record's original text ({@code raw}), which is a CSV line without its header
 * or a JSON object — not something a report can mask column by column. The record as parsed into contract
 * columns by its source's reader is in the source's ODS table under the same batch, file and line, so samples
 * are read from there and masked with {@link QuarantineSample#masked}; the raw text is never read. A record
 * that could not be parsed (its ODS row has a parse error) is shown by file, line and reason only.
 */
public final class QuarantineReasons {
    /** Reasons that get sample rows; the rest are counted only. */
    public static final int TOP_REASONS = 5;
    public static final int SAMPLES_PER_REASON = 3;

    private final SparkSession spark;
    private final String catalog;

    public QuarantineReasons(SparkSession spark, String catalog) {
        this.spark = Objects.requireNonNull(spark, "spark");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /** The reasons of {@code batchId} in {@code contract}'s quarantine table; empty if it has none. */
    public List<QuarantineReason> read(TableContract contract, String batchId) {
        String table = catalog + ".quarantine." + contract.table();
        if (!spark.catalog().tableExists(table)) {
            return List.of();
        }
        Dataset<Row> batch = spark.table(table).where(col("_batch_id").equalTo(lit(batchId)));
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Row r : batch.groupBy("reason_code").agg(count(lit(1)).as("n")).orderBy(col("n").desc(), col("reason_code")).collectAsList()) {
            counts.put(r.getString(0), r.getLong(1));
        }
        Map<String, List<QuarantineSample>> samples = samples(contract, batch, counts.keySet().stream().limit(TOP_REASONS).toList());
        List<QuarantineReason> out = new ArrayList<>();
        counts.forEach((code, n) -> out.add(new QuarantineReason(code, n, samples.getOrDefault(code, List.of()))));
        return out;
    }

    private Map<String, List<QuarantineSample>> samples(TableContract contract, Dataset<Row> batch, List<String> reasons) {
        Map<String, List<QuarantineSample>> out = new HashMap<>();
        if (reasons.isEmpty()) {
            return out;
        }
        Dataset<Row> picked = batch.where(col("reason_code").isin(reasons.toArray()))
                .withColumn("_n", row_number().over(Window.partitionBy("reason_code").orderBy(col("_source_file"), col("_line"))))
                .where(col("_n").leq(SAMPLES_PER_REASON))
                .select(col("reason_code"), col("column_name"), col("rule"), col("_batch_id"), col("_source"), col("_source_file"), col("_line"));
        Dataset<Row> ods = received(contract);
        List<Column> cols = new ArrayList<>(List.of(col("q.reason_code"), col("q.column_name"), col("q.rule"), col("q._source_file"), col("q._line")));
        Dataset<Row> joined;
        if (ods == null) {
            cols.add(lit(null).cast("string").as("_parse_error"));
            cols.add(lit(false).as("_found"));
            joined = picked.as("q");
        } else {
            cols.add(col("o._parse_error"));
            cols.add(col("o._batch_id").isNotNull().as("_found"));
            for (ColumnContract c : contract.columns()) {
                cols.add(col("o." + c.name()));
            }
            joined = picked.as("q").join(ods.as("o"), col("q._batch_id").equalTo(col("o._batch_id"))
                    .and(col("q._source").equalTo(col("o._source"))).and(col("q._source_file").equalTo(col("o._source_file")))
                    .and(col("q._line").equalTo(col("o._line"))), "left_outer");
        }
        List<Row> rows = joined.select(cols.toArray(Column[]::new)).orderBy(col("q.reason_code"), col("q._source_file"), col("q._line")).collectAsList();
        for (Row r : rows) {
            Map<String, Object> received = new HashMap<>();
            for (int i = 7; i < r.size(); i++) {
                received.put(contract.columns().get(i - 7).name(), r.get(i));
            }
            // Not found in ODS (expired by retention) or unparseable: no column values to show, never the raw text.
            boolean readable = r.getBoolean(6) && r.isNullAt(5);
            out.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(QuarantineSample.masked(contract, r.getString(3), r.getLong(4),
                    r.getString(1), r.getString(2), readable, received));
        }
        return out;
    }

    /** The contract columns as received, over every source's ODS table that exists; null if none does. */
    private Dataset<Row> received(TableContract contract) {
        Dataset<Row> all = null;
        for (SourceSpec s : contract.sources()) {
            String ods = catalog + "." + s.odsTable();
            if (!spark.catalog().tableExists(ods)) {
                continue;
            }
            List<Column> cols = new ArrayList<>(List.of(col("_batch_id"), col("_source"), col("_source_file"), col("_line"), col("_parse_error")));
            for (ColumnContract c : contract.columns()) {
                cols.add(col(c.name()));
            }
            Dataset<Row> part = spark.table(ods).select(cols.toArray(Column[]::new));
            all = all == null ? part : all.unionByName(part);
        }
        return all;
    }
}
