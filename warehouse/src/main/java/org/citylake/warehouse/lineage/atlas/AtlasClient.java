package org.citylake.warehouse.lineage.atlas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The part of Atlas's v2 REST API citylake uses. Every method throws {@link AtlasUnavailableException}
 * when Atlas cannot be reached or refuses a request; callers that must not fail (a data job) catch it.
 */
public interface AtlasClient {
    /** Names of every type the server knows (entity, classification, relationship, ...). */
    Set<String> typeNames();

    /** {@code POST /api/atlas/v2/types/typedefs}: creates the given (new) types. */
    void createTypes(ObjectNode typesDef);

    /** {@code POST /api/atlas/v2/entity/bulk}: creates or updates by qualifiedName; returns negative guid → real guid. */
    Map<String, String> upsert(ObjectNode entities);

    /** Classification type names attached to the entity directly (not propagated to it). */
    List<String> directClassifications(String guid);

    void addClassifications(String guid, List<JsonNode> classifications);

    /** The entity with this type and qualifiedName, as {@code GET .../uniqueAttribute/type/{type}} returns it. */
    Optional<JsonNode> entity(String typeName, String qualifiedName);

    /** {@code GET /api/atlas/v2/entity/bulk?guid=...}: the full entities (attributes and relationship attributes). */
    List<JsonNode> entities(java.util.Collection<String> guids);

    /** {@code GET /api/atlas/v2/lineage/{guid}?direction=INPUT|OUTPUT|BOTH&depth=N}. */
    JsonNode lineage(String guid, String direction, int depth);

    /** {@code GET /api/atlas/v2/search/basic?typeName=...&query=...}: the entity headers found. */
    List<JsonNode> search(String typeName, String query);
}
