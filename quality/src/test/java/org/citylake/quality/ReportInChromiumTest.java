package org.citylake.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.citylake.quality.report.QualityReportPage;
import org.citylake.quality.score.QualityScorer;
import org.citylake.quality.score.ScoreWeights;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the steward's report in a real browser — Debian's headless Chromium, offline, with a fresh profile —
 * and checks the DOM the browser built (not the text we wrote): a score per table, every check with status,
 * metric, threshold and level, the trend charts as SVG, and masked quarantine samples. Chromium is required:
 * {@code .ci/run} installs it; a machine without it fails here, loudly, rather than skipping.
 */
class ReportInChromiumTest {
    /** Overridable for machines that keep it elsewhere: {@code -Dcitylake.chromium=/path}. */
    static final Path CHROMIUM = Path.of(System.getProperty("citylake.chromium", "/usr/bin/chromium"));

    @Test
    void chromiumShowsScoresChecksTrendsAndMaskedQuarantineSamples(@TempDir Path dir) throws Exception {
        Path page = new QualityReportPage(new QualityScorer(ScoreWeights.defaults()))
                .write(dir.resolve("report"), QualityReportPageTest.history(), QualityReportPageTest.quarantine(), Instant.parse("2026-11-25T09:00:00Z"));
        Document dom = Jsoup.parse(dumpDom(page, dir), page.toUri().toString());

        assertThat(dom.title()).contains("Data quality report");
        // a score per table, and the district's
        assertThat(dom.select("#district .district-score").text()).matches("\\d+\\.\\d");
        Elements scoreRows = dom.select("table.scores tbody tr");
        assertThat(scoreRows.eachText()).anyMatch(t -> t.startsWith("base.person p-3 512 "))
                .anyMatch(t -> t.startsWith("base.place g-1 40 ")).anyMatch(t -> t.startsWith("全区 District"));
        for (Element row : scoreRows) {
            assertThat(row.select("td").get(3).text()).as(row.text()).matches("\\d+\\.\\d");
        }
        assertThat(dom.select("section.table h2 .score").eachText()).hasSize(2).allMatch(s -> s.matches("\\d+\\.\\d"));

        // per check: rule, indicator, level, status, metric, threshold (and a sparkline)
        Element person = dom.getElementById("t-base-person");
        assertThat(person).isNotNull();
        Elements checks = person.select("table.checks tbody tr");
        assertThat(checks).hasSize(6);
        Element completeness = checks.stream().filter(r -> r.child(0).text().equals("name:completeness")).findFirst().orElseThrow();
        assertThat(completeness.className()).isEqualTo("failed");
        assertThat(List.of(completeness.child(2).text(), completeness.child(3).text(), completeness.child(4).text(), completeness.child(5).text()))
                .containsExactly("error", "失败 FAILED", "0.98", "== 1.0");
        assertThat(completeness.select("td svg.spark polyline, td svg.spark circle")).isNotEmpty();
        Element skipped = checks.stream().filter(r -> r.child(0).text().equals("holder_id:reference")).findFirst().orElseThrow();
        assertThat(List.of(skipped.child(2).text(), skipped.child(3).text(), skipped.child(4).text(), skipped.child(5).text()))
                .containsExactly("warning", "跳过 SKIPPED", "–", ">= 0.9");

        // trends: an inline SVG chart of row count and score per table, one point per batch
        Elements charts = person.select(".charts svg.chart");
        assertThat(charts).hasSize(2);
        assertThat(charts.get(0).attr("aria-label")).isEqualTo("base.person 行数 row count");
        assertThat(charts.get(0).select("polyline").attr("points").trim().split("\\s+")).hasSize(3);
        assertThat(charts.get(0).select("title").eachText()).contains("p-3: 512");

        // the anomaly is listed with the history that made it fail
        assertThat(person.select("ul.anomalies li").text()).contains("*:row_count_anomaly", "history: 990, 1000");

        // quarantine: reasons by count, samples masked per the contract, the unreadable record withheld
        assertThat(person.select("table.quarantine tbody tr td:first-child").eachText())
                .containsExactly("DATE_FORMAT", "GB11643_CHECK_DIGIT", "<img src=x onerror=alert(1)>");
        Element samples = person.selectFirst("table.samples[data-reason=GB11643_CHECK_DIGIT]");
        assertThat(samples).isNotNull();
        Element first = samples.selectFirst("tbody tr");
        List<String> header = samples.select("thead th").eachText();
        assertThat(first.child(header.indexOf("resident_id")).text()).isEqualTo("340102********123X");
        assertThat(first.child(header.indexOf("name")).text()).isEqualTo("欧***");
        assertThat(first.child(header.indexOf("phone")).text()).isEqualTo("138****5678");
        assertThat(first.child(header.indexOf("ethnicity")).text()).isEqualTo("[suppressed]");
        assertThat(person.select("table.samples[data-reason=DATE_FORMAT] td.unreadable").text()).contains("unreadable record");
        assertThat(dom.text()).doesNotContain("34010219900512123X", "13812345678", "欧阳娜娜");

        // data stayed data in the browser too: no element came from a value
        assertThat(dom.select("script, img, iframe, link")).isEmpty();
    }

    /** The DOM after Chromium loaded and laid out the page, as {@code --dump-dom} serialises it. */
    static String dumpDom(Path page, Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(CHROMIUM)) {
            fail("headless Chromium is required for this test and was not found at " + CHROMIUM
                    + ": install Debian's chromium package (apt-get install -y chromium; .ci/run does this), or point -Dcitylake.chromium at it");
        }
        Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
        Path log = dir.resolve("chromium.log");
        // The machine has no network: these flags keep Chromium from waiting on updates, sync and QUIC probes.
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--dump-dom", page.toUri().toString())
                .redirectError(log.toFile()).start();
        try (InputStream out = p.getInputStream()) {
            byte[] dom = out.readAllBytes();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                fail("Chromium did not finish within 90 s; its log: " + tail(log));
            }
            if (p.exitValue() != 0 || dom.length == 0) {
                fail("Chromium exited with " + p.exitValue() + " and " + dom.length + " bytes of DOM; its log: " + tail(log));
            }
            return new String(dom, StandardCharsets.UTF_8);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static String tail(Path log) throws IOException {
        String s = Files.exists(log) ? Files.readString(log) : "";
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }
}
