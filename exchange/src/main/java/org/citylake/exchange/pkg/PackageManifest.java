package org.citylake.exchange.pkg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.citylake.exchange.crypto.ManifestSigner;

/**
 * {@code manifest.json}: what a package holds and how to check it. The signature covers the canonical
 * form — every field except the signature, keys sorted, no whitespace — so the producer and the
 * consumer compute the same bytes whatever JSON library or pretty-printing either side uses.
 */
public record PackageManifest(
        int formatVersion,
        String packageId,
        String subscription,
        String table,
        ChangeKind changeKind,
        DataFormat format,
        List<PackageColumn> schema,
        SnapshotRange snapshots,
        List<PackageFile> files,
        String encryption,
        Instant createdAt,
        String producer,
        Signature signature) {

    public static final String FILE_NAME = "manifest.json";
    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** Appends only (rows added), or a changelog where every row carries its operation (updates and deletes travel). */
    public enum ChangeKind { APPEND, CHANGELOG }

    /** How the data files are written: Parquet, or CSV in GBK for legacy peers. */
    public enum DataFormat {
        PARQUET("parquet", ".parquet"), CSV_GBK("csv-gbk", ".csv");

        private final String code;
        private final String extension;

        DataFormat(String code, String extension) {
            this.code = code;
            this.extension = extension;
        }

        public String code() {
            return code;
        }

        public String extension() {
            return extension;
        }

        public static DataFormat parse(String code) {
            for (DataFormat f : values()) {
                if (f.code.equals(code)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown format '" + code + "' (known: parquet, csv-gbk)");
        }
    }

    public record Signature(String algorithm, String keyId, String value) {
    }

    public PackageManifest {
        SafeNames.packageId(packageId);
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(changeKind, "changeKind");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(snapshots, "snapshots");
        Objects.requireNonNull(createdAt, "createdAt");
        schema = List.copyOf(schema);
        files = List.copyOf(files);
        if (files.stream().map(PackageFile::name).distinct().count() != files.size()) {
            throw new IllegalArgumentException("a file is listed twice in package " + packageId);
        }
    }

    public long totalRows() {
        return files.stream().mapToLong(PackageFile::rows).sum();
    }

    public PackageManifest signed(ManifestSigner signer) {
        PackageManifest unsigned = withSignature(null);
        return withSignature(new Signature(signer.algorithm(), signer.keyId(), signer.sign(unsigned.canonical())));
    }

    public PackageManifest withSignature(Signature s) {
        return new PackageManifest(formatVersion, packageId, subscription, table, changeKind, format, schema, snapshots, files,
                encryption, createdAt, producer, s);
    }

    /** The signed bytes: everything but the signature, sorted keys, compact. */
    public String canonical() {
        try {
            return JSON.writeValueAsString(toMap(false));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toMap(true)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> toMap(boolean withSignature) {
        Map<String, Object> m = new TreeMap<>();
        m.put("format_version", formatVersion);
        m.put("package_id", packageId);
        m.put("subscription", subscription);
        m.put("table", table);
        m.put("change_kind", changeKind.name().toLowerCase());
        m.put("format", format.code());
        List<Object> cols = new ArrayList<>();
        for (PackageColumn c : schema) {
            Map<String, Object> cm = new TreeMap<>();
            cm.put("name", c.name());
            cm.put("type", c.type());
            cm.put("masking", c.masking());
            cols.add(cm);
        }
        m.put("schema", cols);
        Map<String, Object> range = new LinkedHashMap<>();
        range.put("from_exclusive", snapshots.fromExclusive());
        range.put("to_inclusive", snapshots.toInclusive());
        m.put("snapshot_range", range);
        List<Object> fl = new ArrayList<>();
        for (PackageFile f : files) {
            Map<String, Object> fm = new TreeMap<>();
            fm.put("name", f.name());
            fm.put("rows", f.rows());
            fm.put("bytes", f.bytes());
            fm.put("sha256", f.sha256());
            fm.put("sm3", f.sm3());
            fm.put("iv", f.iv());
            fl.add(fm);
        }
        m.put("files", fl);
        m.put("total_rows", totalRows());
        m.put("encryption", encryption);
        m.put("created_at", createdAt.toString());
        m.put("producer", producer);
        if (withSignature && signature != null) {
            Map<String, Object> s = new TreeMap<>();
            s.put("algorithm", signature.algorithm());
            s.put("key_id", signature.keyId());
            s.put("value", signature.value());
            m.put("signature", s);
        }
        return m;
    }

    /** Reads a manifest; anything missing, mistyped or unsafe fails with a {@link MalformedManifestException}. */
    public static PackageManifest parse(String json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedManifestException("not valid JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw new MalformedManifestException("not a JSON object");
        }
        try {
            int version = required(n, "format_version").asInt();
            if (version != FORMAT_VERSION) {
                throw new MalformedManifestException("format_version " + version + " is not supported (this citylake reads " + FORMAT_VERSION + ")");
            }
            List<PackageColumn> schema = new ArrayList<>();
            for (JsonNode c : required(n, "schema")) {
                schema.add(new PackageColumn(text(c, "name"), text(c, "type"), optionalText(c, "masking")));
            }
            JsonNode range = required(n, "snapshot_range");
            JsonNode from = range.get("from_exclusive");
            SnapshotRange snapshots = new SnapshotRange(from == null || from.isNull() ? null : from.asLong(),
                    required(range, "to_inclusive").asLong());
            List<PackageFile> files = new ArrayList<>();
            for (JsonNode f : required(n, "files")) {
                files.add(new PackageFile(text(f, "name"), required(f, "rows").asLong(), required(f, "bytes").asLong(),
                        text(f, "sha256"), text(f, "sm3"), optionalText(f, "iv")));
            }
            Signature sig = null;
            JsonNode s = n.get("signature");
            if (s != null && !s.isNull()) {
                sig = new Signature(text(s, "algorithm"), optionalText(s, "key_id"), text(s, "value"));
            }
            PackageManifest m = new PackageManifest(version, text(n, "package_id"), text(n, "subscription"), text(n, "table"),
                    ChangeKind.valueOf(text(n, "change_kind").toUpperCase()), DataFormat.parse(text(n, "format")), schema, snapshots,
                    files, optionalText(n, "encryption"), Instant.parse(text(n, "created_at")), optionalText(n, "producer"), sig);
            JsonNode total = n.get("total_rows");
            if (total != null && total.asLong() != m.totalRows()) {
                throw new MalformedManifestException("total_rows " + total.asLong() + " is not the sum of the file rows " + m.totalRows());
            }
            return m;
        } catch (SafeNames.UnsafeNameException e) {
            throw new MalformedManifestException("unsafe name: " + e.getMessage());
        } catch (IllegalArgumentException | DateTimeParseException | NullPointerException e) {
            if (e instanceof MalformedManifestException me) {
                throw me;
            }
            throw new MalformedManifestException(e.getMessage());
        }
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new MalformedManifestException("field '" + field + "' is missing");
        }
        return v;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = required(n, field);
        if (!v.isTextual()) {
            throw new MalformedManifestException("field '" + field + "' must be a string");
        }
        return v.asText();
    }

    private static String optionalText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    public static final class MalformedManifestException extends IllegalArgumentException {
        public MalformedManifestException(String message) {
            super("malformed manifest: " + message);
        }
    }
}
