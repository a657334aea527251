package org.citylake.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citylake.catalog.contract.QualityRule.Level;
import org.citylake.quality.CheckResult.Status;
import org.citylake.quality.metrics.MetricRecord;
import org.citylake.quality.report.QualityReportPage;
import org.citylake.quality.report.TableHistory;
import org.citylake.quality.score.QualityScorer;
import org.citylake.quality.score.ScoreWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fixed history renders to the committed golden page (regenerate with -Dgolden.update=true and review
 * the diff), and the page has the parts a steward needs and nothing that could run or fetch anything.
 */
class QualityReportPageTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/quality-report.html");
    static final Instant T0 = Instant.parse("2026-11-20T02:00:00Z");
    static final String XSS = "<script>alert('x')</script>";

    static CheckResult r(String column, String rule, Level level, Status status, double metric, String threshold, String message) {
        return new CheckResult(column, rule, level, status, OptionalDouble.of(metric), threshold, message);
    }

    static List<TableHistory> history() {
        long[] sizes = {990, 1000, 512};
        double[] names = {1.0, 1.0, 0.98};
        List<QualityReport> person = new ArrayList<>();
        List<MetricRecord> metrics = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Instant at = T0.plus(Duration.ofDays(i));
            String batch = "p-" + (i + 1);
            boolean last = i == 2;
            person.add(new QualityReport("base.person", batch, at, sizes[i], List.of(
                    r("*", "row_count", Level.ERROR, Status.PASSED, sizes[i], "> 0", "number of rows in the batch: " + sizes[i]),
                    r("*", "row_count_anomaly", Level.WARNING, last ? Status.FAILED : Status.PASSED, sizes[i],
                            "change vs previous batch within [-20%, +50%]", last
                                    ? "row count 512 vs previous 1000: change -48.8% outside [-20%, +50%]; history: 990, 1000"
                                    : "row count ok"),
                    r("name", "completeness", Level.ERROR, names[i] == 1.0 ? Status.PASSED : Status.FAILED, names[i], "== 1.0",
                            last ? "share of rows with name filled in: " + XSS : "share of rows with name filled in"),
                    r("resident_id", "uniqueness", Level.ERROR, Status.PASSED, 1.0, "== 1.0", "unique"),
                    r("sex", "allowed_values", Level.WARNING, Status.PASSED, 1.0, "== 1.0", "codes"),
                    new CheckResult("holder_id", "reference", Level.WARNING, Status.SKIPPED, OptionalDouble.empty(), ">= 0.9", "not checked"))));
            metrics.add(new MetricRecord("base.person", batch, OptionalLong.of(100L + i), at, "Dataset", "*", "Size", sizes[i], "Size(None)"));
        }
        List<QualityReport> place = List.of(
                new QualityReport("base.place", "g-1", T0, 40, List.of(
                        r("*", "row_count", Level.ERROR, Status.PASSED, 40, "> 0", "rows"),
                        r("longitude", "range", Level.ERROR, Status.FAILED, 0.95, "== 1.0", "outside the district"))));
        return List.of(new TableHistory("base.person", person, metrics), new TableHistory("base.place", place, List.of()));
    }

    static Map<String, Map<String, Long>> quarantine() {
        Map<String, Long> person = new LinkedHashMap<>();
        person.put("GB11643_CHECK_DIGIT", 12L);
        person.put("<img src=x onerror=alert(1)>", 3L);
        person.put("DATE_FORMAT", 30L);
        return Map.of("base.person", person);
    }

    static String render() {
        return new QualityReportPage(new QualityScorer(ScoreWeights.defaults())).render(history(), quarantine(), Instant.parse("2026-11-25T09:00:00Z"));
    }

    static String normalise(String html) {
        return html.replaceAll("<time>[^<]*</time>", "<time>GENERATED</time>");
    }

    @Test
    void matchesTheGoldenPage() throws Exception {
        String html = normalise(render());
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(GOLDEN, html, StandardCharsets.UTF_8);
        }
        assertThat(html).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
    }

    @Test
    void dataCannotBecomeMarkupAndNothingIsFetched() {
        String html = render();
        assertThat(html).doesNotContain("<script").doesNotContain("<img")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;").contains("&lt;img src=x onerror=alert(1)&gt;");
        assertThat(html).doesNotContainIgnoringCase("http:").doesNotContainIgnoringCase("https:").doesNotContain("<link")
                .doesNotContain("src=\"");
    }

    @Test
    void pageShowsScoresChecksTrendsAnomaliesAndQuarantine(@TempDir Path out) throws Exception {
        Path file = new QualityReportPage(new QualityScorer(ScoreWeights.defaults())).write(out, history(), quarantine(), Instant.EPOCH);
        assertThat(file).isEqualTo(out.resolve("index.html"));
        String html = Files.readString(file);

        assertThat(html).contains("<section id=\"district\">", "<section class=\"table\" id=\"t-base-person\">",
                "<section class=\"table\" id=\"t-base-place\">");
        // person latest: accessibility 100, completeness 1/2 of error weight + failed warning anomaly → 1/2.5, conformity 100, consistency 100
        assertThat(html).contains("规范性", "完整性", "准确性", "一致性", "时效性", "可访问性");
        assertThat(count(html, "<svg class=\"chart\"")).isEqualTo(4); // row count + score for each table
        assertThat(html).contains("aria-label=\"base.person 行数 row count\"").contains("<title>p-3: 512</title>");
        // one sparkline per check row plus one per listed anomaly
        assertThat(count(html, "<svg class=\"spark\"")).isEqualTo(6 + 2 + 1);
        assertThat(html).contains("<tr class=\"failed\"><td>*:row_count_anomaly</td>");
        assertThat(html).contains("<tr class=\"skipped\"><td>holder_id:reference</td>");
        assertThat(html).contains("<ul class=\"anomalies\">\n<li><b>*:row_count_anomaly</b>")
                .contains("history: 990, 1000");
        // quarantine reasons by count, largest first
        assertThat(html.indexOf("DATE_FORMAT")).isLessThan(html.indexOf("GB11643_CHECK_DIGIT"));
        assertThat(html).contains("发布闸门 publish gate: <span class=\"failed\">阻断 BLOCKED</span>");
    }

    private static int count(String s, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
