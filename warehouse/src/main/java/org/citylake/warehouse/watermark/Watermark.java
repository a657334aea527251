package org.citylake.warehouse.watermark;

import java.time.Instant;
import java.util.Objects;

/**
 * How far one source of one table has been taken into the lake. For a file source each taken file
 * is one watermark (its name and SHA-256: the same name with new content is a new delivery); for a
 * JDBC source it is the highest {@code updated_at} value or id read, in {@code value} (as the database
 * printed it), one row per published batch; the latest is where the next incremental read starts.
 */
public record Watermark(String table, String source, Kind kind, String fileName, String fileSha256, String value, String batchId,
                        Instant committedAt) {
    public enum Kind {
        FILE, JDBC;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Watermark {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(committedAt, "committedAt");
        if (kind == Kind.FILE && (fileName == null || fileSha256 == null)) {
            throw new IllegalArgumentException("a file watermark needs the file's name and SHA-256");
        }
        if (kind == Kind.JDBC && value == null) {
            throw new IllegalArgumentException("a JDBC watermark needs the value read up to");
        }
    }

    public static Watermark file(String table, String source, String fileName, String sha256, String batchId, Instant committedAt) {
        return new Watermark(table, source, Kind.FILE, fileName, sha256, null, batchId, committedAt);
    }

    public static Watermark jdbc(String table, String source, String value, String batchId, Instant committedAt) {
        return new Watermark(table, source, Kind.JDBC, null, null, value, batchId, committedAt);
    }

    /** What identifies a taken file: its name and content. */
    public String fileIdentity() {
        return fileName + "@" + fileSha256;
    }
}
