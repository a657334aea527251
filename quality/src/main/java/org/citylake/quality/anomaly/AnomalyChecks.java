package org.citylake.quality.anomaly;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.Distinctness;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.anomalydetection.AnomalyDetector;
import com.amazon.deequ.anomalydetection.DataPoint;
import com.amazon.deequ.anomalydetection.DetectionResult;
import com.amazon.deequ.anomalydetection.OnlineNormalStrategy;
import com.amazon.deequ.anomalydetection.RelativeRateOfChangeStrategy;
import com.amazon.deequ.metrics.Metric;
import com.amazon.deequ.repository.AnalysisResult;
import com.amazon.deequ.repository.MetricsRepository;
import com.amazon.deequ.repository.ResultKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;
import org.citylake.catalog.contract.ColumnContract;
import org.citylake.catalog.contract.TableContract;
import org.citylake.quality.CheckResult;
import org.citylake.quality.Verdicts;
import org.citylake.quality.metrics.BatchKey;
import scala.Option;
import scala.Tuple2;
import scala.collection.JavaConverters;

/**
 * Anomaly detection on the metric history of a table, with Deequ's strategies:
 * {@code RelativeRateOfChangeStrategy} on the row count ({@code Size}), {@code OnlineNormalStrategy} on the
 * completeness of key and required columns and on the distinctness of the key. Each becomes a
 * {@link CheckResult} ({@code *:row_count_anomaly}, {@code <column>:completeness_anomaly},
 * {@code <key>:distinctness_anomaly}) whose threshold names the accepted bound and whose message lists the
 * history that bound came from, so a steward sees why, not only that.
 *
 * <p>The analyzers are added to the verification run ({@link #analyzers}); they share its scan (completeness)
 * and the key's uniqueness grouping (distinctness), so detection costs no extra pass over the batch.
 */
public final class AnomalyChecks {
    public static final String ROW_COUNT_ANOMALY = "row_count_anomaly";
    public static final String COMPLETENESS_ANOMALY = "completeness_anomaly";
    public static final String DISTINCTNESS_ANOMALY = "distinctness_anomaly";
    /** How many history values a message lists (the newest ones). */
    static final int HISTORY_SHOWN = 10;

    private final AnomalySettings settings;

    public AnomalyChecks(AnomalySettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    private enum Kind { ROW_COUNT, COMPLETENESS, DISTINCTNESS }

    private record Target(String column, String rule, Kind kind, Analyzer<?, Metric<?>> analyzer) {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<Target> targets(TableContract contract) {
        List<Target> out = new ArrayList<>();
        out.add(new Target(CheckResult.TABLE, ROW_COUNT_ANOMALY, Kind.ROW_COUNT, (Analyzer) new Size(Option.empty())));
        Set<String> watched = new LinkedHashSet<>(contract.key());
        contract.requiredColumns().stream().map(ColumnContract::name).forEach(watched::add);
        for (String c : watched) {
            out.add(new Target(c, COMPLETENESS_ANOMALY, Kind.COMPLETENESS, (Analyzer) new Completeness(c, Option.empty(), Option.empty())));
        }
        if (!contract.key().isEmpty()) {
            // A composite key is distinct as a tuple, so it is one analyzer over all key columns.
            out.add(new Target(String.join(",", contract.key()), DISTINCTNESS_ANOMALY, Kind.DISTINCTNESS,
                    (Analyzer) new Distinctness(JavaConverters.asScalaBuffer(contract.key()).toList(), Option.empty())));
        }
        return out;
    }

    /** The analyzers to add to the verification run of {@code contract}'s table. */
    public List<Analyzer<?, Metric<?>>> analyzers(TableContract contract) {
        return targets(contract).stream().map(Target::analyzer).toList();
    }

    /**
     * The earlier runs of {@code key}'s table from {@code repository} (Deequ's loader: table tag, these
     * analyzers, strictly before the key's time), without runs of the same batch: a rerun must not be
     * compared with itself.
     */
    public List<AnalysisResult> history(MetricsRepository repository, TableContract contract, BatchKey key) {
        List<AnalysisResult> all = JavaConverters.seqAsJavaList(repository.load()
                .withTagValues(BatchKeyTags.table(contract.qualifiedName()))
                .forAnalyzers(JavaConverters.asScalaBuffer(analyzers(contract)).toList())
                .before(key.runAt().toEpochMilli() - 1)
                .get());
        return all.stream()
                .filter(r -> !key.batchId().equals(JavaConverters.mapAsJavaMap(r.resultKey().tags()).get(BatchKey.BATCH_TAG)))
                .sorted(Comparator.comparingLong(r -> r.resultKey().dataSetDate()))
                .toList();
    }

    /** One result per watched metric: {@code current} is this run's metrics, {@code history} the earlier runs. */
    public List<CheckResult> evaluate(TableContract contract, AnalyzerContext current, ResultKey currentKey, List<AnalysisResult> history) {
        List<CheckResult> out = new ArrayList<>();
        for (Target t : targets(contract)) {
            OptionalDouble now = value(current, t.analyzer());
            List<Tuple2<Long, Double>> past = new ArrayList<>();
            for (AnalysisResult r : history) {
                OptionalDouble v = value(r.analyzerContext(), t.analyzer());
                if (v.isPresent() && r.resultKey().dataSetDate() < currentKey.dataSetDate()) {
                    past.add(new Tuple2<>(r.resultKey().dataSetDate(), v.getAsDouble()));
                }
            }
            out.add(evaluate(t, now, currentKey.dataSetDate(), past));
        }
        return out;
    }

    private CheckResult evaluate(Target t, OptionalDouble now, long time, List<Tuple2<Long, Double>> past) {
        String threshold = threshold(t.kind());
        int needed = t.kind() == Kind.ROW_COUNT ? settings.rowCount().minHistory()
                : t.kind() == Kind.COMPLETENESS ? settings.completeness().minHistory() : settings.distinctness().minHistory();
        String label = label(t);
        if (now.isEmpty()) {
            return result(t, CheckResult.Status.SKIPPED, now, threshold, "not checked: " + label + " could not be measured in this batch");
        }
        String historyText = historyText(t.kind(), past);
        if (past.size() < needed) {
            return result(t, CheckResult.Status.SKIPPED, now, threshold, "not checked: " + past.size() + " earlier batch"
                    + (past.size() == 1 ? "" : "es") + " in history, anomaly detection needs " + needed + historyText);
        }
        List<DataPoint<Object>> points = past.stream().map(p -> new DataPoint<Object>(p._1(), Option.apply((Object) p._2()))).toList();
        DataPoint<Object> newPoint = new DataPoint<>(time, Option.apply((Object) now.getAsDouble()));
        double v = now.getAsDouble();
        if (t.kind() == Kind.ROW_COUNT) {
            AnomalySettings.RowCount rc = settings.rowCount();
            RelativeRateOfChangeStrategy strategy = new RelativeRateOfChangeStrategy(Option.apply(1 - rc.maxDecrease()),
                    Option.apply(1 + rc.maxIncrease()), 1);
            boolean anomalous = anomalous(strategy, points, newPoint);
            double previous = past.get(past.size() - 1)._2();
            String change = previous == 0 ? "previous batch had 0 rows" : "change " + percent(v / previous - 1, true);
            String message = "row count " + count(v) + " vs previous " + count(previous) + ": " + change
                    + (anomalous ? " outside " : " within ") + range(rc) + historyText;
            return result(t, anomalous ? CheckResult.Status.FAILED : CheckResult.Status.PASSED, now, threshold, message);
        }
        AnomalySettings.Normal n = t.kind() == Kind.COMPLETENESS ? settings.completeness() : settings.distinctness();
        OnlineNormalStrategy strategy = new OnlineNormalStrategy(option(n.lowerDeviationFactor()), option(n.upperDeviationFactor()),
                n.ignoreStartPercentage(), true);
        boolean anomalous = anomalous(strategy, points, newPoint);
        // The mean and σ Deequ judged the new value by: its running statistics at the last point.
        List<Object> series = new ArrayList<>(past.stream().map(p -> (Object) p._2()).toList());
        series.add(v);
        List<OnlineNormalStrategy.OnlineCalculationResult> stats = JavaConverters.seqAsJavaList(strategy.computeStatsAndAnomalies(
                JavaConverters.asScalaBuffer(series).toVector(), new Tuple2<>(0, Integer.MAX_VALUE)));
        OnlineNormalStrategy.OnlineCalculationResult last = stats.get(stats.size() - 1);
        String lower = n.lowerDeviationFactor().map(f -> Verdicts.format(last.mean() - f * last.stdDev())).orElse("-∞");
        String upper = n.upperDeviationFactor().map(f -> Verdicts.format(last.mean() + f * last.stdDev())).orElse("+∞");
        String message = label + " " + Verdicts.format(v) + (anomalous ? " outside " : " within ") + "[" + lower + ", " + upper
                + "] (mean " + Verdicts.format(last.mean()) + ", σ " + Verdicts.format(last.stdDev()) + ")" + historyText;
        return result(t, anomalous ? CheckResult.Status.FAILED : CheckResult.Status.PASSED, now, threshold, message);
    }

    private static boolean anomalous(com.amazon.deequ.anomalydetection.AnomalyDetectionStrategy strategy, List<DataPoint<Object>> past,
                                     DataPoint<Object> newPoint) {
        DetectionResult r = new AnomalyDetector(strategy).isNewPointAnomalous(JavaConverters.asScalaBuffer(past).toList(), newPoint);
        return !r.anomalies().isEmpty();
    }

    private CheckResult result(Target t, CheckResult.Status status, OptionalDouble metric, String threshold, String message) {
        return new CheckResult(t.column(), t.rule(), settings.level(), status, metric, threshold, message);
    }

    private String threshold(Kind kind) {
        return switch (kind) {
            case ROW_COUNT -> "change vs previous batch within " + range(settings.rowCount());
            case COMPLETENESS -> normalThreshold(settings.completeness());
            case DISTINCTNESS -> normalThreshold(settings.distinctness());
        };
    }

    private static String normalThreshold(AnomalySettings.Normal n) {
        String lower = n.lowerDeviationFactor().map(f -> "mean - " + Verdicts.format(f) + "σ").orElse("-∞");
        String upper = n.upperDeviationFactor().map(f -> "mean + " + Verdicts.format(f) + "σ").orElse("+∞");
        return "within [" + lower + ", " + upper + "] of history";
    }

    private static String range(AnomalySettings.RowCount rc) {
        return "[" + percent(-rc.maxDecrease(), true) + ", " + percent(rc.maxIncrease(), true) + "]";
    }

    private static String label(Target t) {
        return switch (t.kind()) {
            case ROW_COUNT -> "row count";
            case COMPLETENESS -> "completeness of " + t.column();
            case DISTINCTNESS -> "distinctness of " + t.column();
        };
    }

    private static String historyText(Kind kind, List<Tuple2<Long, Double>> past) {
        if (past.isEmpty()) {
            return "";
        }
        List<Tuple2<Long, Double>> shown = past.subList(Math.max(0, past.size() - HISTORY_SHOWN), past.size());
        String values = shown.stream().map(p -> kind == Kind.ROW_COUNT ? count(p._2()) : Verdicts.format(p._2()))
                .collect(Collectors.joining(", "));
        return "; history" + (shown.size() < past.size() ? " (last " + shown.size() + " of " + past.size() + ")" : "") + ": " + values;
    }

    static String count(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Verdicts.format(v);
    }

    /** -0.488 → "-48.8%", 0.5 → "+50%": one decimal, no trailing zero. */
    static String percent(double fraction, boolean signed) {
        String body = Verdicts.format(Math.round(fraction * 1000) / 10.0);
        return (signed && fraction >= 0 ? "+" : "") + body + "%";
    }

    private static Option<Object> option(Optional<Double> d) {
        return d.isPresent() ? Option.apply((Object) d.get()) : Option.empty();
    }

    private static OptionalDouble value(AnalyzerContext context, Analyzer<?, Metric<?>> analyzer) {
        Option<Metric<?>> m = context.metric(analyzer);
        if (m.isEmpty() || !m.get().value().isSuccess() || !(m.get().value().get() instanceof Number n)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(n.doubleValue());
    }

    /** Deequ's loader takes tags as a Scala map. */
    private static final class BatchKeyTags {
        static scala.collection.immutable.Map<String, String> table(String table) {
            return JavaConverters.mapAsScalaMap(Map.of(BatchKey.TABLE_TAG, table)).toMap(scala.Predef.$conforms());
        }
    }
}
