package org.citylake.warehouse.lineage.atlas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.citylake.catalog.contract.TableContract;
import org.citylake.catalog.lineage.RunLineage;

/**
 * Publishes one run's lineage to Atlas: registers citylake's types where missing (once per publisher),
 * creates or updates the run's entities by qualifiedName in one bulk request, then attaches the
 * classifications an entity should carry and does not carry yet. Every step is idempotent, so a run
 * published twice (a retry after a timeout whose request had in fact succeeded) leaves Atlas as once.
 * Throws {@link AtlasUnavailableException}; what to do about it is the caller's business (the outbox).
 */
public final class AtlasPublisher {
    private final AtlasClient atlas;
    private final AtlasNames names;
    private final Map<String, TableContract> contracts;
    private boolean typesChecked;

    public AtlasPublisher(AtlasClient atlas, AtlasNames names, Map<String, TableContract> contracts) {
        this.atlas = atlas;
        this.names = names;
        this.contracts = Map.copyOf(contracts);
    }

    /** Returns how many entities the run has in Atlas. */
    public int publish(RunLineage lineage) {
        ensureTypes();
        ObjectNode body = AtlasEntities.of(lineage, contracts, names);
        Map<String, List<JsonNode>> wanted = AtlasEntities.classifications(body);
        Map<String, String> guidOfTemp = new java.util.HashMap<>();
        Map<String, String> tempOfQn = new java.util.HashMap<>();
        for (JsonNode e : body.get("entities")) {
            tempOfQn.put(e.get("attributes").get("qualifiedName").asText(), e.get("guid").asText());
            ((ObjectNode) e).remove("classifications"); // attached below, only where missing: a bulk update would not
        }
        guidOfTemp.putAll(atlas.upsert(body));
        for (Map.Entry<String, List<JsonNode>> w : wanted.entrySet()) {
            String guid = guidOfTemp.get(tempOfQn.get(w.getKey()));
            if (guid == null) {
                continue; // unchanged entity: Atlas assigns no guid; look it up
            }
            attachMissing(guid, w.getValue());
        }
        for (Map.Entry<String, List<JsonNode>> w : wanted.entrySet()) {
            if (guidOfTemp.get(tempOfQn.get(w.getKey())) == null) {
                String type = typeOf(body, w.getKey());
                atlas.entity(type, w.getKey()).ifPresent(e -> attachMissing(e.get("guid").asText(), w.getValue()));
            }
        }
        return body.get("entities").size();
    }

    private static String typeOf(ObjectNode body, String qualifiedName) {
        for (JsonNode e : body.get("entities")) {
            if (e.get("attributes").get("qualifiedName").asText().equals(qualifiedName)) {
                return e.get("typeName").asText();
            }
        }
        throw new IllegalStateException(qualifiedName + " is not in the batch");
    }

    private void attachMissing(String guid, List<JsonNode> classifications) {
        List<String> present = atlas.directClassifications(guid);
        List<JsonNode> missing = new ArrayList<>();
        for (JsonNode c : classifications) {
            if (!present.contains(c.get("typeName").asText())) {
                missing.add(c);
            }
        }
        if (!missing.isEmpty()) {
            atlas.addClassifications(guid, missing);
        }
    }

    private void ensureTypes() {
        if (typesChecked) {
            return;
        }
        ObjectNode missing = AtlasTypes.missingFrom(atlas.typeNames());
        if (!AtlasTypes.isEmpty(missing)) {
            atlas.createTypes(missing);
        }
        typesChecked = true;
    }
}
