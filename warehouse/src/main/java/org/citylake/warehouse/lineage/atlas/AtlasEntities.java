package org.citylake.warehouse.lineage.atlas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.citylake.catalog.contract.ColumnContract;
import org.citylake.catalog.contract.TableContract;
import org.citylake.catalog.lineage.ColumnEdge;
import org.citylake.catalog.lineage.ColumnNode;
import org.citylake.catalog.lineage.DatasetEdge;
import org.citylake.catalog.lineage.DatasetRef;
import org.citylake.catalog.lineage.JobRun;
import org.citylake.catalog.lineage.RunLineage;

/**
 * One run's lineage as the body of Atlas's {@code POST /api/atlas/v2/entity/bulk}: its datasets and their
 * columns, one {@code citylake_process} per step (inputs of one relation → one output), one
 * {@code citylake_column_lineage} per column edge. Entities of the batch refer to each other by negative
 * guids; Atlas matches each to what it already holds by {@code qualifiedName}, so publishing a run twice
 * changes nothing.
 *
 * <p>Classifications follow the data: a contract column's GB/T 43697 grade and personal-information
 * classification go on the department's header that feeds it (where the value enters the lake) and
 * propagate from there through ods to base and on to whatever is derived from it; a base column no header
 * feeds carries them itself. A table's own grade stays on the table (it does not propagate: a table
 * checked against base.person is not thereby as sensitive as base.person).
 */
public final class AtlasEntities {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtlasNames names;
    private final Map<String, TableContract> contracts;
    private final Map<String, ObjectNode> byQualifiedName = new LinkedHashMap<>();
    /** Datasets this run wrote: only they get classifications from this run (a referenced table gets its own from its own run). */
    private final Set<String> written = new HashSet<>();
    private int nextGuid = 1;

    private AtlasEntities(AtlasNames names, Map<String, TableContract> contracts) {
        this.names = names;
        this.contracts = contracts;
    }

    /** @param contracts by qualified name ({@code base.person}); tables without one get no business metadata */
    public static ObjectNode of(RunLineage lineage, Map<String, TableContract> contracts, AtlasNames names) {
        return new AtlasEntities(names, contracts).build(lineage);
    }

    private ObjectNode build(RunLineage l) {
        JobRun run = l.run();
        l.datasets().forEach(e -> written.add(e.output().name()));
        for (DatasetEdge e : l.datasets()) {
            dataset(e.input());
            dataset(e.output());
        }
        // Columns a department's header feeds, directly (ods) or through other columns (base): closure over the edges.
        Set<ColumnNode> fedByFiles = new HashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (ColumnEdge c : l.columns()) {
                if ((c.inputKind() == DatasetRef.Kind.SOURCE_FILE || fedByFiles.contains(c.input())) && fedByFiles.add(c.output())) {
                    grew = true;
                }
            }
        }
        for (ColumnEdge c : l.columns()) {
            column(c.input(), false);
            column(c.output(), fedByFiles.contains(c.output()));
        }
        Map<String, ObjectNode> steps = new LinkedHashMap<>();
        for (DatasetEdge e : l.datasets()) {
            String qn = names.process(run.job(), e.relation(), e.output().name());
            ObjectNode p = steps.computeIfAbsent(qn, k -> process(run, e, k));
            ((ArrayNode) p.get("attributes").get("inputs")).add(ref(datasetQn(e.input())));
        }
        for (ColumnEdge c : l.columns()) {
            String qn = names.columnLineage(c.input(), c.output());
            ObjectNode e = entity(AtlasNames.COLUMN_LINEAGE, qn);
            ObjectNode a = (ObjectNode) e.get("attributes");
            a.put("name", c.input() + " -> " + c.output());
            a.put("transformation", c.transformation());
            a.put("runId", run.runId());
            a.putArray("inputs").add(ref(names.column(c.input())));
            a.putArray("outputs").add(ref(names.column(c.output())));
            stepOf(l, c).map(step -> names.process(run.job(), step.relation(), step.output().name()))
                    .filter(byQualifiedName::containsKey)
                    .ifPresent(step -> e.putObject("relationshipAttributes").set("process", ref(step)));
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode entities = body.putArray("entities");
        byQualifiedName.values().forEach(entities::add);
        return body;
    }

    private static Optional<DatasetEdge> stepOf(RunLineage l, ColumnEdge c) {
        return l.datasets().stream().filter(e -> e.input().name().equals(c.inputDataset()) && e.output().name().equals(c.outputDataset()))
                .findFirst();
    }

    private String datasetQn(DatasetRef d) {
        return names.dataset(d.name());
    }

    private void dataset(DatasetRef d) {
        String qn = datasetQn(d);
        if (byQualifiedName.containsKey(qn)) {
            return;
        }
        ObjectNode e = entity(AtlasNames.datasetType(d.kind()), qn);
        ObjectNode a = (ObjectNode) e.get("attributes");
        a.put("name", d.name());
        a.put("layer", d.kind() == DatasetRef.Kind.SOURCE_FILE ? "source" : d.name().substring(0, Math.max(0, d.name().indexOf('.'))));
        a.put("version", d.version());
        TableContract c = contracts.get(d.name());
        if (c != null && written.contains(d.name())) {
            a.put("description", c.title() + (c.description() == null || c.description().isBlank() ? "" : " — " + c.description().strip()));
            a.put("owner", c.ownerDepartment());
            a.put("ownerDepartment", c.ownerDepartment());
            a.put("grade", c.grade().code());
            e.putArray("classifications").add(classification(AtlasNames.gradeClassification(c.grade()), "title", c.grade().chinese(), false));
        }
    }

    private void column(ColumnNode node, boolean fedByFile) {
        String qn = names.column(node);
        if (byQualifiedName.containsKey(qn)) {
            return;
        }
        ObjectNode e = entity(AtlasNames.COLUMN, qn);
        ObjectNode a = (ObjectNode) e.get("attributes");
        a.put("name", node.column());
        e.putObject("relationshipAttributes").set("dataset", ref(names.dataset(node.dataset())));
        Optional<ColumnContract> contract = contractColumn(node);
        contract.ifPresent(c -> {
            a.put("dataType", c.type().toString().toLowerCase(java.util.Locale.ROOT));
            a.put("grade", c.grade().code());
            a.put("sensitivity", c.sensitivity().code());
            if (c.standard() != null && !c.standard().isBlank()) {
                a.put("standard", c.standard());
            }
            a.put("description", c.title());
        });
        boolean entersHere = node.kind() == DatasetRef.Kind.SOURCE_FILE || (isBaseColumn(node) && written.contains(node.dataset()) && !fedByFile);
        if (entersHere) {
            contract.ifPresent(c -> {
                ArrayNode cls = e.putArray("classifications");
                cls.add(classification(AtlasNames.gradeClassification(c.grade()), "title", c.grade().chinese(), true));
                if (c.sensitivity().isPersonal()) {
                    cls.add(classification(AtlasNames.PERSONAL_INFO, "sensitivity", c.sensitivity().code(), true));
                }
            });
        }
    }

    private boolean isBaseColumn(ColumnNode node) {
        return node.kind() == DatasetRef.Kind.TABLE && contracts.containsKey(node.dataset());
    }

    /** A base column's own contract column; a file header or ods column maps through the contract whose source it is. */
    private Optional<ColumnContract> contractColumn(ColumnNode node) {
        TableContract own = contracts.get(node.dataset());
        if (own != null) {
            return own.column(node.column());
        }
        for (TableContract c : contracts.values()) {
            for (var s : c.sources()) {
                if (node.kind() == DatasetRef.Kind.SOURCE_FILE && s.origin().equals(node.dataset())) {
                    return c.columnForHeader(node.column());
                }
                if (node.kind() == DatasetRef.Kind.TABLE && s.odsTable().equals(node.dataset())) {
                    return c.column(node.column());
                }
            }
        }
        return Optional.empty();
    }

    private ObjectNode process(JobRun run, DatasetEdge e, String qn) {
        ObjectNode p = entity(AtlasNames.PROCESS, qn);
        ObjectNode a = (ObjectNode) p.get("attributes");
        a.put("name", run.job() + " / " + e.relation() + " → " + e.output().name());
        a.put("job", run.job());
        a.put("relation", e.relation());
        a.put("runId", run.runId());
        a.put("batchId", run.batchId());
        a.put("userName", run.user());
        a.put("startTime", run.startedAt().toEpochMilli());
        a.put("endTime", run.endedAt().toEpochMilli());
        a.put("status", run.status().name());
        if ("cleanse+master".equals(e.relation())) {
            a.put("rowsIn", run.rowsIn());
            a.put("rowsAccepted", run.rowsAccepted());
            a.put("rowsQuarantined", run.rowsQuarantined());
            a.put("rowsOut", run.rowsOut());
        }
        a.putArray("inputs");
        a.putArray("outputs").add(ref(datasetQn(e.output())));
        return p;
    }

    private ObjectNode entity(String type, String qualifiedName) {
        ObjectNode e = JSON.createObjectNode();
        e.put("typeName", type);
        e.put("guid", "-" + nextGuid++);
        e.putObject("attributes").put("qualifiedName", qualifiedName);
        byQualifiedName.put(qualifiedName, e);
        return e;
    }

    /** A reference to an entity of this batch, by its negative guid. */
    private ObjectNode ref(String qualifiedName) {
        ObjectNode target = byQualifiedName.get(qualifiedName);
        if (target == null) {
            throw new IllegalStateException("No entity " + qualifiedName + " in this batch");
        }
        ObjectNode r = JSON.createObjectNode();
        r.put("guid", target.get("guid").asText());
        r.put("typeName", target.get("typeName").asText());
        return r;
    }

    private static ObjectNode classification(String type, String attribute, String value, boolean propagate) {
        ObjectNode c = JSON.createObjectNode();
        c.put("typeName", type);
        c.putObject("attributes").put(attribute, value);
        c.put("propagate", propagate);
        return c;
    }

    /** The classifications the batch asks for, by entity qualifiedName (for checking what Atlas already has). */
    public static Map<String, List<JsonNode>> classifications(ObjectNode body) {
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        for (JsonNode e : body.get("entities")) {
            if (e.has("classifications")) {
                List<JsonNode> list = new ArrayList<>();
                e.get("classifications").forEach(list::add);
                out.put(e.get("attributes").get("qualifiedName").asText(), list);
            }
        }
        return out;
    }
}
