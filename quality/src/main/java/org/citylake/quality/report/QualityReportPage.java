package org.citylake.quality.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.citylake.quality.CheckResult;
import org.citylake.quality.QualityReport;
import org.citylake.quality.score.Indicator;
import org.citylake.quality.score.QualityScorer;
import org.citylake.quality.score.QualityScores;
import org.citylake.quality.score.TableScore;

/**
 * The steward's report: ONE self-contained HTML file (inline CSS, inline SVG, no script, no link to
 * anything) that opens with no network. For each table: the latest batch's score per GB/T 36344
 * indicator, every check with status, metric, threshold and level, trends over batches (row count and
 * score charts, a sparkline per check), the anomalies with the history they were judged against, and the
 * quarantine counts by reason code with masked sample rows. Every string is escaped: data can never become markup.
 */
public final class QualityReportPage {
    public static final String FILE = "index.html";
    private final QualityScorer scorer;

    public QualityReportPage(QualityScorer scorer) {
        this.scorer = Objects.requireNonNull(scorer, "scorer");
    }

    /**
     * Writes {@code <outDir>/index.html} for {@code history} (all tables, or the one the caller read);
     * {@code quarantine} is table → its latest batch's quarantine reasons (may be empty). Returns the file written.
     */
    public Path write(Path outDir, List<TableHistory> history, Map<String, List<QuarantineReason>> quarantine, Instant generatedAt) {
        try {
            Files.createDirectories(outDir);
            Path file = outDir.resolve(FILE);
            Files.writeString(file, render(history, quarantine, generatedAt), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the quality report to " + outDir + ": " + e.getMessage(), e);
        }
    }

    /** The page as text; deterministic for a given input. */
    public String render(List<TableHistory> history, Map<String, List<QuarantineReason>> quarantine, Instant generatedAt) {
        List<TableHistory> tables = history.stream().filter(h -> h.latest().isPresent())
                .sorted(Comparator.comparing(TableHistory::table)).toList();
        QualityScores scores = scorer.score(tables.stream().map(h -> h.latest().orElseThrow()).toList());
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>数据质量报告 Data quality report</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        h.append("<h1>数据质量报告 <small>Data quality report</small></h1>\n");
        h.append("<p class=\"generated\">生成时间 Generated: <time>").append(Html.esc(generatedAt.toString())).append("</time></p>\n");

        h.append("<section id=\"district\">\n<h2>全区评分 District score</h2>\n");
        h.append("<p class=\"score district-score\">").append(score(scores.district())).append("</p>\n");
        h.append("<table class=\"scores\">\n<thead><tr><th>表 Table</th><th>批次 Batch</th><th>行数 Rows</th><th>评分 Score</th>");
        for (Indicator i : Indicator.values()) {
            h.append("<th>").append(Html.esc(i.chinese())).append("<br><small>").append(Html.esc(i.code())).append("</small></th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (TableScore t : scores.tables()) {
            h.append("<tr><td><a href=\"#").append(Html.esc(anchor(t.table()))).append("\">").append(Html.esc(t.table())).append("</a></td><td>")
                    .append(Html.esc(t.batchId())).append("</td><td class=\"num\">").append(t.rowCount()).append("</td><td class=\"num\">")
                    .append(score(t.score())).append("</td>");
            indicatorCells(h, t.indicators());
            h.append("</tr>\n");
        }
        h.append("<tr class=\"total\"><td>全区 District</td><td></td><td class=\"num\">")
                .append(scores.tables().stream().mapToLong(TableScore::rowCount).sum()).append("</td><td class=\"num\">")
                .append(score(scores.district())).append("</td>");
        indicatorCells(h, scores.districtIndicators());
        h.append("</tr>\n</tbody>\n</table>\n</section>\n");

        for (TableHistory t : tables) {
            table(h, t, scores.table(t.table()).orElseThrow(), quarantine.getOrDefault(t.table(), List.of()));
        }
        if (tables.isEmpty()) {
            h.append("<p>尚无质量记录 No quality results yet.</p>\n");
        }
        return h.append("</body>\n</html>\n").toString();
    }

    private void table(StringBuilder h, TableHistory t, TableScore score, List<QuarantineReason> quarantine) {
        QualityReport latest = t.latest().orElseThrow();
        h.append("<section class=\"table\" id=\"").append(Html.esc(anchor(t.table()))).append("\">\n");
        h.append("<h2>").append(Html.esc(t.table())).append(" <span class=\"score\">").append(score(score.score())).append("</span></h2>\n");
        h.append("<p>最新批次 Latest batch <b>").append(Html.esc(latest.batchId())).append("</b> · ").append(Html.esc(latest.runAt().toString()))
                .append(" · ").append(latest.rowCount()).append(" 行 rows · 发布闸门 publish gate: ")
                .append(latest.passed() ? "<span class=\"passed\">通过 PASSED</span>" : "<span class=\"failed\">阻断 BLOCKED</span>")
                .append("</p>\n");

        h.append("<h3>趋势 Trends</h3>\n<div class=\"charts\">\n");
        List<Svg.Point> rows = new ArrayList<>();
        List<Svg.Point> scoresOverTime = new ArrayList<>();
        for (QualityReport run : t.runs()) {
            rows.add(new Svg.Point(run.batchId(), t.rowCount(run)));
            scoresOverTime.add(new Svg.Point(run.batchId(), round1(scorer.score(run).score())));
        }
        h.append(Svg.lineChart(t.table() + " 行数 row count", rows, 360, 140)).append('\n');
        h.append(Svg.lineChart(t.table() + " 评分 score", scoresOverTime, 360, 140)).append('\n');
        h.append("</div>\n");

        h.append("<h3>检查 Checks</h3>\n<table class=\"checks\">\n<thead><tr><th>规则 Rule</th><th>指标 Indicator</th><th>级别 Level</th>")
                .append("<th>状态 Status</th><th>度量 Metric</th><th>阈值 Threshold</th><th>趋势 Trend</th><th>说明 Message</th></tr></thead>\n<tbody>\n");
        for (CheckResult r : latest.results()) {
            h.append("<tr class=\"").append(r.status().name().toLowerCase(java.util.Locale.ROOT)).append("\"><td>").append(Html.esc(r.ruleId()))
                    .append("</td><td>").append(Html.esc(scorer.indicator(r.rule()).label())).append("</td><td>").append(Html.esc(r.level().code()))
                    .append("</td><td>").append(status(r.status())).append("</td><td class=\"num\">").append(metric(r.metric()))
                    .append("</td><td>").append(Html.esc(r.threshold())).append("</td><td>").append(Svg.sparkline(r.ruleId(), series(t, r.ruleId())))
                    .append("</td><td>").append(Html.esc(r.message())).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");

        List<CheckResult> anomalies = latest.results().stream().filter(r -> r.rule().endsWith("_anomaly") && r.failed()).toList();
        h.append("<h3>异常 Anomalies</h3>\n");
        if (anomalies.isEmpty()) {
            h.append("<p>本批次无异常 No anomaly in this batch.</p>\n");
        } else {
            h.append("<ul class=\"anomalies\">\n");
            for (CheckResult r : anomalies) {
                h.append("<li><b>").append(Html.esc(r.ruleId())).append("</b> ").append(Svg.sparkline(r.ruleId(), series(t, r.ruleId())))
                        .append(" ").append(Html.esc(r.message())).append(" <i>(").append(Html.esc(r.threshold())).append(")</i></li>\n");
            }
            h.append("</ul>\n");
        }

        h.append(quarantineSection(quarantine));
        h.append("</section>\n");
    }

    /**
     * The batch's quarantine by reason code, largest first, then sample rows of the top reasons: file and
     * line, the column and rule that rejected it, and every contract column as its masking shows it.
     */
    public static String quarantineSection(List<QuarantineReason> quarantine) {
        StringBuilder h = new StringBuilder();
        h.append("<h3>隔离原因 Quarantine by reason</h3>\n");
        if (quarantine.isEmpty()) {
            return h.append("<p>无隔离记录 Nothing quarantined.</p>\n").toString();
        }
        List<QuarantineReason> sorted = quarantine.stream()
                .sorted(Comparator.comparingLong(QuarantineReason::rows).reversed().thenComparing(QuarantineReason::code)).toList();
        h.append("<table class=\"quarantine\">\n<thead><tr><th>原因代码 Reason</th><th>行数 Rows</th></tr></thead>\n<tbody>\n");
        for (QuarantineReason r : sorted) {
            h.append("<tr><td>").append(Html.esc(r.code())).append("</td><td class=\"num\">").append(r.rows()).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
        for (QuarantineReason r : sorted) {
            if (r.samples().isEmpty()) {
                continue;
            }
            List<String> columns = List.copyOf(r.samples().get(0).values().keySet());
            h.append("<table class=\"samples\" data-reason=\"").append(Html.esc(r.code())).append("\">\n<caption>")
                    .append(Html.esc(r.code())).append(" · 样例（已脱敏） sample rows, masked per the contract</caption>\n")
                    .append("<thead><tr><th>文件:行 File:line</th><th>列 Column</th><th>规则 Rule</th>");
            for (String c : columns) {
                h.append("<th>").append(Html.esc(c)).append("</th>");
            }
            h.append("</tr></thead>\n<tbody>\n");
            for (QuarantineSample s : r.samples()) {
                h.append("<tr><td>").append(Html.esc(s.sourceFile() + ":" + s.line())).append("</td><td>").append(Html.esc(dash(s.column())))
                        .append("</td><td>").append(Html.esc(dash(s.rule()))).append("</td>");
                if (!s.readable()) {
                    h.append("<td class=\"unreadable\" colspan=\"").append(columns.size())
                            .append("\">记录无法解析，原文不予显示 unreadable record: its text is not shown</td>");
                } else {
                    for (String c : columns) {
                        String v = s.values().get(c);
                        h.append("<td>").append(v == null ? "<i>∅</i>" : Html.esc(v)).append("</td>");
                    }
                }
                h.append("</tr>\n");
            }
            h.append("</tbody>\n</table>\n");
        }
        return h.toString();
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "–" : s;
    }

    /** The metric of one rule over the table's batches (batches where it was not measured are left out). */
    private static List<Svg.Point> series(TableHistory t, String ruleId) {
        List<Svg.Point> out = new ArrayList<>();
        for (QualityReport run : t.runs()) {
            Optional<CheckResult> r = run.result(ruleId);
            if (r.isPresent() && r.get().metric().isPresent()) {
                out.add(new Svg.Point(run.batchId(), r.get().metric().getAsDouble()));
            }
        }
        return out;
    }

    private static void indicatorCells(StringBuilder h, Map<Indicator, Double> indicators) {
        for (Indicator i : Indicator.values()) {
            Double s = indicators.get(i);
            h.append("<td class=\"num\">").append(s == null ? "–" : score(s)).append("</td>");
        }
    }

    private static String status(CheckResult.Status s) {
        return switch (s) {
            case PASSED -> "通过 PASSED";
            case FAILED -> "失败 FAILED";
            case SKIPPED -> "跳过 SKIPPED";
        };
    }

    private static String metric(OptionalDouble m) {
        return m.isPresent() ? Html.esc(Svg.num(m.getAsDouble())) : "–";
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String score(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }

    /** An id attribute from a table name: letters, digits, dash only. */
    static String anchor(String table) {
        return "t-" + table.replaceAll("[^A-Za-z0-9]", "-");
    }

    private static final String CSS = """
            body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
            table{border-collapse:collapse;margin:.5em 0}
            th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top;font-size:90%}
            th{background:#f2f2f2}
            .num{text-align:right}
            .score{font-weight:bold;color:#1a5fb4}
            .district-score{font-size:200%}
            tr.failed td{background:#fde2e1}
            tr.skipped td{color:#777}
            .passed{color:#26a269}
            .failed{color:#c01c28}
            table.samples caption{text-align:left;font-weight:bold;padding:.25em 0}
            td.unreadable{color:#777;font-style:italic}
            .charts svg{margin-right:1em;border:1px solid #eee}
            svg polyline{stroke:#1a5fb4;stroke-width:1.5}
            svg circle{fill:#1a5fb4}
            svg .axis{stroke:#999}
            svg text{font-size:10px;fill:#555}
            """;
}
