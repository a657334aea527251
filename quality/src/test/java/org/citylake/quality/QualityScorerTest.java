package org.citylake.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import org.citylake.catalog.contract.QualityRule.Level;
import org.citylake.quality.CheckResult.Status;
import org.citylake.quality.score.Indicator;
import org.citylake.quality.score.QualityScorer;
import org.citylake.quality.score.QualityScores;
import org.citylake.quality.score.ScoreWeights;
import org.citylake.quality.score.TableScore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityScorerTest {
    static final Instant AT = Instant.parse("2026-11-25T08:00:00Z");
    final QualityScorer scorer = new QualityScorer(ScoreWeights.defaults());

    static CheckResult r(String column, String rule, Level level, Status status) {
        return new CheckResult(column, rule, level, status, OptionalDouble.of(1), "== 1.0", "");
    }

    static QualityReport report(String table, long rows, CheckResult... results) {
        return new QualityReport(table, "b1", AT, rows, List.of(results));
    }

    @Test
    void shippedFileSaysWhatTheDefaultsSay() {
        assertThat(ScoreWeights.load(Fixtures.HOME.resolve("conf/quality/scores.yaml"))).isEqualTo(ScoreWeights.defaults());
    }

    @Test
    void allPassedIsHundredAndUnmeasuredIndicatorsAreAbsent() {
        TableScore s = scorer.score(report("base.place", 10, r("*", "row_count", Level.ERROR, Status.PASSED),
                r("place_id", "completeness", Level.ERROR, Status.PASSED), r("place_id", "reference", Level.WARNING, Status.SKIPPED)));
        assertThat(s.score()).isEqualTo(100.0);
        assertThat(s.indicators()).containsOnlyKeys(Indicator.ACCESSIBILITY, Indicator.COMPLETENESS);
    }

    @Test
    void failuresCostByLevelAndIndicatorWeight() {
        TableScore s = scorer.score(report("base.person", 100,
                r("*", "row_count", Level.ERROR, Status.PASSED),                 // accessibility 100
                r("resident_id", "completeness", Level.ERROR, Status.PASSED),
                r("ethnicity", "completeness", Level.WARNING, Status.FAILED),    // completeness 1 / 1.5
                r("resident_id", "pattern", Level.ERROR, Status.FAILED),
                r("resident_id", "pattern#2", Level.ERROR, Status.PASSED),        // conformity 1 / 2
                r("birth_date", "range", Level.ERROR, Status.PASSED),            // accuracy 100
                r("resident_id", "uniqueness", Level.ERROR, Status.FAILED),      // consistency 0
                r("registered_at", "freshness", Level.WARNING, Status.PASSED))); // timeliness 100

        assertThat(s.indicators().get(Indicator.COMPLETENESS)).isCloseTo(100.0 / 1.5, within(1e-9));
        assertThat(s.indicators().get(Indicator.CONFORMITY)).isEqualTo(50.0);
        assertThat(s.indicators().get(Indicator.CONSISTENCY)).isEqualTo(0.0);
        double expected = (0.10 * 100 + 0.25 * 100 / 1.5 + 0.20 * 50 + 0.15 * 100 + 0.20 * 0 + 0.10 * 100) / 1.0;
        assertThat(s.score()).isCloseTo(expected, within(1e-9));
    }

    @Test
    void districtRollsUpByRowsOrEqually(@TempDir Path dir) throws Exception {
        QualityReport big = report("base.person", 300, r("*", "row_count", Level.ERROR, Status.PASSED));
        QualityReport small = report("base.place", 100, r("*", "row_count", Level.ERROR, Status.PASSED),
                r("place_id", "completeness", Level.ERROR, Status.FAILED));
        QualityScores byRows = scorer.score(List.of(big, small));
        // place: accessibility 100 (w .10), completeness 0 (w .25) → 10 / .35
        double place = 100 * 0.10 / 0.35;
        assertThat(byRows.table("base.place").orElseThrow().score()).isCloseTo(place, within(1e-9));
        assertThat(byRows.district()).isCloseTo((300 * 100 + 100 * place) / 400, within(1e-9));
        assertThat(byRows.districtIndicators().get(Indicator.COMPLETENESS)).isEqualTo(0.0);

        Path f = dir.resolve("scores.yaml");
        Files.writeString(f, "district: {weighting: equal}\n");
        QualityScores equal = new QualityScorer(ScoreWeights.load(f)).score(List.of(big, small));
        assertThat(equal.district()).isCloseTo((100 + place) / 2, within(1e-9));
    }

    @Test
    void unknownRuleKindOrConfigKeyIsAnError(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> scorer.score(report("t", 1, r("c", "sparkle", Level.ERROR, Status.PASSED))))
                .hasMessageContaining("'sparkle' has no indicator");
        Path f = dir.resolve("scores.yaml");
        Files.writeString(f, "indicators: {conformty: 0.3}\n");
        assertThatThrownBy(() -> ScoreWeights.load(f)).hasMessageContaining("unknown key 'conformty'");
    }
}
