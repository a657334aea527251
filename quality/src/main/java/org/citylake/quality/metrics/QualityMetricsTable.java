package org.citylake.quality.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.Distinctness;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.Uniqueness;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.metrics.DoubleMetric;
import com.amazon.deequ.metrics.Entity;
import com.amazon.deequ.metrics.Metric;
import com.amazon.deequ.repository.AnalysisResult;
import com.amazon.deequ.repository.MetricsRepository;
import com.amazon.deequ.repository.MetricsRepositoryMultipleResultsLoader;
import com.amazon.deequ.repository.ResultKey;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.util.Success;

/**
 * Deequ's {@link MetricsRepository} on the Iceberg table {@code <catalog>.governance.quality_metrics}: one
 * row per metric per run, keyed by table, batch, snapshot id (NULL when unknown) and run time. A
 * {@code VerificationSuite...useRepository(this).saveOrAppendResult(key)} run writes its metrics here from
 * the same pass that computed them; nothing is recomputed.
 *
 * <p>Saving a key again (Deequ's "append" merges the old and new metrics and saves the union) replaces that
 * key's rows in one Iceberg overwrite commit, so a key never holds two copies of a metric.
 *
 * <p>Loading rebuilds Deequ {@link Analyzer}s from the stored text for the analyzers anomaly detection
 * needs: {@code Size}, {@code Completeness}, {@code Distinctness} and {@code Uniqueness} without filters.
 * Other metrics (Compliance, PatternMatch, filtered analyzers) are stored and readable as
 * {@link MetricRecord}s via {@link #records(String)} but are not turned back into analyzers: their
 * predicates are not recoverable from a metric row.
 */
public final class QualityMetricsTable implements MetricsRepository {
    public static final String NAMESPACE = "governance";
    public static final String TABLE = "quality_metrics";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    static final StructType SCHEMA = StructType.fromDDL("table_name string, batch_id string, snapshot_id bigint, "
            + "run_at timestamp, entity string, instance string, metric_name string, value double, analyzer string");

    private final SparkSession spark;
    private final String catalog;

    public QualityMetricsTable(SparkSession spark, String catalog) {
        this.spark = Objects.requireNonNull(spark, "spark");
        if (!IDENTIFIER.matcher(Objects.requireNonNull(catalog, "catalog")).matches()) {
            throw new IllegalArgumentException("not a catalog name: '" + catalog + "'");
        }
        this.catalog = catalog;
    }

    /** {@code <catalog>.governance.quality_metrics}. */
    public String name() {
        return catalog + "." + NAMESPACE + "." + TABLE;
    }

    public void createIfMissing() {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + catalog + "." + NAMESPACE);
        spark.sql("CREATE TABLE IF NOT EXISTS " + name() + " (" + SCHEMA.toDDL() + ") USING iceberg "
                + "PARTITIONED BY (table_name) TBLPROPERTIES ('format-version' = '2')");
    }

    private boolean exists() {
        return spark.catalog().tableExists(name());
    }

    @Override
    public void save(ResultKey resultKey, AnalyzerContext analyzerContext) {
        BatchKey key = BatchKey.of(resultKey);
        List<Row> rows = new ArrayList<>();
        for (MetricRecord m : records(key, analyzerContext)) {
            rows.add(RowFactory.create(m.table(), m.batchId(), m.snapshotId().isPresent() ? m.snapshotId().getAsLong() : null,
                    Timestamp.from(m.runAt()), m.entity(), m.instance(), m.name(), m.value(), m.analyzer()));
        }
        createIfMissing();
        try {
            // overwrite(condition) is one atomic commit: delete this key's rows, add the new ones.
            spark.createDataFrame(rows, SCHEMA).writeTo(name()).overwrite(keyFilter(key));
        } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalStateException(name() + " vanished between create and write", e);
        }
    }

    /** The rows a context becomes; metrics whose computation failed have no value and are left out. */
    static List<MetricRecord> records(BatchKey key, AnalyzerContext context) {
        List<MetricRecord> out = new ArrayList<>();
        for (scala.Tuple2<Analyzer<?, Metric<?>>, Metric<?>> e : JavaConverters.asJavaIterable(context.metricMap())) {
            for (DoubleMetric d : JavaConverters.asJavaIterable(e._2().flatten())) {
                if (d.value().isSuccess() && d.value().get() instanceof Number n) {
                    out.add(new MetricRecord(key.table(), key.batchId(), key.snapshotId(), key.runAt(), d.entity().toString(),
                            d.instance(), d.name(), n.doubleValue(), e._1().toString()));
                }
            }
        }
        out.sort(Comparator.comparing(MetricRecord::analyzer).thenComparing(MetricRecord::name));
        return out;
    }

    private static Column keyFilter(BatchKey key) {
        return col("table_name").equalTo(lit(key.table())).and(col("batch_id").equalTo(lit(key.batchId())))
                .and(col("run_at").equalTo(lit(Timestamp.from(key.runAt()))));
    }

    @Override
    public Option<AnalyzerContext> loadByKey(ResultKey resultKey) {
        BatchKey key = BatchKey.of(resultKey);
        if (!exists()) {
            return Option.empty();
        }
        List<MetricRecord> rows = read(spark.table(name()).where(keyFilter(key)));
        return rows.isEmpty() ? Option.empty() : Option.apply(context(rows));
    }

    @Override
    public MetricsRepositoryMultipleResultsLoader load() {
        return new Loader(Map.of(), Optional.empty(), OptionalLong.empty(), OptionalLong.empty());
    }

    /** Every stored metric of {@code table}, oldest run first: the history the report and trends read. */
    public List<MetricRecord> records(String table) {
        if (!exists()) {
            return List.of();
        }
        return read(spark.table(name()).where(col("table_name").equalTo(lit(table))));
    }

    /** Every stored metric, oldest run first. */
    public List<MetricRecord> records() {
        return exists() ? read(spark.table(name())) : List.of();
    }

    private static List<MetricRecord> read(Dataset<Row> rows) {
        List<MetricRecord> out = new ArrayList<>();
        for (Row r : rows.select("table_name", "batch_id", "snapshot_id", "run_at", "entity", "instance", "metric_name", "value",
                "analyzer").collectAsList()) {
            out.add(new MetricRecord(r.getString(0), r.getString(1), r.isNullAt(2) ? OptionalLong.empty() : OptionalLong.of(r.getLong(2)),
                    org.citylake.quality.SparkValues.instant(r, 3), r.getString(4), r.getString(5), r.getString(6), r.getDouble(7), r.getString(8)));
        }
        out.sort(Comparator.comparing(MetricRecord::runAt).thenComparing(MetricRecord::table).thenComparing(MetricRecord::analyzer)
                .thenComparing(MetricRecord::name));
        return out;
    }

    /** The analyzers a list of rows (of one key) can be rebuilt into, with their metrics. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static AnalyzerContext context(List<MetricRecord> rows) {
        Map<Analyzer<?, Metric<?>>, Metric<?>> metrics = new LinkedHashMap<>();
        for (MetricRecord r : rows) {
            rebuild(r).ifPresent(a -> metrics.put(a, new DoubleMetric(Entity.withName(r.entity()), r.name(), r.instance(),
                    new Success<>(r.value()), Option.empty())));
        }
        return new AnalyzerContext((scala.collection.immutable.Map) JavaConverters.mapAsScalaMap(metrics).toMap(scala.Predef.$conforms()));
    }

    /** The analyzer a row came from, if it is one of the kinds that can be rebuilt exactly (its text matches). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Optional<Analyzer<?, Metric<?>>> rebuild(MetricRecord r) {
        Seq<String> columns = JavaConverters.asScalaBuffer(Arrays.asList(r.instance().split(","))).toList();
        Object candidate = switch (r.name()) {
            case "Size" -> new Size(Option.empty());
            case "Completeness" -> new Completeness(r.instance(), Option.empty(), Option.empty());
            case "Distinctness" -> new Distinctness(columns, Option.empty());
            case "Uniqueness" -> new Uniqueness(columns, Option.empty(), Option.empty());
            default -> null;
        };
        return candidate != null && candidate.toString().equals(r.analyzer())
                ? Optional.of((Analyzer) candidate) : Optional.empty();
    }

    /** Deequ's multi-result loader: tag, analyzer and time filters (both bounds inclusive, as in Deequ's own repositories). */
    private final class Loader implements MetricsRepositoryMultipleResultsLoader {
        private final Map<String, String> tags;
        private final Optional<List<String>> analyzers;
        private final OptionalLong after;
        private final OptionalLong before;

        Loader(Map<String, String> tags, Optional<List<String>> analyzers, OptionalLong after, OptionalLong before) {
            this.tags = tags;
            this.analyzers = analyzers;
            this.after = after;
            this.before = before;
        }

        @Override
        public MetricsRepositoryMultipleResultsLoader withTagValues(scala.collection.immutable.Map<String, String> tagValues) {
            return new Loader(Map.copyOf(JavaConverters.mapAsJavaMap(tagValues)), analyzers, after, before);
        }

        @Override
        public MetricsRepositoryMultipleResultsLoader forAnalyzers(Seq<Analyzer<?, Metric<?>>> list) {
            return new Loader(tags, Optional.of(JavaConverters.seqAsJavaList(list).stream().map(Object::toString).toList()), after, before);
        }

        @Override
        public MetricsRepositoryMultipleResultsLoader after(long dateTime) {
            return new Loader(tags, analyzers, OptionalLong.of(dateTime), before);
        }

        @Override
        public MetricsRepositoryMultipleResultsLoader before(long dateTime) {
            return new Loader(tags, analyzers, after, OptionalLong.of(dateTime));
        }

        @Override
        public Seq<AnalysisResult> get() {
            List<AnalysisResult> out = new ArrayList<>();
            if (exists()) {
                Dataset<Row> rows = spark.table(name());
                for (Map.Entry<String, String> t : tags.entrySet()) {
                    rows = switch (t.getKey()) {
                        case BatchKey.TABLE_TAG -> rows.where(col("table_name").equalTo(lit(t.getValue())));
                        case BatchKey.BATCH_TAG -> rows.where(col("batch_id").equalTo(lit(t.getValue())));
                        case BatchKey.SNAPSHOT_TAG -> rows.where(col("snapshot_id").equalTo(lit(Long.parseLong(t.getValue()))));
                        default -> rows.where(lit(false)); // this repository stores no other tags
                    };
                }
                if (after.isPresent()) {
                    rows = rows.where(col("run_at").geq(lit(new Timestamp(after.getAsLong()))));
                }
                if (before.isPresent()) {
                    rows = rows.where(col("run_at").leq(lit(new Timestamp(before.getAsLong()))));
                }
                if (analyzers.isPresent()) {
                    rows = rows.where(col("analyzer").isin(analyzers.get().toArray()));
                }
                Map<BatchKey, List<MetricRecord>> byKey = new LinkedHashMap<>();
                for (MetricRecord r : read(rows)) {
                    byKey.computeIfAbsent(new BatchKey(r.table(), r.batchId(), r.snapshotId(), r.runAt()), k -> new ArrayList<>()).add(r);
                }
                byKey.forEach((k, rs) -> out.add(new AnalysisResult(k.resultKey(), context(rs))));
            }
            return JavaConverters.asScalaBuffer(out).toList();
        }
    }
}
