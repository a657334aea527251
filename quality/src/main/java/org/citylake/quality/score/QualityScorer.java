package org.citylake.quality.score;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.citylake.quality.CheckResult;
import org.citylake.quality.QualityReport;

/**
 * Scores reports with {@link ScoreWeights}.
 *
 * <p>Indicator score = 100 × (level weight of the passed checks) / (level weight of all evaluated checks)
 * of the checks mapped to that indicator. Skipped checks count neither way. A failed error weighs more
 * than a failed warning (1.0 vs 0.5 by default). Pass/fail rather than the metric itself: a uniqueness of
 * 0.99 is a hard failure, and crediting it 99 would hide that.
 *
 * <p>Table score = indicator scores averaged with the indicator weights, over the indicators measured.
 * District score = table scores averaged by row count or equally ({@code district.weighting}).
 */
public final class QualityScorer {
    private final ScoreWeights weights;

    public QualityScorer(ScoreWeights weights) {
        this.weights = Objects.requireNonNull(weights, "weights");
    }

    public TableScore score(QualityReport report) {
        Map<Indicator, double[]> sums = new EnumMap<>(Indicator.class);
        for (CheckResult r : report.results()) {
            if (r.status() == CheckResult.Status.SKIPPED) {
                continue;
            }
            Indicator indicator = indicator(r.rule());
            double w = weights.levels().get(r.level());
            double[] s = sums.computeIfAbsent(indicator, i -> new double[2]);
            s[0] += r.status() == CheckResult.Status.PASSED ? w : 0;
            s[1] += w;
        }
        Map<Indicator, Double> byIndicator = new EnumMap<>(Indicator.class);
        sums.forEach((i, s) -> byIndicator.put(i, 100.0 * s[0] / s[1]));
        return new TableScore(report.table(), report.batchId(), report.rowCount(), weighted(byIndicator), byIndicator);
    }

    /** Scores each report (the caller passes one batch per table, usually the latest) and rolls them up. */
    public QualityScores score(List<QualityReport> reports) {
        List<TableScore> tables = new ArrayList<>();
        for (QualityReport r : reports) {
            tables.add(score(r));
        }
        return rollUp(tables);
    }

    public QualityScores rollUp(List<TableScore> tables) {
        ToDoubleFunction<TableScore> tableWeight = tableWeight(tables);
        Map<Indicator, Double> district = new EnumMap<>(Indicator.class);
        for (Indicator i : Indicator.values()) {
            double sum = 0;
            double total = 0;
            for (TableScore t : tables) {
                Double s = t.indicators().get(i);
                if (s != null) {
                    sum += tableWeight.applyAsDouble(t) * s;
                    total += tableWeight.applyAsDouble(t);
                }
            }
            if (total > 0) {
                district.put(i, sum / total);
            }
        }
        double sum = 0;
        double total = 0;
        for (TableScore t : tables) {
            sum += tableWeight.applyAsDouble(t) * t.score();
            total += tableWeight.applyAsDouble(t);
        }
        return new QualityScores(total > 0 ? sum / total : 0.0, district, tables);
    }

    /** Row-count weighting falls back to equal when no table has rows (nothing to weigh by). */
    private ToDoubleFunction<TableScore> tableWeight(List<TableScore> tables) {
        boolean byRows = weights.district() == ScoreWeights.DistrictWeighting.ROW_COUNT
                && tables.stream().mapToLong(TableScore::rowCount).sum() > 0;
        return byRows ? t -> (double) t.rowCount() : t -> 1.0;
    }

    private double weighted(Map<Indicator, Double> byIndicator) {
        double sum = 0;
        double total = 0;
        for (Map.Entry<Indicator, Double> e : byIndicator.entrySet()) {
            double w = weights.indicators().get(e.getKey());
            sum += w * e.getValue();
            total += w;
        }
        return total > 0 ? sum / total : 0.0;
    }

    /** The indicator a rule counts toward; {@code pattern#2} counts as {@code pattern}. */
    public Indicator indicator(String rule) {
        int hash = rule.indexOf('#');
        String kind = hash < 0 ? rule : rule.substring(0, hash);
        Indicator i = weights.rules().get(kind);
        if (i == null) {
            throw new IllegalArgumentException("rule kind '" + kind + "' has no indicator; add it under rules: in conf/quality/scores.yaml");
        }
        return i;
    }
}
