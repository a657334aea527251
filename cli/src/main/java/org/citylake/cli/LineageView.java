package org.citylake.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.citylake.catalog.lineage.JobRun;
import org.citylake.catalog.lineage.LineageGraph;

/** Renders one lineage walk as an indented tree (text), a Graphviz digraph (dot) or JSON. */
final class LineageView {
    enum Format { TEXT, DOT, JSON }

    private final LineageGraph graph;
    private final String start;
    private final List<LineageGraph.Step> steps;

    LineageView(LineageGraph graph, String start, List<LineageGraph.Step> steps) {
        this.graph = graph;
        this.start = start;
        this.steps = List.copyOf(steps);
    }

    String render(Format format) {
        return switch (format) {
            case TEXT -> text();
            case DOT -> dot();
            case JSON -> json();
        };
    }

    private String label(String node) {
        String dataset = graph.datasetOf(node);
        return node + graph.version(dataset).map(v -> "  @" + shortVersion(v)).orElse("");
    }

    /** Snapshot ids are short; a sha256 is cut to 12 hex digits, enough for a person to compare. */
    static String shortVersion(String v) {
        return v.startsWith("sha256:") && v.length() > 19 ? v.substring(0, 19) + "…" : v;
    }

    private String text() {
        StringBuilder b = new StringBuilder(label(start)).append('\n');
        LineageGraph.Direction current = null;
        for (LineageGraph.Step s : steps) {
            if (s.direction() != current) {
                current = s.direction();
                b.append(current == LineageGraph.Direction.UPSTREAM ? "upstream (where it comes from):\n" : "downstream (what uses it):\n");
            }
            b.append("  ".repeat(s.depth())).append(current == LineageGraph.Direction.UPSTREAM ? "← " : "→ ")
                    .append(label(s.node())).append("   via ").append(s.via().label()).append('\n');
        }
        if (steps.isEmpty()) {
            b.append("(no lineage in that direction)\n");
        }
        Set<String> runs = new LinkedHashSet<>();
        steps.forEach(s -> runs.add(s.via().runId()));
        if (!runs.isEmpty()) {
            b.append("runs:\n");
            for (String id : runs) {
                graph.run(id).ifPresent(r -> b.append("  ").append(describe(r)).append('\n'));
            }
        }
        return b.toString();
    }

    static String describe(JobRun r) {
        return String.format(Locale.ROOT, "%s  %s  batch %s  by %s  %s → %s  %s  rows in %d, accepted %d, quarantined %d, out %d",
                r.runId(), r.job(), r.batchId(), r.user(), r.startedAt(), r.endedAt(), r.status().name().toLowerCase(Locale.ROOT),
                r.rowsIn(), r.rowsAccepted(), r.rowsQuarantined(), r.rowsOut());
    }

    private String dot() {
        StringBuilder b = new StringBuilder("digraph lineage {\n  rankdir=LR;\n  node [shape=box, fontname=\"Noto Sans CJK SC\"];\n");
        b.append("  ").append(quote(start)).append(" [style=bold];\n");
        for (LineageGraph.Link l : LineageGraph.links(steps)) {
            b.append("  ").append(quote(l.from())).append(" -> ").append(quote(l.to())).append(" [label=").append(quote(l.label())).append("];\n");
        }
        return b.append("}\n").toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private String json() {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("node", start);
        Set<String> nodes = new LinkedHashSet<>();
        nodes.add(start);
        ArrayNode edges = root.putArray("edges");
        for (LineageGraph.Link l : LineageGraph.links(steps)) {
            nodes.add(l.from());
            nodes.add(l.to());
            ObjectNode e = edges.addObject();
            e.put("from", l.from()).put("to", l.to()).put("transformation", l.label()).put("run_id", l.runId());
        }
        ArrayNode ns = root.putArray("nodes");
        for (String n : nodes) {
            ObjectNode o = ns.addObject().put("id", n).put("dataset", graph.datasetOf(n));
            graph.version(graph.datasetOf(n)).ifPresent(v -> o.put("version", v));
        }
        ArrayNode runs = root.putArray("runs");
        LineageGraph.links(steps).stream().map(LineageGraph.Link::runId).distinct().forEach(id -> graph.run(id).ifPresent(r -> runs.addObject()
                .put("run_id", r.runId()).put("job", r.job()).put("batch_id", r.batchId()).put("user", r.user())
                .put("started_at", r.startedAt().toString()).put("ended_at", r.endedAt().toString()).put("status", r.status().name())
                .put("rows_in", r.rowsIn()).put("rows_accepted", r.rowsAccepted()).put("rows_quarantined", r.rowsQuarantined())
                .put("rows_out", r.rowsOut())));
        try {
            return m.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
