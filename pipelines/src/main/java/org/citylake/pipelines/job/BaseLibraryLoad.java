package org.citylake.pipelines.job;

import org.citylake.pipelines.standards.ReasonCode;
import org.citylake.pipelines.standards.StandardContext;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.citylake.catalog.contract.ColumnContract;
import org.citylake.catalog.contract.QualityRule;
import org.citylake.catalog.contract.RowRule;
import org.citylake.catalog.contract.SourceSpec;
import org.citylake.catalog.contract.TableContract;
import org.citylake.catalog.dictionary.Dictionaries;
import org.citylake.pipelines.cleanse.CleansingPlan;
import org.citylake.pipelines.cleanse.QuarantineReason;
import org.citylake.pipelines.cleanse.RecordCleanser;
import org.citylake.pipelines.collect.SourceFileReader;
import org.citylake.pipelines.collect.SourceRecord;
import org.citylake.pipelines.jdbc.JdbcDelivery;
import org.citylake.pipelines.jdbc.JdbcSourceReader;
import org.citylake.warehouse.LakeTables;
import org.citylake.warehouse.SqlText;
import org.citylake.warehouse.WriteAuditPublish;

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
    private final StandardContext context;
    private final int collectChunkRows;
    private final boolean tasksReadFiles;
    private final long splitBytes;

    public BaseLibraryLoad(SparkSession spark, LakeTables tables, Dictionaries dictionaries, Progress progress, StandardContext context) {
        this(spark, tables, dictionaries, progress, context, COLLECT_CHUNK_ROWS, spark.sparkContext().isLocal(), 0);
    }

    /**
     * For tests of either collect path on small files.
     *
     * @param collectChunkRows the driver path's chunk size (see {@link #COLLECT_CHUNK_ROWS})
     * @param tasksReadFiles whether Spark tasks read the source files ({@link FileSplitCollect}); only
     *     where executors see the driver's files (a local master), else the driver reads them
     * @param splitBytes target size of a task's split, or 0 for {@link FileSplitCollect#splitBytes}
     */
    BaseLibraryLoad(SparkSession spark, LakeTables tables, Dictionaries dictionaries, Progress progress, StandardContext context,
                    int collectChunkRows, boolean tasksReadFiles, long splitBytes) {
        if (collectChunkRows < 1) {
            throw new IllegalArgumentException("collectChunkRows must be positive: " + collectChunkRows);
        }
        this.collectChunkRows = collectChunkRows;
        this.tasksReadFiles = tasksReadFiles;
        this.splitBytes = splitBytes;
        this.spark = spark;
        this.tables = tables;
        this.dictionaries = dictionaries;
        this.progress = progress;
        this.context = context;
    }

    /**
     * A full-extract batch of every source file of the contract found in {@code inputDir}.
     *
     * @param encodings every source file of the batch → its verified encoding ({@link
     *     org.citylake.pipelines.collect.SourceEncoding#resolve}), decided before anything is written
     */
    public TableLoadResult run(TableContract contract, Path inputDir, String batchId, Map<Path, java.nio.charset.Charset> encodings) {
        List<Delivery> deliveries = Delivery.find(contract, inputDir);
        if (deliveries.isEmpty()) {
            throw new IllegalStateException("No source file of " + contract.qualifiedName() + " in " + inputDir
                    + " (expected " + contract.sources().stream().map(SourceSpec::file).collect(Collectors.joining(" or ")) + ")");
        }
        return run(contract, deliveries, batchId, encodings, LoadMode.FULL);
    }

    /**
     * Loads the delivered files of one batch: full-extract files are mastered and MERGEd (deleting
     * absent records only in {@link LoadMode#FULL}), change files are applied after them
     * ({@link ChangeApply}), and the history table follows ({@link HistoryRecorder}) — base and
     * history both on the batch's branch, so neither is visible on main before the audit passes.
     */
    public TableLoadResult run(TableContract contract, List<Delivery> deliveries, String batchId,
                               Map<Path, java.nio.charset.Charset> encodings, LoadMode mode) {
        return run(contract, deliveries, List.of(), batchId, encodings, mode);
    }

    /**
     * As {@link #run(TableContract, List, String, Map, LoadMode)}, with rows read from JDBC sources
     * too ({@link JdbcSourceReader}): they land in their ODS tables and go through the same
     * cleansing, quarantine and mastering as file rows. A JDBC source is a set of upserts; it is a
     * whole extract only in {@link LoadMode#FULL}.
     */
    public TableLoadResult run(TableContract contract, List<Delivery> deliveries, List<JdbcDelivery> jdbc, String batchId,
                               Map<Path, java.nio.charset.Charset> encodings, LoadMode mode) {
        Map<String, Long> inBySource = new LinkedHashMap<>();
        List<String> odsTables = new ArrayList<>();
        for (Delivery d : deliveries) {
            long n = collect(contract, d.source(), d.files(), batchId, encodings);
            inBySource.put(d.source().name(), n);
            odsTables.add(tables.name(d.source().odsTable()));
        }
        for (JdbcDelivery d : jdbc) {
            String ods = tables.ensureOdsTable(contract, d.source().name());
            JdbcSourceReader.Read read = JdbcSourceReader.read(spark, contract, d, batchId, odsSchema(contract));
            progress.stage("collect", d.source().name() + " · " + d.jdbc().origin(d.source().name()) + " " + d.range().describe(d.jdbc().watermarkColumn())
                    + " · " + read.partitions() + " parallel read(s)" + d.jdbc().partitionColumnName().map(p -> " by " + p + " in ["
                    + d.range().minKey().orElse(0) + ", " + d.range().maxKey().orElse(0) + "]").orElse(""));
            overwriteBatch(read.rows(), ods);
            // Counted from what landed, not from the bounds query: a row updated meanwhile moved above the range.
            long n = spark.table(ods).where(col("_batch_id").equalTo(batchId)).count();
            progress.rows("collect", d.jdbc().origin(d.source().name()) + " → " + ods, n);
            inBySource.put(d.source().name(), n);
            odsTables.add(tables.name(d.source().odsTable()));
        }
        if (odsTables.isEmpty()) {
            throw new IllegalStateException("No source file of " + contract.qualifiedName() + " delivered in batch " + batchId);
        }
        return fromOds(contract, batchId, odsTables, inBySource, mode);
    }

    /**
     * Runs a batch again from what ODS holds of it, with today's contract and dictionaries: rows a
     * fix now accepts leave quarantine and reach the base table (through the same audit), rows that
     * still fail stay with their current reasons. ODS is the record of what was received, so no
     * file is needed. Only the table's latest batch may be replayed: an older full extract would
     * take back later changes.
     */
    public TableLoadResult replay(TableContract contract, String batchId) {
        Map<String, Long> inBySource = new LinkedHashMap<>();
        List<String> odsTables = new ArrayList<>();
        for (SourceSpec source : contract.sources()) {
            String ods = tables.name(source.odsTable());
            if (!spark.catalog().tableExists(ods)) {
                continue;
            }
            long n = spark.table(ods).where(col("_batch_id").equalTo(batchId)).count();
            if (n > 0) {
                inBySource.put(source.name(), n);
                odsTables.add(ods);
            }
        }
        if (odsTables.isEmpty()) {
            throw new IllegalArgumentException("ODS holds no rows of batch " + batchId + " for " + contract.qualifiedName());
        }
        progress.stage("replay", contract.qualifiedName() + " batch " + batchId + " from " + odsTables);
        return fromOds(contract, batchId, odsTables, inBySource, LoadMode.FULL);
    }

    /** The latest batch collected for the table (by ingestion time), if any. */
    public java.util.Optional<String> latestBatch(TableContract contract) {
        Dataset<Row> all = null;
        for (SourceSpec source : contract.sources()) {
            String ods = tables.name(source.odsTable());
            if (spark.catalog().tableExists(ods)) {
                Dataset<Row> part = spark.table(ods).select(col("_batch_id"), col("_ingested_at"));
                all = all == null ? part : all.unionByName(part);
            }
        }
        if (all == null) {
            return java.util.Optional.empty();
        }
        List<Row> latest = all.groupBy("_batch_id").agg(org.apache.spark.sql.functions.max("_ingested_at").as("t"))
                .orderBy(col("t").desc()).limit(1).collectAsList();
        return latest.stream().findFirst().map(r -> r.getString(0));
    }

    private TableLoadResult fromOds(TableContract contract, String batchId, List<String> odsTables, Map<String, Long> inBySource,
                                    LoadMode mode) {
        java.util.Set<String> changeOds = contract.sources().stream().filter(SourceSpec::deliversChanges)
                .map(src -> tables.name(src.odsTable())).collect(Collectors.toSet());
        boolean fullDelivered = odsTables.stream().anyMatch(t -> !changeOds.contains(t));
        boolean changesDelivered = odsTables.stream().anyMatch(changeOds::contains);
        java.time.Instant batchTime = java.time.Instant.now();
        long rowsIn = inBySource.values().stream().mapToLong(Long::longValue).sum();

        progress.stage("cleanse", contract.qualifiedName());
        Progress.Section cleanseTime = progress.start("cleanse");
        Dataset<Row> cleansed = crossTableRules(contract, cleanse(contract, odsTables, batchId)).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> rejected = cleansed.where(size(col("_reasons")).gt(0));
            Dataset<Row> accepted = cleansed.where(size(col("_reasons")).equalTo(0));
            String quarantine = tables.ensureQuarantineTable(contract);
            overwriteBatch(rejected.select(col("_batch_id"), col("_source"), col("_source_file"), col("_line"),
                    col("_reasons").getItem(0).getField("code").as("reason_code"),
                    transform(col("_reasons"), r -> r.getField("code")).as("reason_codes"),
                    col("_reasons").getItem(0).getField("column_name").as("column_name"),
                    col("_reasons").getItem(0).getField("rule").as("rule"),
                    transform(col("_reasons"), r -> r.getField("rule")).as("rules"),
                    array_join(transform(col("_reasons"), r -> r.getField("message")), "; ").as("message"),
                    col("_raw").as("raw"),
                    lit(java.sql.Timestamp.from(java.time.Instant.now())).as("quarantined_at")), quarantine);
            writeFindings(contract, cleansed, batchId);
            // One pass over the cached rows tallies what the batch did: quarantined per first reason, and
            // accepted (full-extract records apart from change rows) with the values standardization fixed.
            Map<String, Long> tally = new java.util.HashMap<>();
            long acceptedCount = 0;
            long fullCount = 0;
            long fixed = 0;
            for (Row r : cleansed.groupBy(when(size(col("_reasons")).gt(0), col("_reasons").getItem(0).getField("code")).as("reason"),
                    col("_op").isNull().as("full")).agg(org.apache.spark.sql.functions.count(lit(1)), sum("_fixed")).collectAsList()) {
                if (r.isNullAt(0)) {
                    acceptedCount += r.getLong(2);
                    fullCount += r.getBoolean(1) ? r.getLong(2) : 0;
                    fixed += r.isNullAt(3) ? 0 : r.getLong(3);
                } else {
                    tally.merge(r.getString(0), r.getLong(2), Long::sum);
                }
            }
            Map<String, Long> byReason = new LinkedHashMap<>();
            tally.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .forEach(e -> byReason.put(e.getKey(), e.getValue()));
            long quarantined = byReason.values().stream().mapToLong(Long::longValue).sum();
            progress.rows("quarantine", quarantine + " (" + byReason + ")", quarantined);
            cleanseTime.close();

            Dataset<Row> fullRows = accepted.where(col("_op").isNull());
            Dataset<Row> changes = accepted.where(col("_op").isNotNull());
            String base = tables.ensureBaseTable(contract);
            String history = tables.ensureHistoryTable(contract);
            // Write: the batch goes to its own branch of both tables; main stays as it was until the audit passes.
            WriteAuditPublish wap = new WriteAuditPublish(spark, tables.catalog());
            String branch = WriteAuditPublish.branchFor(batchId);
            wap.stage(base, branch);
            wap.stage(history, branch);
            String staged = WriteAuditPublish.onBranch(base, branch);
            String stagedHistory = WriteAuditPublish.onBranch(history, branch);
            long merged = 0;
            if (fullDelivered) {
                Progress.Section masterTime = progress.start("master");
                progress.stage("master", contract.qualifiedName() + " · one record per " + String.join("+", contract.key())
                        + (mode == LoadMode.FULL ? " · full extract" : " · upsert (incremental: absent records stay)"));
                // A full extract leaves the base table holding exactly the winners, so its row count after the
                // MERGE (from Iceberg's metadata) counts them: the winners need no cache and no second pass.
                // An upsert keeps absent records, so there the winners are counted themselves.
                boolean full = mode == LoadMode.FULL;
                Dataset<Row> winners = survivors(contract, fullRows);
                if (!full) {
                    winners = winners.persist(StorageLevel.MEMORY_AND_DISK());
                }
                try {
                    String view = "citylake_batch_" + contract.table();
                    winners.createOrReplaceTempView(view);
                    spark.sql(mergeStatement(contract, staged, view, full));
                    merged = fullCount - (full ? spark.table(staged).count() : winners.count());
                } finally {
                    winners.unpersist();
                    masterTime.close();
                }
            }
            ChangeSetResult changeResult = ChangeSetResult.NONE;
            if (changesDelivered) {
                progress.stage("changes", contract.qualifiedName() + " · latest sequence per key wins, late and repeated changes ignored");
                changeResult = new ChangeApply(spark).apply(contract, changes, staged, stagedHistory);
                progress.stage("changes", contract.qualifiedName() + " · " + changeResult);
            }
            Progress.Section historyTime = progress.start("history");
            long historyRows = new HistoryRecorder(spark).record(contract, staged, stagedHistory, batchId, batchTime,
                    changesDelivered ? java.util.Optional.of(ChangeApply.EFFECTIVE_VIEW) : java.util.Optional.empty(), !fullDelivered);
            progress.rows("history", stagedHistory + " (versions opened, closed or ended by this batch)", historyRows);
            long baseRows = spark.table(staged).count();
            progress.rows("base", staged + " (staged, main untouched until the audit passes)", baseRows);
            historyTime.close();
            return new TableLoadResult(contract.qualifiedName(), batchId, rowsIn, acceptedCount, quarantined,
                    merged, fixed, baseRows, inBySource, byReason, branch, changeResult, historyRows);
        } finally {
            cleanseTime.close();
            cleansed.unpersist();
        }
    }

    /**
     * Applies the contract's exists_in rules: one join per rule against the referenced base table
     * (loaded earlier in the batch). A violated error rule adds a reason, a warning adds a finding.
     * A referenced table that does not exist yet is reported and the rule skipped, not guessed.
     */
    private Dataset<Row> crossTableRules(TableContract contract, Dataset<Row> cleansed) {
        Dataset<Row> out = cleansed;
        int i = 0;
        for (RowRule r : contract.rowRules()) {
            if (r.kind() != RowRule.Kind.EXISTS_IN) {
                continue;
            }
            String target = tables.name(r.param("table"));
            if (!spark.catalog().tableExists(target)) {
                progress.stage("consistency", "skipped " + r.param("column") + " exists_in " + r.param("table") + ": the table does not exist yet");
                continue;
            }
            String keyAlias = "_ref_" + (i++);
            Dataset<Row> keys = spark.table(target).select(col(r.param("target_column")).as(keyAlias)).distinct();
            Column value = col(r.param("column"));
            Column applies = value.isNotNull();
            if (r.condition().isPresent()) {
                applies = applies.and(col(r.condition().get().column()).equalTo(lit(r.condition().get().equals())));
            }
            Dataset<Row> joined = out.join(keys, value.equalTo(col(keyAlias)), "left_outer");
            Column violated = applies.and(col(keyAlias).isNull());
            Column reason = struct(lit(ReasonCode.REFERENCE_NOT_FOUND.code()).as("code"), lit(r.param("column")).as("column_name"),
                    lit("exists_in:" + r.param("table")).as("rule"),
                    concat(lit(r.param("column") + " '"), value, lit("' is not in " + r.param("table") + "." + r.param("target_column"))).as("message"));
            String into = r.level() == QualityRule.Level.ERROR ? "_reasons" : "_findings";
            out = joined.withColumn(into, when(violated, concat(col(into), array(reason))).otherwise(col(into))).drop(keyAlias);
        }
        return out;
    }

    /**
     * Every row-rule violation of the batch — blocking ones (in quarantine too) and findings —
     * goes to governance.consistency_findings, replacing the batch's earlier findings for the table.
     */
    private void writeFindings(TableContract contract, Dataset<Row> cleansed, String batchId) {
        String findings = tables.ensureFindingsTable();
        Column key = contract.key().size() == 1 ? col(contract.key().get(0)).cast("string")
                : concat_ws("|", contract.key().stream().map(k -> col(k).cast("string")).toArray(Column[]::new));
        Dataset<Row> blocking = cleansed.select(col("_source_file"), col("_line"), key.as("record_key"),
                explode(col("_reasons")).as("f"), lit(true).as("blocking"));
        Dataset<Row> nonBlocking = cleansed.select(col("_source_file"), col("_line"), key.as("record_key"),
                explode(col("_findings")).as("f"), lit(false).as("blocking"));
        Dataset<Row> all = blocking.unionByName(nonBlocking)
                .where(col("f.rule").isin("id_consistency", "date_order", "community_in_street").or(col("f.rule").startsWith("exists_in:")));
        overwriteBatch(all.select(lit(contract.qualifiedName()).as("table_name"), lit(batchId).as("_batch_id"), col("_source_file"),
                col("_line"), col("record_key"), col("f.code").as("reason_code"), col("f.column_name").as("column_name"),
                col("f.rule").as("rule"), col("f.message").as("message"), col("blocking"),
                lit(java.sql.Timestamp.from(java.time.Instant.now())).as("found_at")), findings);
    }

    /**
     * Records per chunk while collecting. The driver parses a file in order (line numbers and quoted
     * fields that span lines need that); holding a whole million-row file as Rows on the driver ran a
     * 3 GiB heap into back-to-back full GCs, so a larger delivery is staged in chunks of this size.
     */
    static final int COLLECT_CHUNK_ROWS = 100_000;

    /** Target size of a cleanse scan task over ODS (Parquet splits at row groups, so at most one task per file). */
    static final long CLEANSE_SPLIT_BYTES = 8L << 20;

    /**
     * Reads a source's files of the batch into its ODS table as received; returns the number of
     * records. The batch's ODS partition is replaced in one commit.
     *
     * <p>Where Spark's tasks see the driver's files (a local master), they parse the files in parallel,
     * split by split, straight into that commit ({@link FileSplitCollect}). Otherwise the driver reads
     * them in order: a delivery of at most the chunk size ({@link #COLLECT_CHUNK_ROWS}) is written
     * straight from memory; a larger one is appended chunk by chunk to a staging table in the warehouse
     * ({@code ods._staging_<source>}, visible to executors in every profile), copied into ODS in one
     * commit and dropped. A crash while staging leaves ODS untouched; the next collect of the source
     * replaces the leftover staging table.
     */
    long collect(TableContract contract, SourceSpec source, List<Path> files, String batchId, Map<Path, java.nio.charset.Charset> encodings) {
        return progress.timed("collect", () -> tasksReadFiles
                ? new FileSplitCollect(spark, progress, splitBytes).collect(contract, source, files, batchId, encodings,
                        tables.ensureOdsTable(contract, source.name()))
                : collectOnDriver(contract, source, files, batchId, encodings));
    }

    /**
     * The driver reads the files in order (where executors cannot see them) and stages large deliveries
     * in chunks, as described at {@link #collect}.
     */
    private long collectOnDriver(TableContract contract, SourceSpec source, List<Path> files, String batchId,
                                 Map<Path, java.nio.charset.Charset> encodings) {
        String ods = tables.ensureOdsTable(contract, source.name());
        String staging = ods.substring(0, ods.lastIndexOf('.') + 1) + "_staging_" + source.name();
        org.apache.spark.sql.types.StructType schema = odsSchema(contract);
        List<Row> rows = new ArrayList<>();
        long[] staged = {0};
        Consumer<Row> sink = row -> {
            rows.add(row);
            if (rows.size() == collectChunkRows) {
                stage(spark.createDataFrame(rows, schema), staging, staged[0] == 0);
                staged[0] += rows.size();
                rows.clear();
                progress.rows("collect", source.name() + " → " + staging + " (staging)", staged[0]);
            }
        };
        long n = 0;
        for (Path file : files) {
            java.nio.charset.Charset encoding = encodings.getOrDefault(file, source.encoding());
            long k = read(contract, source, file, batchId, encoding, sink);
            progress.rows("collect", file.getFileName() + " → " + ods, k);
            n += k;
        }
        if (staged[0] == 0) {
            overwriteBatch(spark.createDataFrame(rows, schema), ods);
        } else {
            if (!rows.isEmpty()) {
                stage(spark.createDataFrame(rows, schema), staging, false);
            }
            rows.clear();
            overwriteBatch(spark.table(staging), ods);
            spark.sql("DROP TABLE IF EXISTS " + staging + " PURGE");
        }
        return n;
    }

    private static long read(TableContract contract, SourceSpec source, Path file, String batchId, java.nio.charset.Charset encoding,
                             Consumer<Row> sink) {
        List<String> cols = contract.columns().stream().map(ColumnContract::name).toList();
        java.time.Instant now = java.time.Instant.now();
        String fileName = file.getFileName().toString();
        return new SourceFileReader(contract, source, encoding).read(file,
                (SourceRecord r) -> sink.accept(odsRow(cols, r, batchId, source.name(), fileName, now)));
    }

    /** One ODS row (see {@link #odsSchema}) of a record as received. */
    static Row odsRow(List<String> columns, SourceRecord r, String batchId, String source, String fileName, java.time.Instant ingestedAt) {
        return RowFactory.create(odsValues(columns, r, batchId, source, fileName, ingestedAt));
    }

    /** The values of {@link #odsRow}, in {@link #odsSchema} order ({@code _extra} as a Java map). */
    static Object[] odsValues(List<String> columns, SourceRecord r, String batchId, String source, String fileName, java.time.Instant ingestedAt) {
        Object[] v = new Object[columns.size() + 8];
        for (int i = 0; i < columns.size(); i++) {
            v[i] = r.fields().get(columns.get(i));
        }
        int k = columns.size();
        v[k] = r.extra();
        v[k + 1] = batchId;
        v[k + 2] = source;
        v[k + 3] = fileName;
        v[k + 4] = r.line();
        v[k + 5] = ingestedAt;
        v[k + 6] = r.raw();
        v[k + 7] = r.parseError();
        return v;
    }

    private static void stage(Dataset<Row> chunk, String staging, boolean first) {
        try {
            if (first) {
                chunk.writeTo(staging).using("iceberg").createOrReplace();
            } else {
                chunk.writeTo(staging).append();
            }
        } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalStateException("Staging table " + staging + " vanished while collecting into it", e);
        }
    }

    /**
     * Replaces the batch's partition of {@code table} in one commit (dynamic partition overwrite).
     * Every row of the write is of the one batch, so each task writes its own rows (no shuffle): by
     * default Iceberg would first gather a partition's rows, that is the whole batch, into one task.
     */
    static void overwriteBatch(Dataset<Row> data, String table) {
        try {
            data.writeTo(table).option("distribution-mode", "none").option("fanout-enabled", "true").overwritePartitions();
        } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalStateException("Table " + table + " vanished while writing to it", e);
        }
    }

    private Dataset<Row> cleanse(TableContract contract, List<String> odsTables, String batchId) {
        Map<String, Integer> priority = contract.sources().stream().collect(Collectors.toMap(SourceSpec::name, SourceSpec::priority));
        Dataset<Row> union = null;
        for (String ods : odsTables) {
            // Small scan tasks: Iceberg would pack a batch's ODS files into 128 MiB tasks, and at a million
            // rows that left the cleansing (the costliest per-row work of a load) to one core.
            Dataset<Row> part = spark.read().option("split-size", String.valueOf(CLEANSE_SPLIT_BYTES)).table(ods)
                    .where(col("_batch_id").equalTo(batchId));
            union = union == null ? part : union.unionByName(part);
        }
        CleansingPlan plan = CleansingPlan.of(contract, dictionaries, context);
        List<String> names = contract.columns().stream().map(ColumnContract::name).toList();
        Map<String, String> coordinateSystems = new LinkedHashMap<>();
        contract.sources().forEach(src -> src.declaredCoordinateSystem().ifPresent(cs -> coordinateSystems.put(src.name(), cs)));
        // Deletes of a change set are checked against the key columns alone (same contract, same standards).
        TableContract keyOnly = new TableContract(contract.namespace(), contract.table(), contract.title(), contract.description(),
                contract.ownerDepartment(), contract.grade(), contract.retentionDays(), contract.key(), contract.sources(),
                contract.columns().stream().filter(c -> contract.key().contains(c.name())).toList(), List.of(), contract.survivorship(),
                contract.maxRejectedFraction(), contract.file());
        CleansingPlan keyPlan = CleansingPlan.of(keyOnly, dictionaries, context);
        List<String> keyNames = keyOnly.columns().stream().map(ColumnContract::name).toList();
        Map<String, org.citylake.catalog.contract.ChangeFeed> feeds = new LinkedHashMap<>();
        contract.sources().forEach(src -> src.changeFeed().ifPresent(f -> feeds.put(src.name(), f)));
        return union.mapPartitions(new CleanseRows(plan, names, priority, coordinateSystems, keyPlan, keyNames, feeds),
                Encoders.row(CleanseRows.schema(contract)));
    }

    /**
     * One record per key (一人一档): each column takes the first non-empty value in survivorship
     * order — source priority, then recency (newest first) when the contract names a recency
     * column, then file order — and the record lists every contributing source record.
     */
    private Dataset<Row> survivors(TableContract contract, Dataset<Row> accepted) {
        Column[] keyCols = contract.key().stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        List<Column> order = new ArrayList<>();
        order.add(col("_priority"));
        contract.survivorship().recency().ifPresent(r -> order.add(col(r).desc_nulls_last()));
        order.add(col("_source"));
        order.add(col("_line"));
        WindowSpec ranked = Window.partitionBy(keyCols).orderBy(order.toArray(Column[]::new));
        WindowSpec whole = ranked.rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
        List<Column> select = new ArrayList<>();
        for (ColumnContract c : contract.columns()) {
            select.add(contract.key().contains(c.name()) ? col(c.name()) : first(col(c.name()), true).over(whole).as(c.name()));
        }
        select.add(col("_source"));
        select.add(col("_batch_id"));
        select.add(collect_list(concat_ws(":", col("_source"), col("_line").cast("string"))).over(whole).as("_contributors"));
        select.add(row_number().over(ranked).as("_rank"));
        return accepted.select(select.toArray(Column[]::new)).where(col("_rank").equalTo(1)).drop("_rank");
    }

    static String mergeStatement(TableContract contract, String target, String sourceView, boolean deleteAbsent) {
        String on = contract.key().stream().map(k -> "t." + SqlText.identifier(k) + " = s." + SqlText.identifier(k))
                .collect(Collectors.joining(" AND "));
        List<String> compared = new ArrayList<>();
        for (ColumnContract c : contract.columns()) {
            compared.add("t." + SqlText.identifier(c.name()) + " <=> s." + SqlText.identifier(c.name()));
        }
        compared.add("t._source <=> s._source");
        compared.add("t._contributors <=> s._contributors");
        return "MERGE INTO " + target + " t USING " + sourceView + " s ON " + on
                + " WHEN MATCHED AND NOT (" + String.join(" AND ", compared) + ") THEN UPDATE SET *"
                + " WHEN NOT MATCHED THEN INSERT *"
                // A full-extract batch holds every record of the table: a record no source delivers any
                // more leaves the base table (its versions stay in history.<table>). An incremental
                // batch is partial by nature, so absence there means nothing.
                + (deleteAbsent ? " WHEN NOT MATCHED BY SOURCE THEN DELETE" : "");
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
