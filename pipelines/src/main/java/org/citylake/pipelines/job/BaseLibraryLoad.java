package org.citylake.pipelines.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.citylake.catalog.contract.ColumnContract;
import org.citylake.catalog.contract.SourceSpec;
import org.citylake.catalog.contract.TableContract;
import org.citylake.catalog.dictionary.Dictionaries;
import org.citylake.pipelines.cleanse.CleansingPlan;
import org.citylake.pipelines.cleanse.QuarantineReason;
import org.citylake.pipelines.cleanse.RecordCleanser;
import org.citylake.pipelines.collect.SourceFileReader;
import org.citylake.pipelines.collect.SourceRecord;
import org.citylake.warehouse.LakeTables;
import org.citylake.warehouse.SqlText;

/**
 * Loads one base library for one batch: collect every source file into {@code ods.<source>},
 * cleanse per the contract (rejects to {@code quarantine.<table>}), keep one record per key by
 * source priority, and MERGE into {@code base.<table>}.
 *
 * <p>A batch is a full extract: after the MERGE the base table holds exactly the batch's surviving
 * records. Failure semantics: each table write is one Iceberg commit. ODS and quarantine partitions of
 * the batch are overwritten, so a rerun of the same batch replaces rather than duplicates; the
 * MERGE updates only records whose values changed, so a rerun changes no base record.
 */
public final class BaseLibraryLoad {
    private final SparkSession spark;
    private final LakeTables tables;
    private final Dictionaries dictionaries;
    private final Progress progress;
    private final LocalDate asOf;

    public BaseLibraryLoad(SparkSession spark, LakeTables tables, Dictionaries dictionaries, Progress progress, LocalDate asOf) {
        this.spark = spark;
        this.tables = tables;
        this.dictionaries = dictionaries;
        this.progress = progress;
        this.asOf = asOf;
    }

    public TableLoadResult run(TableContract contract, Path inputDir, String batchId) {
        Map<String, Long> inBySource = new LinkedHashMap<>();
        List<String> odsTables = new ArrayList<>();
        for (SourceSpec source : contract.sources()) {
            Path file = inputDir.resolve(source.file());
            if (!Files.isRegularFile(file)) {
                progress.stage("collect", source.file() + " not delivered in this batch — skipped");
                continue;
            }
            long n = collect(contract, source, file, batchId);
            inBySource.put(source.name(), n);
            odsTables.add(tables.name(source.odsTable()));
        }
        long rowsIn = inBySource.values().stream().mapToLong(Long::longValue).sum();
        if (odsTables.isEmpty()) {
            throw new IllegalStateException("No source file of " + contract.qualifiedName() + " in " + inputDir
                    + " (expected " + contract.sources().stream().map(SourceSpec::file).collect(Collectors.joining(" or ")) + ")");
        }

        progress.stage("cleanse", contract.qualifiedName());
        Dataset<Row> cleansed = cleanse(contract, odsTables, batchId).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> rejected = cleansed.where(col("reason_code").isNotNull());
            Dataset<Row> accepted = cleansed.where(col("reason_code").isNull());
            String quarantine = tables.ensureQuarantineTable(contract);
            overwriteBatch(rejected.select(col("_batch_id"), col("_source"), col("_source_file"), col("_line"), col("reason_code"),
                            col("column_name"), col("rule"), col("message"), col("_raw").as("raw"),
                            lit(java.sql.Timestamp.from(java.time.Instant.now())).as("quarantined_at")), quarantine);
            Map<String, Long> byReason = new LinkedHashMap<>();
            for (Row r : rejected.groupBy("reason_code").count().orderBy(col("count").desc()).collectAsList()) {
                byReason.put(r.getString(0), r.getLong(1));
            }
            long quarantined = byReason.values().stream().mapToLong(Long::longValue).sum();
            long acceptedCount = accepted.count();
            long fixed = acceptedCount == 0 ? 0 : accepted.agg(org.apache.spark.sql.functions.sum("_fixed")).first().getLong(0);
            progress.rows("quarantine", quarantine + " (" + byReason + ")", quarantined);

            progress.stage("master", contract.qualifiedName() + " · one record per " + String.join("+", contract.key()));
            Dataset<Row> winners = survivors(contract, accepted);
            String base = tables.ensureBaseTable(contract);
            winners.createOrReplaceTempView("citylake_batch_" + contract.table());
            spark.sql(mergeStatement(contract, base, "citylake_batch_" + contract.table()));
            long baseRows = spark.table(base).count();
            long winnersCount = winners.count();
            progress.rows("base", base, baseRows);
            return new TableLoadResult(contract.qualifiedName(), batchId, rowsIn, acceptedCount, quarantined,
                    acceptedCount - winnersCount, fixed, baseRows, inBySource, byReason);
        } finally {
            cleansed.unpersist();
        }
    }

    /** Reads one file into the ODS table as received; returns the number of records. */
    long collect(TableContract contract, SourceSpec source, Path file, String batchId) {
        String ods = tables.ensureOdsTable(contract, source.name());
        List<ColumnContract> cols = contract.columns();
        List<Row> rows = new ArrayList<>();
        java.time.Instant now = java.time.Instant.now();
        String fileName = file.getFileName().toString();
        long n = new SourceFileReader(contract, source).read(file, (SourceRecord r) -> {
            Object[] v = new Object[cols.size() + 8];
            for (int i = 0; i < cols.size(); i++) {
                v[i] = r.fields().get(cols.get(i).name());
            }
            int k = cols.size();
            v[k] = r.extra();
            v[k + 1] = batchId;
            v[k + 2] = source.name();
            v[k + 3] = fileName;
            v[k + 4] = r.line();
            v[k + 5] = now;
            v[k + 6] = r.raw();
            v[k + 7] = r.parseError();
            rows.add(RowFactory.create(v));
        });
        overwriteBatch(spark.createDataFrame(rows, odsSchema(contract)), ods);
        progress.rows("collect", fileName + " → " + ods, n);
        return n;
    }

    /** Replaces the batch's partition of {@code table} in one commit (dynamic partition overwrite). */
    private static void overwriteBatch(Dataset<Row> data, String table) {
        try {
            data.writeTo(table).overwritePartitions();
        } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalStateException("Table " + table + " vanished while writing to it", e);
        }
    }

    private Dataset<Row> cleanse(TableContract contract, List<String> odsTables, String batchId) {
        Map<String, Integer> priority = contract.sources().stream().collect(Collectors.toMap(SourceSpec::name, SourceSpec::priority));
        Dataset<Row> union = null;
        for (String ods : odsTables) {
            Dataset<Row> part = spark.table(ods).where(col("_batch_id").equalTo(batchId));
            union = union == null ? part : union.unionByName(part);
        }
        CleansingPlan plan = CleansingPlan.of(contract, dictionaries, asOf);
        StructType out = cleansedSchema(contract);
        List<String> names = contract.columns().stream().map(ColumnContract::name).toList();
        MapPartitionsFunction<Row, Row> fn = new CleanseRows(plan, names, priority);
        return union.mapPartitions(fn, Encoders.row(out));
    }

    /** Serializable task body: one output row per ODS row, typed values or the reasons. */
    private static final class CleanseRows implements MapPartitionsFunction<Row, Row> {
        private final CleansingPlan plan;
        private final List<String> names;
        private final Map<String, Integer> priority;

        CleanseRows(CleansingPlan plan, List<String> names, Map<String, Integer> priority) {
            this.plan = plan;
            this.names = List.copyOf(names);
            this.priority = new LinkedHashMap<>(priority);
        }

        @Override
        public Iterator<Row> call(Iterator<Row> input) {
            RecordCleanser cleanser = new RecordCleanser(plan);
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return input.hasNext();
                }

                @Override
                public Row next() {
                    Row r = input.next();
                    int n = names.size();
                    Object[] v = new Object[n + 10];
                    String source = r.getAs("_source");
                    v[n] = r.getAs("_batch_id");
                    v[n + 1] = source;
                    v[n + 2] = r.getAs("_source_file");
                    v[n + 3] = r.getAs("_line");
                    v[n + 4] = priority.getOrDefault(source, Integer.MAX_VALUE);
                    v[n + 5] = r.getAs("_raw");
                    String parseError = r.getAs("_parse_error");
                    List<QuarantineReason> reasons;
                    int fixed = 0;
                    if (parseError != null) {
                        reasons = List.of(QuarantineReason.fromParseError(parseError));
                    } else {
                        Map<String, String> raw = new LinkedHashMap<>();
                        for (String name : names) {
                            raw.put(name, r.getAs(name));
                        }
                        RecordCleanser.Outcome o = cleanser.cleanse(raw);
                        reasons = o.reasons();
                        fixed = o.fixedValues();
                        if (o.accepted()) {
                            System.arraycopy(o.values(), 0, v, 0, n);
                        }
                    }
                    if (!reasons.isEmpty()) {
                        QuarantineReason first = reasons.get(0);
                        v[n + 6] = first.code();
                        v[n + 7] = first.column();
                        v[n + 8] = first.rule();
                        v[n + 9] = reasons.stream().map(QuarantineReason::message).collect(Collectors.joining("; "));
                    }
                    Object[] withFixed = java.util.Arrays.copyOf(v, v.length + 1);
                    withFixed[v.length] = fixed;
                    return RowFactory.create(withFixed);
                }
            };
        }
    }

    private Dataset<Row> survivors(TableContract contract, Dataset<Row> accepted) {
        var keyCols = contract.key().stream().map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new);
        var order = Window.partitionBy(keyCols).orderBy(col("_priority"), col("_source"), col("_line"));
        List<org.apache.spark.sql.Column> select = new ArrayList<>();
        for (ColumnContract c : contract.columns()) {
            select.add(col(c.name()));
        }
        select.add(col("_source"));
        select.add(col("_batch_id"));
        return accepted.withColumn("_rank", row_number().over(order)).where(col("_rank").equalTo(1))
                .select(select.toArray(org.apache.spark.sql.Column[]::new));
    }

    static String mergeStatement(TableContract contract, String target, String sourceView) {
        String on = contract.key().stream().map(k -> "t." + SqlText.identifier(k) + " = s." + SqlText.identifier(k))
                .collect(Collectors.joining(" AND "));
        List<String> compared = new ArrayList<>();
        for (ColumnContract c : contract.columns()) {
            compared.add("t." + SqlText.identifier(c.name()) + " <=> s." + SqlText.identifier(c.name()));
        }
        compared.add("t._source <=> s._source");
        return "MERGE INTO " + target + " t USING " + sourceView + " s ON " + on
                + " WHEN MATCHED AND NOT (" + String.join(" AND ", compared) + ") THEN UPDATE SET *"
                + " WHEN NOT MATCHED THEN INSERT *"
                // A batch is a full extract of every source of the table (incremental loads come
                // later): a record no source delivers any more leaves the base table. History of it
                // stays in the table's snapshots.
                + " WHEN NOT MATCHED BY SOURCE THEN DELETE";
    }

    static StructType odsSchema(TableContract contract) {
        List<StructField> f = new ArrayList<>();
        for (ColumnContract c : contract.columns()) {
            f.add(DataTypes.createStructField(c.name(), DataTypes.StringType, true));
        }
        f.add(DataTypes.createStructField("_extra", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true));
        f.add(DataTypes.createStructField("_batch_id", DataTypes.StringType, true));
        f.add(DataTypes.createStructField("_source", DataTypes.StringType, true));
        f.add(DataTypes.createStructField("_source_file", DataTypes.StringType, true));
        f.add(DataTypes.createStructField("_line", DataTypes.LongType, true));
        f.add(DataTypes.createStructField("_ingested_at", DataTypes.TimestampType, true));
        f.add(DataTypes.createStructField("_raw", DataTypes.StringType, true));
        f.add(DataTypes.createStructField("_parse_error", DataTypes.StringType, true));
        return DataTypes.createStructType(f);
    }

    static StructType cleansedSchema(TableContract contract) {
        List<StructField> f = new ArrayList<>();
        for (ColumnContract c : contract.columns()) {
            f.add(DataTypes.createStructField(c.name(), sparkType(c), true));
        }
        f.add(DataTypes.createStructField("_batch_id", DataTypes.StringType, true));
        f.add(DataTypes.createStructField("_source", DataTypes.StringType, true));
        f.add(DataTypes.createStructField("_source_file", DataTypes.StringType, true));
        f.add(DataTypes.createStructField("_line", DataTypes.LongType, true));
        f.add(DataTypes.createStructField("_priority", DataTypes.IntegerType, true));
        f.add(DataTypes.createStructField("_raw", DataTypes.StringType, true));
        f.add(DataTypes.createStructField("reason_code", DataTypes.StringType, true));
        f.add(DataTypes.createStructField("column_name", DataTypes.StringType, true));
        f.add(DataTypes.createStructField("rule", DataTypes.StringType, true));
        f.add(DataTypes.createStructField("message", DataTypes.StringType, true));
        f.add(DataTypes.createStructField("_fixed", DataTypes.IntegerType, true));
        return DataTypes.createStructType(f);
    }

    static DataType sparkType(ColumnContract c) {
        return switch (c.type().kind()) {
            case STRING -> DataTypes.StringType;
            case DATE -> DataTypes.DateType;
            case TIMESTAMP -> DataTypes.TimestampType;
            case INT -> DataTypes.IntegerType;
            case BIGINT -> DataTypes.LongType;
            case DOUBLE -> DataTypes.DoubleType;
            case BOOLEAN -> DataTypes.BooleanType;
            case DECIMAL -> DataTypes.createDecimalType(c.type().precision(), c.type().scale());
        };
    }
}
