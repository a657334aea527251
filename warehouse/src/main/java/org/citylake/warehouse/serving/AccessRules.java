package org.citylake.warehouse.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.citylake.catalog.contract.Masking;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.SqlText;

/**
 * Trino's file-based access control ({@code rules.json}) generated from the app files: the admin user may do
 * everything; each app user may only SELECT its own serving views. As defence in depth the rules repeat
 * what the views already do where that is exact — masks that keep the ends of a text (masking twice gives the
 * same text) and row conditions on columns the view serves unchanged — so a view replaced by hand without
 * masking still does not leak those columns.
 *
 * <p>User, schema and table fields in rules.json are regular expressions; every name written here passed
 * {@link AppFiles#APP_NAME} or the contract identifier check, so none contains a regex metacharacter.
 * Trino re-reads the file every {@code security.refresh-period}; it is replaced atomically.
 */
public final class AccessRules {
    public static final String ADMIN_USER = "citylake";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AccessRules() {
    }

    /** Where the generated Trino config expects the rules. */
    public static Path file(Profile profile) {
        return profile.stateDir().resolve("trino/etc/rules.json");
    }

    /** Rules with no app at all: what Trino starts with before the first publish. */
    public static String adminOnly() {
        return generate("lake", List.of(), List.of());
    }

    public static String generate(String catalog, List<AppFile> apps, List<ServingView> views) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode catalogs = root.putArray("catalogs");
        catalogs.addObject().put("user", ADMIN_USER).put("allow", "all");
        for (AppFile app : apps) {
            catalogs.addObject().put("user", app.app()).put("catalog", catalog).put("allow", "read-only");
        }
        root.putArray("schemas").addObject().put("user", ADMIN_USER).put("owner", true);
        ArrayNode tables = root.putArray("tables");
        ObjectNode admin = tables.addObject().put("user", ADMIN_USER);
        admin.putArray("privileges").add("SELECT").add("INSERT").add("DELETE").add("UPDATE").add("OWNERSHIP").add("GRANT_SELECT");
        for (ServingView v : views) {
            ObjectNode t = tables.addObject().put("user", v.app().app()).put("catalog", catalog)
                    .put("schema", ServingView.SCHEMA).put("table", v.name());
            t.putArray("privileges").add("SELECT");
            String filter = exactFilter(v);
            if (filter != null) {
                t.put("filter", filter);
            }
            ArrayNode masks = JSON.createArrayNode();
            for (ServedColumn c : v.columns()) {
                if (c.idempotentMask()) {
                    masks.addObject().put("name", c.name()).put("mask", c.expression(SqlText.trinoIdentifier(c.name())));
                }
            }
            if (!masks.isEmpty()) {
                t.set("columns", masks);
            }
        }
        ArrayNode queries = root.putArray("queries");
        queries.addObject().put("user", ADMIN_USER).putArray("allow").add("execute").add("kill").add("view");
        // Everyone else may run queries and (always) see and kill their own — not read other users' SQL.
        queries.addObject().putArray("allow").add("execute");
        root.putArray("system_information").addObject().put("user", ADMIN_USER).putArray("allow").add("read").add("write");
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The row conditions the view's own columns can express exactly, AND-ed; null if none. */
    static String exactFilter(ServingView v) {
        List<String> parts = v.grant().rows().stream()
                .filter(r -> v.columns().stream().anyMatch(c -> c.source().name().equals(r.column())
                        && c.name().equals(r.column()) && c.masking().technique() == Masking.Technique.NONE))
                .map(r -> "(" + r.sql(null) + ")").toList();
        return parts.isEmpty() ? null : String.join(" AND ", parts);
    }

    /** Writes next to the target and moves into place, so Trino never reads half a file. */
    public static void write(Path target, String json) {
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "rules", ".tmp");
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write Trino access rules " + target, e);
        }
    }
}
