package org.citylake.quality.score;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.citylake.catalog.contract.QualityRule;
import org.citylake.quality.YamlConf;

/**
 * How scores are weighed, from {@code conf/quality/scores.yaml}: each indicator's weight in a table's
 * score, each check level's weight inside an indicator, how tables roll up to the district, and which
 * indicator each rule kind counts toward. The defaults here are the shipped file's values.
 *
 * <p>Rule kinds → indicators (GB/T 36344), and why:
 * <ul>
 *   <li>completeness, and the completeness/row-count anomalies → 完整性 completeness (a batch that suddenly
 *       lost rows or values is incomplete);</li>
 *   <li>pattern, allowed_values, dictionary → 规范性 conformity: the value follows the format or code standard;</li>
 *   <li>range → 准确性 accuracy: a well-formed value outside what is plausible (a birth date after today, a
 *       point outside the district) is wrong about the world, not about the format;</li>
 *   <li>uniqueness, reference, distinctness anomaly → 一致性 consistency: one record per entity, and the
 *       records of different tables agree;</li>
 *   <li>freshness → 时效性 timeliness;</li>
 *   <li>row_count → 可访问性 accessibility: the batch could be read and queried and holds rows.</li>
 * </ul>
 */
public record ScoreWeights(Map<Indicator, Double> indicators, Map<QualityRule.Level, Double> levels, DistrictWeighting district,
                           Map<String, Indicator> rules) {

    /** How table scores roll up to the district score. */
    public enum DistrictWeighting {
        /** Each table counts by its rows in the scored batch: a big table's problems touch more records. */
        ROW_COUNT,
        /** Every table counts the same. */
        EQUAL
    }

    public ScoreWeights {
        indicators = Map.copyOf(indicators);
        levels = Map.copyOf(levels);
        Objects.requireNonNull(district, "district");
        rules = Map.copyOf(rules);
        for (Indicator i : Indicator.values()) {
            if (indicators.getOrDefault(i, -1.0) < 0) {
                throw new IllegalArgumentException("indicator weight missing or negative: " + i.code());
            }
        }
        for (QualityRule.Level l : QualityRule.Level.values()) {
            if (levels.getOrDefault(l, -1.0) <= 0) {
                throw new IllegalArgumentException("level weight missing or not positive: " + l.code());
            }
        }
    }

    public static ScoreWeights defaults() {
        Map<Indicator, Double> ind = new EnumMap<>(Indicator.class);
        ind.put(Indicator.CONFORMITY, 0.20);
        ind.put(Indicator.COMPLETENESS, 0.25);
        ind.put(Indicator.ACCURACY, 0.15);
        ind.put(Indicator.CONSISTENCY, 0.20);
        ind.put(Indicator.TIMELINESS, 0.10);
        ind.put(Indicator.ACCESSIBILITY, 0.10);
        return new ScoreWeights(ind, Map.of(QualityRule.Level.ERROR, 1.0, QualityRule.Level.WARNING, 0.5), DistrictWeighting.ROW_COUNT,
                defaultRules());
    }

    static Map<String, Indicator> defaultRules() {
        Map<String, Indicator> r = new LinkedHashMap<>();
        r.put("completeness", Indicator.COMPLETENESS);
        r.put("uniqueness", Indicator.CONSISTENCY);
        r.put("pattern", Indicator.CONFORMITY);
        r.put("allowed_values", Indicator.CONFORMITY);
        r.put("dictionary", Indicator.CONFORMITY);
        r.put("range", Indicator.ACCURACY);
        r.put("reference", Indicator.CONSISTENCY);
        r.put("freshness", Indicator.TIMELINESS);
        r.put("row_count", Indicator.ACCESSIBILITY);
        r.put("row_count_anomaly", Indicator.COMPLETENESS);
        r.put("completeness_anomaly", Indicator.COMPLETENESS);
        r.put("distinctness_anomaly", Indicator.CONSISTENCY);
        r.put("rejected_fraction", Indicator.CONFORMITY);
        return r;
    }

    /** Reads the file; an absent section keeps its defaults, an unknown key is an error. */
    public static ScoreWeights load(Path file) {
        YamlConf conf = YamlConf.load(file).only("indicators", "levels", "district", "rules");
        ScoreWeights d = defaults();
        Map<Indicator, Double> ind = new EnumMap<>(d.indicators());
        conf.section("indicators").ifPresent(s -> {
            s.only(java.util.Arrays.stream(Indicator.values()).map(Indicator::code).toArray(String[]::new));
            for (Indicator i : Indicator.values()) {
                ind.put(i, s.requiredNumber(i.code(), d.indicators().get(i)));
            }
        });
        Map<QualityRule.Level, Double> lv = new EnumMap<>(d.levels());
        conf.section("levels").ifPresent(s -> {
            s.only("error", "warning");
            for (QualityRule.Level l : QualityRule.Level.values()) {
                lv.put(l, s.requiredNumber(l.code(), d.levels().get(l)));
            }
        });
        DistrictWeighting dw = conf.section("district").map(s -> {
            s.only("weighting");
            return DistrictWeighting.valueOf(s.string("weighting", d.district().name()).toUpperCase(Locale.ROOT));
        }).orElse(d.district());
        Map<String, Indicator> rules = new LinkedHashMap<>(d.rules());
        conf.section("rules").ifPresent(s -> s.keys().forEach(k -> rules.put(k, Indicator.ofCode(s.string(k, "")))));
        return new ScoreWeights(ind, lv, dw, rules);
    }
}
