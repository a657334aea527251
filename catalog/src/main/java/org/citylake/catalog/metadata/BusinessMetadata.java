package org.citylake.catalog.metadata;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.citylake.catalog.contract.ColumnContract;
import org.citylake.catalog.contract.SourceSpec;
import org.citylake.catalog.contract.TableContract;

/**
 * What a contract says about a base table for the catalog: the table comment, the column comments
 * and the {@code citylake.*} table properties. Iceberg has no per-column properties, so column
 * facts are table properties named {@code citylake.column.<column>.<fact>} — one key per fact, so
 * Trino's {@code "<table>$properties"} and the Hive Metastore show them without parsing.
 *
 * <p>Every key under {@link #PREFIX} belongs to citylake: a key the contract no longer produces is
 * stale and is removed when the metadata is re-applied ({@link #staleKeys}).
 */
public record BusinessMetadata(String tableComment, Map<String, String> columnComments, Map<String, String> properties) {
    public static final String PREFIX = "citylake.";
    public static final String COLUMN_PREFIX = PREFIX + "column.";
    /** Keys under {@link #PREFIX} that describe the table's role, not the contract; never removed as stale. */
    private static final Set<String> LAYER_KEYS = Set.of(PREFIX + "layer");

    public BusinessMetadata {
        columnComments = Map.copyOf(columnComments);
        properties = Map.copyOf(properties);
    }

    public static BusinessMetadata of(TableContract c) {
        Map<String, String> comments = new LinkedHashMap<>();
        Map<String, String> p = new LinkedHashMap<>();
        p.put(PREFIX + "title", c.title());
        p.put(PREFIX + "owner-department", c.ownerDepartment());
        p.put(PREFIX + "grade", c.grade().code());
        p.put(PREFIX + "grade-label", c.grade().chinese());
        p.put(PREFIX + "key", String.join(",", c.key()));
        p.put(PREFIX + "retention-days", String.valueOf(c.retentionDays()));
        p.put(PREFIX + "sources", c.sources().stream().map(s -> s.name() + "=" + s.department()).collect(Collectors.joining("; ")));
        List<String> personal = c.columns().stream().filter(col -> col.sensitivity().isPersonal()).map(ColumnContract::name).toList();
        p.put(PREFIX + "personal-information", String.valueOf(!personal.isEmpty()));
        p.put(PREFIX + "personal-columns", String.join(",", personal));
        for (ColumnContract col : c.columns()) {
            String k = COLUMN_PREFIX + col.name() + ".";
            p.put(k + "title", col.title());
            p.put(k + "grade", col.grade().code());
            p.put(k + "sensitivity", col.sensitivity().code());
            p.put(k + "masking", col.masking().describe());
            p.put(k + "standard", col.standard());
            p.put(k + "aliases", String.join(",", col.aliases()));
            comments.put(col.name(), columnComment(col));
        }
        return new BusinessMetadata(c.title() + " — " + c.description() + " (owner " + c.ownerDepartment() + ", grade "
                + c.grade().code() + " " + c.grade().chinese() + ")", comments, p);
    }

    /** The column comment: title, then the grading facts an analyst needs in {@code DESCRIBE} output. */
    public static String columnComment(ColumnContract col) {
        return col.title() + " | sensitivity " + col.sensitivity().code() + " | grade " + col.grade().code()
                + " " + col.grade().chinese() + " | masking " + col.masking().describe() + " | standard " + col.standard();
    }

    /** The comment of an ODS column: the same column as received, with the headers it may arrive under. */
    public static String odsColumnComment(ColumnContract col, SourceSpec source) {
        List<String> headers = new java.util.ArrayList<>(List.of(col.title()));
        col.aliases().stream().filter(a -> !headers.contains(a)).forEach(headers::add);
        return col.title() + ", as received from " + source.origin() + " (header " + String.join(" / ", headers) + "); cleansed into "
                + col.name() + " by " + col.standard();
    }

    /** The comments of the row metadata every ODS table carries, by column. */
    public static final Map<String, String> ODS_ROW_COMMENTS = rowComments();

    private static Map<String, String> rowComments() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("_extra", "source fields no contract column names");
        m.put("_batch_id", "batch the record arrived in (partition): the same files give the same id");
        m.put("_source", "source of the record, as the contract names it");
        m.put("_source_file", "file the record was read from");
        m.put("_line", "physical line of the record in its file (1 = the header)");
        m.put("_ingested_at", "when citylake collected the record");
        m.put("_raw", "the original record text");
        m.put("_parse_error", "why the record could not be read, if it could not");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Every ODS column's comment for one source of a contract: contract columns first, then row metadata. */
    public static Map<String, String> odsColumnComments(TableContract c, SourceSpec source) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ColumnContract col : c.columns()) {
            out.put(col.name(), odsColumnComment(col, source));
        }
        out.putAll(ODS_ROW_COMMENTS);
        return out;
    }

    /** citylake-owned keys of {@code existing} that this metadata no longer sets. */
    public Set<String> staleKeys(Map<String, String> existing) {
        return existing.keySet().stream()
                .filter(k -> k.startsWith(PREFIX) && !LAYER_KEYS.contains(k) && !properties.containsKey(k))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** Properties whose value in {@code existing} differs from (or is missing for) this metadata. */
    public Map<String, String> changedProperties(Map<String, String> existing) {
        Map<String, String> out = new java.util.TreeMap<>();
        properties.forEach((k, v) -> {
            if (!v.equals(existing.get(k))) {
                out.put(k, v);
            }
        });
        return out;
    }
}
