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
import org.citylake.catalog.contract.TableContract;
import org.citylake.quality.report.QualityReportPage;
import org.citylake.quality.report.QuarantineReason;
import org.citylake.quality.report.QuarantineSample;
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
    static final Path GOLDEN_QUARANTINE = Path.of("src/test/resources/golden/quality-report-quarantine.html");
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

    /** A person as a department delivered it: every value a steward must never see in clear. */
    static Map<String, Object> received() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("resident_id", "34010219900512123X");
        r.put("name", "欧阳娜娜");
        r.put("sex", "1");
        r.put("ethnicity", "01");
        r.put("birth_date", "1990/13/45");
        r.put("phone", "13812345678");
        r.put("domicile_address", "安徽省合肥市瑶海区明光路街道胜利路12号");
        r.put("residence_address", null);
        r.put("street_code", "340102001");
        r.put("community_code", "340102001002");
        r.put("registered_at", "2019-03-01");
        return r;
    }

    static Map<String, List<QuarantineReason>> quarantine() {
        TableContract person = Fixtures.contract("base.person");
        Map<String, Object> xss = received();
        xss.put("sex", XSS);
        List<QuarantineReason> reasons = List.of(
                new QuarantineReason("GB11643_CHECK_DIGIT", 12L, List.of(
                        QuarantineSample.masked(person, "population_registry.csv", 17, "resident_id", "standard:gb11643", true, received()),
                        QuarantineSample.masked(person, "grid_residents.csv", 3, "resident_id", "standard:gb11643", true, xss))),
                new QuarantineReason("<img src=x onerror=alert(1)>", 3L),
                new QuarantineReason("DATE_FORMAT", 30L, List.of(
                        QuarantineSample.masked(person, "population_registry.csv", 40, null, "wrong_field_count", false, received()))));
        return Map.of("base.person", reasons);
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
    void quarantineSectionMatchesItsGoldenFileAndShowsOnlyMaskedValues() throws Exception {
        String section = QualityReportPage.quarantineSection(quarantine().get("base.person"));
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(GOLDEN_QUARANTINE, section, StandardCharsets.UTF_8);
        }
        assertThat(section).isEqualTo(Files.readString(GOLDEN_QUARANTINE, StandardCharsets.UTF_8));
        // Nothing the contract masks appears in clear, in whole or in telling part.
        assertThat(section).doesNotContain("34010219900512123X", "19900512", "欧阳", "娜娜", "13812345678", "12345678", "胜利路", "1990/13/45")
                .doesNotContain(">01<"); // ethnicity is suppressed
        assertThat(section).contains("340102********123X", "欧***", "138****5678", "<td>1990</td>", "安徽省合肥市" + "*".repeat(14),
                "<td>[suppressed]</td>", "population_registry.csv:17", "grid_residents.csv:3");
        // an unreadable record shows where it is and why, never its text
        assertThat(section).contains("population_registry.csv:40").contains("unreadable record");
        // top reason's samples first; the reason without samples gets none
        assertThat(section.indexOf("data-reason=\"DATE_FORMAT\"")).isLessThan(section.indexOf("data-reason=\"GB11643_CHECK_DIGIT\""));
        assertThat(section).doesNotContain("data-reason=\"&lt;img");
        assertThat(section).doesNotContain("<script").contains("&lt;script&gt;");
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
