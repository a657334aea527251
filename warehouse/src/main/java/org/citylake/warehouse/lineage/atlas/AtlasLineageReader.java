package org.citylake.warehouse.lineage.atlas;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.citylake.catalog.lineage.JobRun;
import org.citylake.catalog.lineage.LineageGraph;

/**
 * Reads a lineage graph back from Atlas ({@code GET /api/atlas/v2/lineage/{guid}}) in the shape the lake's
 * own lineage has, so {@code citylake lineage --from atlas} prints what Atlas holds the way it prints the
 * lake's record: each Atlas process becomes links from its inputs to its outputs, labelled with its
 * transformation (columns) or relation (datasets), carrying the run it was published from.
 */
public final class AtlasLineageReader {
    private final AtlasClient atlas;
    private final AtlasNames names;

    public AtlasLineageReader(AtlasClient atlas, AtlasNames names) {
        this.atlas = atlas;
        this.names = names;
    }

    /** Empty when Atlas holds no entity named {@code target} ({@code base.person}, {@code base.person.resident_id}, a file or file:header). */
    public Optional<LineageGraph> read(String target, LineageGraph.Direction direction, int depth) {
        boolean column = AtlasNames.isColumnTarget(target);
        String qn = names.qualifiedNameOf(target);
        Optional<JsonNode> start = column ? atlas.entity(AtlasNames.COLUMN, qn)
                : atlas.entity(AtlasNames.TABLE, qn).or(() -> atlas.entity(AtlasNames.SOURCE_FILE, qn));
        if (start.isEmpty()) {
            return Optional.empty();
        }
        String atlasDirection = switch (direction) {
            case UPSTREAM -> "INPUT";
            case DOWNSTREAM -> "OUTPUT";
            case BOTH -> "BOTH";
        };
        JsonNode lineage = atlas.lineage(start.get().get("guid").asText(), atlasDirection, depth);
        Map<String, JsonNode> headers = new HashMap<>();
        lineage.path("guidEntityMap").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue()));
        Set<String> processes = new LinkedHashSet<>();
        headers.forEach((guid, h) -> {
            String type = h.path("typeName").asText();
            if (type.equals(AtlasNames.PROCESS) || type.equals(AtlasNames.COLUMN_LINEAGE)) {
                processes.add(guid);
            }
        });
        Map<String, JsonNode> full = new HashMap<>();
        atlas.entities(processes).forEach(e -> full.put(e.get("guid").asText(), e));
        // The steps column mappings belong to carry the run's details; datasets carry their versions.
        Set<String> more = new LinkedHashSet<>();
        for (JsonNode e : full.values()) {
            String step = e.path("relationshipAttributes").path("process").path("guid").asText("");
            if (!step.isEmpty() && !full.containsKey(step)) {
                more.add(step);
            }
        }
        headers.forEach((guid, h) -> {
            if (h.path("typeName").asText().equals(AtlasNames.COLUMN)) {
                return;
            }
            if (!processes.contains(guid)) {
                more.add(guid);
            }
        });
        atlas.entities(more).forEach(e -> full.put(e.get("guid").asText(), e));

        List<LineageGraph.Link> links = new ArrayList<>();
        Map<String, List<String>> inputs = new HashMap<>();
        Map<String, List<String>> outputs = new HashMap<>();
        for (JsonNode r : lineage.path("relations")) {
            String from = r.path("fromEntityId").asText();
            String to = r.path("toEntityId").asText();
            if (processes.contains(to)) {
                inputs.computeIfAbsent(to, k -> new ArrayList<>()).add(from);
            } else if (processes.contains(from)) {
                outputs.computeIfAbsent(from, k -> new ArrayList<>()).add(to);
            }
        }
        Map<String, JobRun> runs = new HashMap<>();
        for (String p : processes) {
            JsonNode e = full.get(p);
            JsonNode a = e == null ? headers.get(p).path("attributes") : e.path("attributes");
            String label = a.has("transformation") ? a.path("transformation").asText() : a.path("relation").asText();
            String runId = a.path("runId").asText("");
            for (String in : inputs.getOrDefault(p, List.of())) {
                for (String out : outputs.getOrDefault(p, List.of())) {
                    links.add(new LineageGraph.Link(node(headers.get(in)), node(headers.get(out)), label, runId));
                }
            }
        }
        for (JsonNode e : full.values()) {
            if (e.path("typeName").asText().equals(AtlasNames.PROCESS)) {
                JobRun run = run(e.path("attributes"));
                runs.merge(run.runId(), run, (x, y) -> x.rowsIn() >= y.rowsIn() ? x : y);
            }
        }
        Map<String, String> versions = new HashMap<>();
        for (JsonNode e : full.values()) {
            String v = e.path("attributes").path("version").asText("");
            if (!v.isEmpty()) {
                versions.put(strip(e.path("attributes").path("qualifiedName").asText()), v);
            }
        }
        return Optional.of(column ? LineageGraph.of(List.of(), links, versions, runs) : LineageGraph.of(links, List.of(), versions, runs));
    }

    private String node(JsonNode header) {
        return strip(header.path("attributes").path("qualifiedName").asText());
    }

    private String strip(String qualifiedName) {
        String suffix = "@" + names.cluster();
        return qualifiedName.endsWith(suffix) ? qualifiedName.substring(0, qualifiedName.length() - suffix.length()) : qualifiedName;
    }

    private static JobRun run(JsonNode a) {
        return new JobRun(a.path("runId").asText(), a.path("job").asText(), a.path("batchId").asText(), a.path("userName").asText(),
                Instant.ofEpochMilli(a.path("startTime").asLong()), Instant.ofEpochMilli(a.path("endTime").asLong()),
                "FAILED".equals(a.path("status").asText()) ? JobRun.Status.FAILED : JobRun.Status.SUCCEEDED,
                a.path("rowsIn").asLong(), a.path("rowsAccepted").asLong(), a.path("rowsQuarantined").asLong(), a.path("rowsOut").asLong(),
                "published to Atlas");
    }
}
