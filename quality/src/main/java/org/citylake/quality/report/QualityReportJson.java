package org.citylake.quality.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.citylake.quality.CheckResult;
import org.citylake.quality.QualityReport;
import org.citylake.quality.score.Indicator;
import org.citylake.quality.score.QualityScorer;
import org.citylake.quality.score.QualityScores;
import org.citylake.quality.score.TableScore;

/**
 * The machine twin of {@link QualityReportPage}: {@code report.json} with the same content (district score,
 * per table score and indicators, every check of the latest batch, trends per batch, anomalies, quarantine
 * counts with masked sample rows). Numbers stay numbers and are not rounded: a machine should compare, not read. Indicators are keyed
 * by their code ({@code completeness}); an indicator no check measured is absent, as on the page.
 */
public final class QualityReportJson {
    public static final String FILE = "report.json";
    /** Bumped when a field is renamed or removed, so consumers can refuse a shape they do not know. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final QualityScorer scorer;

    public QualityReportJson(QualityScorer scorer) {
        this.scorer = Objects.requireNonNull(scorer, "scorer");
    }

    /** Writes {@code <outDir>/report.json}; the arguments are those of {@link QualityReportPage#write}. */
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

    /** The document as text; deterministic for a given input. */
    public String render(List<TableHistory> history, Map<String, List<QuarantineReason>> quarantine, Instant generatedAt) {
        try {
            return MAPPER.writeValueAsString(tree(history, quarantine, generatedAt)) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the quality report: " + e.getMessage(), e);
        }
    }

    ObjectNode tree(List<TableHistory> history, Map<String, List<QuarantineReason>> quarantine, Instant generatedAt) {
        List<TableHistory> tables = history.stream().filter(h -> h.latest().isPresent())
                .sorted(Comparator.comparing(TableHistory::table)).toList();
        QualityScores scores = scorer.score(tables.stream().map(h -> h.latest().orElseThrow()).toList());
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        root.put("generated_at", generatedAt.toString());
        ObjectNode district = root.putObject("district");
        district.put("score", scores.district());
        district.put("row_count", scores.tables().stream().mapToLong(TableScore::rowCount).sum());
        indicators(district.putObject("indicators"), scores.districtIndicators());
        ArrayNode out = root.putArray("tables");
        for (TableHistory t : tables) {
            out.add(table(t, scores.table(t.table()).orElseThrow(), quarantine.getOrDefault(t.table(), List.of())));
        }
        return root;
    }

    private ObjectNode table(TableHistory t, TableScore score, List<QuarantineReason> quarantine) {
        QualityReport latest = t.latest().orElseThrow();
        ObjectNode n = MAPPER.createObjectNode();
        n.put("table", t.table());
        n.put("batch_id", latest.batchId());
        n.put("run_at", latest.runAt().toString());
        n.put("row_count", latest.rowCount());
        n.put("gate", latest.passed() ? "passed" : "blocked");
        n.put("score", score.score());
        indicators(n.putObject("indicators"), score.indicators());
        ArrayNode checks = n.putArray("checks");
        for (CheckResult r : latest.results()) {
            checks.add(check(r));
        }
        ArrayNode trends = n.putArray("trends");
        for (QualityReport run : t.runs()) {
            ObjectNode p = trends.addObject();
            p.put("batch_id", run.batchId());
            p.put("run_at", run.runAt().toString());
            p.put("row_count", t.rowCount(run));
            p.put("score", scorer.score(run).score());
            ObjectNode metrics = p.putObject("metrics");
            for (CheckResult r : run.results()) {
                if (r.metric().isPresent()) {
                    metrics.put(r.ruleId(), r.metric().getAsDouble());
                }
            }
        }
        ArrayNode anomalies = n.putArray("anomalies");
        latest.results().stream().filter(QualityReportJson::isAnomaly).forEach(r -> anomalies.add(check(r)));
        ArrayNode q = n.putArray("quarantine");
        quarantine.stream().sorted(Comparator.comparingLong(QuarantineReason::rows).reversed().thenComparing(QuarantineReason::code))
                .forEach(r -> {
                    ObjectNode reason = q.addObject().put("reason_code", r.code()).put("rows", r.rows());
                    ArrayNode samples = reason.putArray("samples");
                    for (QuarantineSample s : r.samples()) {
                        ObjectNode o = samples.addObject().put("source_file", s.sourceFile()).put("line", s.line())
                                .put("column", s.column()).put("rule", s.rule()).put("readable", s.readable());
                        ObjectNode values = o.putObject("values");
                        s.values().forEach(values::put);
                    }
                });
        return n;
    }

    /** A failed anomaly rule: what the page lists under "Anomalies". */
    static boolean isAnomaly(CheckResult r) {
        return r.rule().endsWith("_anomaly") && r.failed();
    }

    private ObjectNode check(CheckResult r) {
        ObjectNode c = MAPPER.createObjectNode();
        c.put("rule_id", r.ruleId());
        c.put("column", r.column());
        c.put("rule", r.rule());
        c.put("indicator", scorer.indicator(r.rule()).code());
        c.put("level", r.level().code());
        c.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
        if (r.metric().isPresent()) {
            c.put("metric", r.metric().getAsDouble());
        } else {
            c.putNull("metric");
        }
        c.put("threshold", r.threshold());
        c.put("message", r.message());
        return c;
    }

    private static void indicators(ObjectNode n, Map<Indicator, Double> scores) {
        for (Indicator i : Indicator.values()) {
            Double s = scores.get(i);
            if (s != null) {
                n.put(i.code(), s);
            }
        }
    }
}
