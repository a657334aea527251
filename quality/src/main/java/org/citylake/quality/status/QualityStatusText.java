package org.citylake.quality.status;

import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link QualityStatus} for a terminal: one line per table, then the failed checks and anomalies
 * indented under it, then the district score. Plain text, no colour codes: it is also pasted into tickets.
 */
public final class QualityStatusText {
    private QualityStatusText() {
    }

    public static String render(QualityStatus status) {
        if (status.tables().isEmpty()) {
            return "no quality results yet: run 'citylake load' or 'citylake demo' first\n";
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-16s %-18s %-9s %5s %3s %4s %4s  %s%n", "TABLE", "BATCH", "PUBLISH", "SCORE",
                "ERR", "WARN", "ANOM", "VERIFIED"));
        for (QualityStatus.TableStatus t : status.tables()) {
            out.append(String.format(Locale.ROOT, "%-16s %-18s %-9s %5.1f %3d %4d %4d  %s%n", t.table(), t.batchId(),
                    t.publication().map(p -> p.code()).orElse("-"), t.score(), t.failedErrors().size(), t.failedWarnings().size(),
                    t.anomalies().size(), t.runAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
            detail(out, "error", t.failedErrors());
            detail(out, "warning", t.failedWarnings());
            detail(out, "anomaly", t.anomalies());
        }
        out.append(String.format(Locale.ROOT, "district score %.1f over %d table(s)%n", status.districtScore(), status.tables().size()));
        return out.toString();
    }

    private static void detail(StringBuilder out, String kind, List<String> ruleIds) {
        for (String id : ruleIds) {
            out.append("    ").append(kind).append(": ").append(id).append('\n');
        }
    }
}
