package org.citylake.quality.anomaly;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.citylake.catalog.contract.QualityRule;
import org.citylake.quality.YamlConf;

/**
 * Parameters of anomaly detection, from {@code conf/quality/anomaly.yaml}. Defaults are chosen for the
 * small histories a district starts with:
 * <ul>
 *   <li>row count: Deequ's {@code RelativeRateOfChangeStrategy} against the previous batch, accepted change
 *       {@code [-max_decrease, +max_increase]} (fractions; 0.2 = 20 %), active after {@code min_history} batches;</li>
 *   <li>completeness / distinctness: Deequ's {@code OnlineNormalStrategy}, bound = mean − lower factor · σ
 *       (and + upper factor · σ; {@code null} = unbounded). Deequ's running mean and σ include the new
 *       value itself, so a single outlier after n equal values has a z-score of at most √n: a factor of 3
 *       would need ≥ 9 earlier batches to ever fire, hence the default factor 2 with 5 batches of history.</li>
 * </ul>
 */
public record AnomalySettings(QualityRule.Level level, RowCount rowCount, Normal completeness, Normal distinctness) {

    public record RowCount(double maxDecrease, double maxIncrease, int minHistory) {
        public RowCount {
            if (maxDecrease < 0 || maxDecrease > 1 || maxIncrease < 0 || minHistory < 1) {
                throw new IllegalArgumentException("row_count: need 0 <= max_decrease <= 1, max_increase >= 0, min_history >= 1");
            }
        }
    }

    public record Normal(Optional<Double> lowerDeviationFactor, Optional<Double> upperDeviationFactor,
                         double ignoreStartPercentage, int minHistory) {
        public Normal {
            if (lowerDeviationFactor.isEmpty() && upperDeviationFactor.isEmpty()) {
                throw new IllegalArgumentException("at least one of lower/upper_deviation_factor must be set");
            }
            if (minHistory < 1) {
                throw new IllegalArgumentException("min_history must be >= 1");
            }
        }
    }

    public static AnomalySettings defaults() {
        return new AnomalySettings(QualityRule.Level.WARNING, new RowCount(0.2, 0.5, 2),
                new Normal(Optional.of(2.0), Optional.empty(), 0.0, 5),
                new Normal(Optional.of(2.0), Optional.empty(), 0.0, 5));
    }

    /** Reads the file; every key is optional and falls back to {@link #defaults()}. */
    public static AnomalySettings load(Path file) {
        YamlConf conf = YamlConf.load(file).only("level", "row_count", "completeness", "distinctness");
        AnomalySettings d = defaults();
        QualityRule.Level level = QualityRule.Level.valueOf(conf.string("level", d.level().code()).toUpperCase(Locale.ROOT));
        RowCount rc = conf.section("row_count").map(s -> {
            s.only("max_decrease", "max_increase", "min_history");
            return new RowCount(s.requiredNumber("max_decrease", d.rowCount().maxDecrease()),
                    s.requiredNumber("max_increase", d.rowCount().maxIncrease()),
                    (int) s.requiredNumber("min_history", d.rowCount().minHistory()));
        }).orElse(d.rowCount());
        return new AnomalySettings(level, rc, normal(conf.section("completeness"), d.completeness()),
                normal(conf.section("distinctness"), d.distinctness()));
    }

    private static Normal normal(Optional<YamlConf> section, Normal d) {
        return section.map(s -> {
            s.only("lower_deviation_factor", "upper_deviation_factor", "ignore_start_percentage", "min_history");
            return new Normal(s.number("lower_deviation_factor", d.lowerDeviationFactor().orElse(null)),
                    s.number("upper_deviation_factor", d.upperDeviationFactor().orElse(null)),
                    s.requiredNumber("ignore_start_percentage", d.ignoreStartPercentage()),
                    (int) s.requiredNumber("min_history", d.minHistory()));
        }).orElse(d);
    }
}
