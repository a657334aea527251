package org.citylake.pipelines.job;

import static org.apache.spark.sql.functions.col;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.citylake.catalog.contract.ColumnContract;
import org.citylake.catalog.contract.SourceFormat;
import org.citylake.catalog.contract.SourceSpec;
import org.citylake.catalog.contract.TableContract;
import org.citylake.pipelines.collect.SourceFileReader;
import org.citylake.pipelines.collect.SourceRecord;
import org.citylake.pipelines.collect.SourceSplit;
import org.citylake.pipelines.collect.SourceSplits;

/**
 * Collects a source's files in Spark tasks: each file is cut into {@link SourceSplit}s on the driver
 * (one byte scan), every split is parsed in a task of its own by the same {@link SourceFileReader} that
 * reads a file in order, and the rows go straight into the batch's ODS partition in one commit — no
 * record passes through the driver, and nothing is written twice.
 *
 * <p>Everything that refuses a file whole happens on the driver before the write: the encoding check
 * (before the batch, see {@code SourceEncoding}) and the CSV header check ({@link SourceFileReader#header}).
 * A task that fails fails the write, and Iceberg then commits nothing. Tasks read the files by path, so
 * this is for executors that share the driver's file system (a local master).
 */
final class FileSplitCollect {
    /** Splits per core and file: enough to keep both cores busy when splits differ in cost. */
    private static final int SPLITS_PER_CORE = 4;
    private static final long MIN_SPLIT_BYTES = 4L << 20;
    private static final long MAX_SPLIT_BYTES = 64L << 20;

    private final SparkSession spark;
    private final Progress progress;
    private final long splitBytes;

    /** @param splitBytes target split size, or 0 to size splits by {@link #splitBytes(long, int)} */
    FileSplitCollect(SparkSession spark, Progress progress, long splitBytes) {
        this.spark = spark;
        this.progress = progress;
        this.splitBytes = splitBytes;
    }

    /** A split size giving each core a few splits of a file, within 4 MiB to 64 MiB. */
    static long splitBytes(long fileBytes, int cores) {
        long target = fileBytes / (SPLITS_PER_CORE * (long) Math.max(1, cores));
        return Math.max(MIN_SPLIT_BYTES, Math.min(MAX_SPLIT_BYTES, target));
    }

    /** One task's work: a split of one file, with what every row of it carries. */
    record Task(SourceFileReader reader, String file, String fileName, SourceFileReader.CsvHeader header, SourceSplit split)
            implements java.io.Serializable {
    }

    /** Collects {@code files} into the batch's partition of {@code ods}; returns the number of records. */
    long collect(TableContract contract, SourceSpec source, List<Path> files, String batchId, Map<Path, Charset> encodings, String ods) {
        int cores = spark.sparkContext().defaultParallelism();
        List<Task> tasks = new ArrayList<>();
        for (Path file : files) {
            SourceFileReader reader = new SourceFileReader(contract, source, encodings.getOrDefault(file, source.encoding()));
            SourceFileReader.CsvHeader header = source.format() == SourceFormat.JSONL ? null : reader.header(file);
            long target = splitBytes > 0 ? splitBytes : splitBytes(size(file), cores);
            for (SourceSplit split : SourceSplits.plan(file, source.format(), target)) {
                tasks.add(new Task(reader, file.toString(), file.getFileName().toString(), header, split));
            }
        }
        progress.stage("collect", source.name() + " · " + files.size() + " file(s) in " + tasks.size() + " split(s), parsed in parallel");
        List<String> columns = contract.columns().stream().map(ColumnContract::name).toList();
        JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(tasks, tasks.size())
                .flatMap(new ReadSplit(columns, batchId, source.name(), Instant.now()));
        BaseLibraryLoad.overwriteBatch(spark.createDataFrame(rows, BaseLibraryLoad.odsSchema(contract)), ods);
        // What landed is what was read: counted from the commit (Iceberg answers from its manifests).
        long n = spark.table(ods).where(col("_batch_id").equalTo(batchId)).count();
        progress.rows("collect", source.name() + " → " + ods, n);
        return n;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot read source file " + file, e);
        }
    }

    /** The task body: the split's records as ODS rows, read lazily; the file is closed when the task ends. */
    static final class ReadSplit implements FlatMapFunction<Task, Row> {
        private final List<String> columns;
        private final String batchId;
        private final String source;
        private final Instant ingestedAt;

        ReadSplit(List<String> columns, String batchId, String source, Instant ingestedAt) {
            this.columns = List.copyOf(columns);
            this.batchId = batchId;
            this.source = source;
            this.ingestedAt = ingestedAt;
        }

        @Override
        public Iterator<Row> call(Task t) {
            SourceFileReader.Records records = t.reader().records(Path.of(t.file()), t.header(), t.split());
            TaskContext task = TaskContext.get();
            if (task != null) {
                task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> records.close());
            }
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return records.hasNext();
                }

                @Override
                public Row next() {
                    SourceRecord r = records.next();
                    Object[] v = BaseLibraryLoad.odsValues(columns, r, batchId, source, t.fileName(), ingestedAt);
                    // Spark's row encoder takes a Scala map for a map column (createDataFrame of a Java list converts; an RDD does not).
                    v[columns.size()] = scala.collection.JavaConverters.mapAsScalaMap(r.extra());
                    return RowFactory.create(v);
                }
            };
        }
    }
}
