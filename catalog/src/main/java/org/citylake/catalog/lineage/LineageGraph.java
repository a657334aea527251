package org.citylake.catalog.lineage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lineage an auditor asks about, over the current record: for each job, the edges of its
 * latest successful run (an older run's edges describe a past state of the same job). Nodes are
 * datasets ({@code base.person}) or columns ({@code base.person.resident_id},
 * {@code population_registry.csv:公民身份号码}); a query walks upstream or downstream to a depth.
 */
public final class LineageGraph {
    public enum Direction { UPSTREAM, DOWNSTREAM, BOTH }

    /** An edge, from input to output; {@code label} is the relation or the transformation. */
    public record Link(String from, String to, String label, String runId) {
    }

    /** One step of a walk: {@code node} reached at {@code depth} through {@code via}. */
    public record Step(int depth, Direction direction, String node, Link via) {
    }

    private final List<Link> datasetLinks;
    private final List<Link> columnLinks;
    /** Latest version seen of each dataset (snapshot id or sha256), for display. */
    private final Map<String, String> versions;
    private final Map<String, JobRun> runs;

    private LineageGraph(List<Link> datasetLinks, List<Link> columnLinks, Map<String, String> versions, Map<String, JobRun> runs) {
        this.datasetLinks = List.copyOf(datasetLinks);
        this.columnLinks = List.copyOf(columnLinks);
        this.versions = Map.copyOf(versions);
        this.runs = Map.copyOf(runs);
    }

    /**
     * A graph read from elsewhere (Atlas's lineage API): dataset and column links, each dataset's version,
     * and the runs the links name.
     */
    public static LineageGraph of(List<Link> datasetLinks, List<Link> columnLinks, Map<String, String> versions, Map<String, JobRun> runs) {
        return new LineageGraph(new ArrayList<>(new LinkedHashSet<>(datasetLinks)), new ArrayList<>(new LinkedHashSet<>(columnLinks)),
                versions, runs);
    }

    /** The graph of the latest successful run of every job. */
    public static LineageGraph current(List<JobRun> runs, List<DatasetEdge> datasets, List<ColumnEdge> columns) {
        Map<String, JobRun> latest = new HashMap<>();
        for (JobRun r : runs) {
            if (r.status() == JobRun.Status.SUCCEEDED) {
                latest.merge(r.job(), r, (a, b) -> a.startedAt().isAfter(b.startedAt()) ? a : b);
            }
        }
        Map<String, JobRun> byId = new HashMap<>();
        latest.values().forEach(r -> byId.put(r.runId(), r));
        List<Link> d = new ArrayList<>();
        Map<String, String> versions = new HashMap<>();
        datasets.stream().filter(e -> byId.containsKey(e.runId())).forEach(e -> {
            d.add(new Link(e.input().name(), e.output().name(), e.relation(), e.runId()));
            versions.putIfAbsent(e.output().name(), e.output().version());
            if (!e.input().version().isEmpty()) {
                versions.putIfAbsent(e.input().name(), e.input().version());
            }
        });
        List<Link> c = columns.stream().filter(e -> byId.containsKey(e.runId()))
                .map(e -> new Link(e.input().toString(), e.output().toString(), e.transformation(), e.runId())).toList();
        return new LineageGraph(new ArrayList<>(new LinkedHashSet<>(d)), new ArrayList<>(new LinkedHashSet<>(c)), versions, byId);
    }

    /** True if {@code node} names a column ({@code base.person.resident_id}) rather than a dataset. */
    public boolean isColumn(String node) {
        return columnLinks.stream().anyMatch(l -> l.from().equals(node) || l.to().equals(node));
    }

    public boolean knows(String node) {
        return isColumn(node) || datasetLinks.stream().anyMatch(l -> l.from().equals(node) || l.to().equals(node));
    }

    /** The dataset a node belongs to: itself, or the part before the column. */
    public String datasetOf(String node) {
        if (!isColumn(node)) {
            return node;
        }
        // Table names hold no ':'; a file column is "<file>:<header>" (see ColumnNode).
        int colon = node.lastIndexOf(':');
        return colon > 0 ? node.substring(0, colon) : node.substring(0, node.lastIndexOf('.'));
    }

    public Optional<String> version(String dataset) {
        String v = versions.get(dataset);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    public Optional<JobRun> run(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    /**
     * Depth-first walk from {@code start}, up to {@code depth} edges away, in a stable order (by node
     * name) so the output diffs cleanly. A node reached twice is listed each time but not expanded
     * again, so cycles end.
     */
    public List<Step> walk(String start, Direction direction, int depth) {
        List<Link> links = isColumn(start) ? columnLinks : datasetLinks;
        List<Step> out = new ArrayList<>();
        if (direction != Direction.DOWNSTREAM) {
            walk(links, start, Direction.UPSTREAM, 1, depth, new HashSet<>(Set.of(start)), out);
        }
        if (direction != Direction.UPSTREAM) {
            walk(links, start, Direction.DOWNSTREAM, 1, depth, new HashSet<>(Set.of(start)), out);
        }
        return out;
    }

    private static void walk(List<Link> links, String node, Direction dir, int level, int max, Set<String> seen, List<Step> out) {
        if (level > max) {
            return;
        }
        List<Link> next = links.stream().filter(l -> dir == Direction.UPSTREAM ? l.to().equals(node) : l.from().equals(node))
                .sorted(Comparator.comparing(l -> dir == Direction.UPSTREAM ? l.from() : l.to())).toList();
        for (Link l : next) {
            String other = dir == Direction.UPSTREAM ? l.from() : l.to();
            out.add(new Step(level, dir, other, l));
            if (seen.add(other)) {
                walk(links, other, dir, level + 1, max, seen, out);
            }
        }
    }

    /** Every link a walk used, once each, in walk order (for dot and json). */
    public static List<Link> links(List<Step> steps) {
        Map<Link, Boolean> m = new LinkedHashMap<>();
        steps.forEach(s -> m.put(s.via(), true));
        return new ArrayList<>(m.keySet());
    }
}
