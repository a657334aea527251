package org.citylake.warehouse.lineage.atlas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * citylake's Atlas type definitions: {@code atlas/standard-model.json} (Atlas's own DataSet / Process model,
 * for a server that lacks it) and {@code atlas/citylake-model.json}. Types are only ever added: a server
 * that already has a type keeps its definition.
 */
public final class AtlasTypes {
    static final List<String> RESOURCES = List.of("/atlas/standard-model.json", "/atlas/citylake-model.json");
    static final List<String> SECTIONS = List.of("enumDefs", "structDefs", "classificationDefs", "entityDefs", "relationshipDefs");
    private static final ObjectMapper JSON = new ObjectMapper();

    private AtlasTypes() {
    }

    /** Every definition of both files, in one typedefs body. */
    public static ObjectNode all() {
        ObjectNode out = JSON.createObjectNode();
        SECTIONS.forEach(out::putArray);
        for (String resource : RESOURCES) {
            JsonNode doc = read(resource);
            for (String section : SECTIONS) {
                doc.path(section).forEach(((ArrayNode) out.get(section))::add);
            }
        }
        return out;
    }

    /** The definitions whose names {@code existing} lacks; empty sections when there is nothing to add. */
    public static ObjectNode missingFrom(Set<String> existing) {
        ObjectNode all = all();
        ObjectNode out = JSON.createObjectNode();
        for (String section : SECTIONS) {
            ArrayNode keep = out.putArray(section);
            for (JsonNode def : all.get(section)) {
                if (!existing.contains(def.get("name").asText())) {
                    keep.add(def);
                }
            }
        }
        return out;
    }

    public static boolean isEmpty(ObjectNode typesDef) {
        return SECTIONS.stream().allMatch(s -> typesDef.path(s).isEmpty());
    }

    private static JsonNode read(String resource) {
        try (InputStream in = AtlasTypes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            ObjectNode doc = (ObjectNode) JSON.readTree(in);
            doc.remove("_comment");
            return doc;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }
}
