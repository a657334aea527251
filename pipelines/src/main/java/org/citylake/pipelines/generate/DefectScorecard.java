package org.citylake.pipelines.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The confusion table of a load against the generator's ground truth: per injected defect kind,
 * how many rows ended as expected (quarantined with the expected reason code, or accepted for
 * normalisable and duplicate kinds) and what happened to the others. Rows quarantined without
 * any injected defect are counted too: the table is on the diagonal only if both are clean.
 */
public final class DefectScorecard {
    /** One injected kind: its expected outcome, how many were injected, how many ended as expected, and the rest. */
    public record Line(String kind, String expect, String expectedReason, long injected, long asExpected, Map<String, Long> otherwise) {
        public boolean onDiagonal() {
            return asExpected == injected;
        }
    }

    private final List<Line> lines;
    private final long quarantinedWithoutDefect;

    private DefectScorecard(List<Line> lines, long quarantinedWithoutDefect) {
        this.lines = List.copyOf(lines);
        this.quarantinedWithoutDefect = quarantinedWithoutDefect;
    }

    /**
     * @param defectsFile the generator's {@code defects.jsonl}
     * @param quarantined every quarantined row of the batch: {@code "<file>:<line>"} → its reason codes
     */
    public static DefectScorecard score(Path defectsFile, Map<String, List<String>> quarantined) {
        ObjectMapper json = new ObjectMapper();
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, Map<String, Long>> others = new TreeMap<>();
        Map<String, String[]> expectations = new TreeMap<>();
        Set<String> defective = new HashSet<>();
        try (BufferedReader r = Files.newBufferedReader(defectsFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode d = json.readTree(line);
                String kind = d.get("kind").asText();
                String expect = d.get("expect").asText();
                String reason = d.hasNonNull("reason") ? d.get("reason").asText() : null;
                String at = d.get("file").asText() + ":" + d.get("line").asLong();
                defective.add(at);
                expectations.putIfAbsent(kind, new String[] {expect, reason});
                long[] c = counts.computeIfAbsent(kind, k -> new long[2]);
                c[0]++;
                List<String> codes = quarantined.get(at);
                boolean ok = expect.equals("quarantine") ? codes != null && codes.contains(reason) : codes == null;
                if (ok) {
                    c[1]++;
                } else {
                    String outcome = codes == null ? "accepted" : String.join("+", codes);
                    others.computeIfAbsent(kind, k -> new TreeMap<>()).merge(outcome, 1L, Long::sum);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + defectsFile, e);
        }
        List<Line> lines = new ArrayList<>();
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            String[] x = expectations.get(e.getKey());
            lines.add(new Line(e.getKey(), x[0], x[1], e.getValue()[0], e.getValue()[1], others.getOrDefault(e.getKey(), Map.of())));
        }
        long falsePositives = quarantined.keySet().stream().filter(k -> !defective.contains(k)).count();
        return new DefectScorecard(lines, falsePositives);
    }

    public List<Line> lines() {
        return lines;
    }

    public long quarantinedWithoutDefect() {
        return quarantinedWithoutDefect;
    }

    public boolean allOnDiagonal() {
        return quarantinedWithoutDefect == 0 && lines.stream().allMatch(Line::onDiagonal);
    }

    public void print(PrintStream out) {
        out.printf(Locale.ROOT, "%-30s %-10s %-24s %8s %11s  %s%n", "injected defect kind", "expect", "expected detection", "injected", "as expected", "otherwise");
        for (Line l : lines) {
            String detection = l.expect().equals("quarantine") ? l.expectedReason() : l.expect().equals("fix") ? "accepted (normalised)" : "accepted (merged)";
            out.printf(Locale.ROOT, "%-30s %-10s %-24s %,8d %,11d  %s%n", l.kind(), l.expect(), detection, l.injected(), l.asExpected(),
                    l.otherwise().isEmpty() ? "" : l.otherwise().toString());
        }
        out.printf(Locale.ROOT, "%-30s %-10s %-24s %8s %11s  %s%n", "(rows with no defect)", "accept", "accepted", "", "",
                quarantinedWithoutDefect == 0 ? "" : "{quarantined=" + quarantinedWithoutDefect + "}");
        out.println(allOnDiagonal() ? "every injected defect was detected as expected, and nothing else was quarantined"
                : "OFF THE DIAGONAL: see 'otherwise' above" + (quarantinedWithoutDefect > 0 ? "; " + quarantinedWithoutDefect + " rows quarantined without an injected defect" : ""));
    }
}
