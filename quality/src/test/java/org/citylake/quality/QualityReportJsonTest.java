package org.citylake.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.citylake.quality.report.QualityReportJson;
import org.citylake.quality.score.QualityScorer;
import org.citylake.quality.score.ScoreWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON twin carries what the page shows, from the same fixed history as {@link QualityReportPageTest}. */
class QualityReportJsonTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode written(Path out) throws Exception {
        Path file = new QualityReportJson(new QualityScorer(ScoreWeights.defaults()))
                .write(out, QualityReportPageTest.history(), QualityReportPageTest.quarantine(), Instant.parse("2026-11-25T09:00:00Z"));
        assertThat(file).isEqualTo(out.resolve("report.json"));
        return JSON.readTree(Files.readString(file));
    }

    @Test
    void scoresAreThoseOfTheLatestBatchRolledUpByRows(@TempDir Path out) throws Exception {
        JsonNode root = written(out);
        assertThat(root.get("format_version").asInt()).isEqualTo(1);
        assertThat(root.get("generated_at").asText()).isEqualTo("2026-11-25T09:00:00Z");
        // person p-3: accessibility 100 (w .10), completeness 0 (w .25: failed error + failed warning), consistency 100 (.20),
        // conformity 100 (.20); the skipped reference check counts neither way → 50 / .75
        double person = 50 / 0.75;
        // place g-1: accessibility 100 (.10), accuracy 0 (.15) → 10 / .25
        double place = 40;
        JsonNode tables = root.get("tables");
        assertThat(names(tables)).containsExactly("base.person", "base.place");
        assertThat(tables.get(0).get("score").asDouble()).isCloseTo(person, within(1e-9));
        assertThat(tables.get(1).get("score").asDouble()).isCloseTo(place, within(1e-9));
        assertThat(root.at("/district/score").asDouble()).isCloseTo((512 * person + 40 * place) / 552, within(1e-9));
        assertThat(root.at("/district/row_count").asLong()).isEqualTo(552);
        JsonNode ind = tables.get(0).get("indicators");
        assertThat(ind.get("completeness").asDouble()).isEqualTo(0.0);
        assertThat(ind.get("conformity").asDouble()).isEqualTo(100.0);
        assertThat(ind.has("timeliness")).as("not measured is absent, not 100").isFalse();
        assertThat(tables.get(0).get("gate").asText()).isEqualTo("blocked");
        assertThat(tables.get(0).get("batch_id").asText()).isEqualTo("p-3");
    }

    @Test
    void checksCarryStatusMetricThresholdAndLevel(@TempDir Path out) throws Exception {
        JsonNode checks = written(out).at("/tables/0/checks");
        assertThat(checks.size()).isEqualTo(6);
        JsonNode name = find(checks, "name:completeness");
        assertThat(name.get("status").asText()).isEqualTo("failed");
        assertThat(name.get("level").asText()).isEqualTo("error");
        assertThat(name.get("metric").asDouble()).isEqualTo(0.98);
        assertThat(name.get("threshold").asText()).isEqualTo("== 1.0");
        assertThat(name.get("indicator").asText()).isEqualTo("completeness");
        assertThat(name.get("message").asText()).contains("<script>"); // JSON is data: escaping is the reader's business
        JsonNode skipped = find(checks, "holder_id:reference");
        assertThat(skipped.get("status").asText()).isEqualTo("skipped");
        assertThat(skipped.get("metric").isNull()).isTrue();
    }

    @Test
    void trendsAnomaliesAndQuarantine(@TempDir Path out) throws Exception {
        JsonNode person = written(out).at("/tables/0");
        JsonNode trends = person.get("trends");
        List<String> batches = new ArrayList<>();
        trends.forEach(t -> batches.add(t.get("batch_id").asText()));
        assertThat(batches).containsExactly("p-1", "p-2", "p-3");
        assertThat(trends.get(2).get("row_count").asLong()).isEqualTo(512);
        assertThat(trends.get(0).get("score").asDouble()).isEqualTo(100.0);
        assertThat(trends.get(2).at("/metrics/name:completeness").asDouble()).isEqualTo(0.98);
        assertThat(trends.get(2).at("/metrics").has("holder_id:reference")).isFalse();

        JsonNode anomalies = person.get("anomalies");
        assertThat(anomalies.size()).isEqualTo(1);
        assertThat(anomalies.get(0).get("rule_id").asText()).isEqualTo("*:row_count_anomaly");
        assertThat(anomalies.get(0).get("message").asText()).contains("history: 990, 1000");

        JsonNode q = person.get("quarantine");
        assertThat(q.get(0).get("reason_code").asText()).isEqualTo("DATE_FORMAT");
        assertThat(q.get(0).get("rows").asLong()).isEqualTo(30);
        assertThat(q.size()).isEqualTo(3);
        JsonNode sample = q.get(1).get("samples").get(0);
        assertThat(q.get(1).get("reason_code").asText()).isEqualTo("GB11643_CHECK_DIGIT");
        assertThat(sample.get("source_file").asText() + ":" + sample.get("line").asLong()).isEqualTo("population_registry.csv:17");
        assertThat(sample.at("/values/resident_id").asText()).isEqualTo("340102********123X");
        assertThat(sample.at("/values/phone").asText()).isEqualTo("138****5678");
        assertThat(sample.at("/values/residence_address").isNull()).isTrue();
        assertThat(q.get(0).at("/samples/0/readable").asBoolean()).isFalse();
        assertThat(Files.readString(out.resolve("report.json"))).doesNotContain("34010219900512123X", "13812345678", "欧阳娜娜");
        assertThat(written(out).at("/tables/1/quarantine").size()).isZero();
    }

    @Test
    void renderingIsDeterministic() {
        QualityReportJson json = new QualityReportJson(new QualityScorer(ScoreWeights.defaults()));
        Instant at = Instant.parse("2026-11-25T09:00:00Z");
        assertThat(json.render(QualityReportPageTest.history(), QualityReportPageTest.quarantine(), at))
                .isEqualTo(json.render(QualityReportPageTest.history(), QualityReportPageTest.quarantine(), at));
    }

    private static List<String> names(JsonNode tables) {
        List<String> out = new ArrayList<>();
        tables.forEach(t -> out.add(t.get("table").asText()));
        return out;
    }

    private static JsonNode find(JsonNode checks, String ruleId) {
        for (JsonNode c : checks) {
            if (c.get("rule_id").asText().equals(ruleId)) {
                return c;
            }
        }
        throw new AssertionError("no check " + ruleId);
    }
}
