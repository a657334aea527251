package org.citylake.warehouse.lineage.atlas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link AtlasClient} over Atlas's REST API with the JDK's HTTP client and Jackson (both already on
 * citylake's classpath). Not {@code atlas-client-v2}: that client brings Jersey 1 and a Hadoop 3 client of
 * its own (103 jars) into the one JVM that also runs Spark with Jersey 2 and the shaded Hadoop client; the
 * few calls citylake makes are plain JSON over HTTP and are checked against a real Atlas in AtlasLineageIT.
 */
public final class AtlasHttpClient implements AtlasClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String authorization;
    private final HttpClient http;
    private final Duration timeout;

    public AtlasHttpClient(String url, String user, String password, Duration timeout) {
        this.base = (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/api/atlas/v2";
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public Set<String> typeNames() {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode h : send("GET", "/types/typedefs/headers", null)) {
            names.add(h.get("name").asText());
        }
        return names;
    }

    @Override
    public void createTypes(ObjectNode typesDef) {
        send("POST", "/types/typedefs", typesDef);
    }

    @Override
    public Map<String, String> upsert(ObjectNode entities) {
        JsonNode r = send("POST", "/entity/bulk", entities);
        Map<String, String> guids = new LinkedHashMap<>();
        if (r.has("guidAssignments")) {
            r.get("guidAssignments").fields().forEachRemaining(e -> guids.put(e.getKey(), e.getValue().asText()));
        }
        return guids;
    }

    @Override
    public List<String> directClassifications(String guid) {
        // The entity's own view marks each classification with the entity it came from (the classifications
        // endpoint of 2.1.0 does not), so propagated ones can be told apart.
        List<String> out = new ArrayList<>();
        JsonNode r = send("GET", "/entity/guid/" + guid + "?minExtInfo=true&ignoreRelationships=true", null);
        for (JsonNode c : r.path("entity").path("classifications")) {
            if (guid.equals(c.path("entityGuid").asText(guid))) {
                out.add(c.get("typeName").asText());
            }
        }
        return out;
    }

    @Override
    public void addClassifications(String guid, List<JsonNode> classifications) {
        send("POST", "/entity/guid/" + guid + "/classifications", JSON.valueToTree(classifications));
    }

    @Override
    public Optional<JsonNode> entity(String typeName, String qualifiedName) {
        String path = "/entity/uniqueAttribute/type/" + encode(typeName) + "?attr:qualifiedName=" + encode(qualifiedName);
        HttpResponse<String> r = exchange("GET", path, null);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(check("GET", path, r).path("entity"));
    }

    @Override
    public List<JsonNode> entities(java.util.Collection<String> guids) {
        List<JsonNode> out = new ArrayList<>();
        List<String> all = new ArrayList<>(guids);
        for (int i = 0; i < all.size(); i += 50) { // keeps the URL short
            StringBuilder q = new StringBuilder("/entity/bulk?minExtInfo=true&ignoreRelationships=false");
            all.subList(i, Math.min(all.size(), i + 50)).forEach(g -> q.append("&guid=").append(encode(g)));
            send("GET", q.toString(), null).path("entities").forEach(out::add);
        }
        return out;
    }

    @Override
    public JsonNode lineage(String guid, String direction, int depth) {
        return send("GET", "/lineage/" + guid + "?direction=" + direction + "&depth=" + depth, null);
    }

    @Override
    public List<JsonNode> search(String typeName, String query) {
        String path = "/search/basic?typeName=" + encode(typeName) + "&limit=1000" + (query == null ? "" : "&query=" + encode(query));
        List<JsonNode> out = new ArrayList<>();
        send("GET", path, null).path("entities").forEach(out::add);
        return out;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode send(String method, String path, JsonNode body) {
        return check(method, path, exchange(method, path, body));
    }

    private JsonNode check(String method, String path, HttpResponse<String> r) {
        if (r.statusCode() / 100 != 2) {
            throw new AtlasUnavailableException("Atlas answered " + method + " " + base + path + " with HTTP " + r.statusCode() + ": "
                    + abbreviate(r.body()));
        }
        try {
            return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AtlasUnavailableException("Atlas answered " + method + " " + base + path + " with something not JSON: "
                    + abbreviate(r.body()), e);
        }
    }

    private HttpResponse<String> exchange(String method, String path, JsonNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Authorization", authorization).header("Accept", "application/json");
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AtlasUnavailableException("Cannot reach Atlas at " + base + " (" + method + " " + path + "): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AtlasUnavailableException("Interrupted while calling Atlas at " + base, e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "…" : s;
    }
}
