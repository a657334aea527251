package org.citylake.catalog.lineage;

import java.util.Objects;

/**
 * One dataset a job read or wrote, at the version it had: a source file with its SHA-256, or a lake
 * table ({@code ods.population_registry}, {@code base.person}) with its Iceberg snapshot id.
 * {@code version} is empty when there is none (a table not yet written).
 */
public record DatasetRef(Kind kind, String name, String version) {
    public enum Kind {
        SOURCE_FILE, TABLE;

        public String code() {
            return this == SOURCE_FILE ? "file" : "table";
        }

        public static Kind ofCode(String code) {
            return "file".equals(code) ? SOURCE_FILE : TABLE;
        }
    }

    public DatasetRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        version = version == null ? "" : version;
    }

    public static DatasetRef file(String fileName, String sha256) {
        return new DatasetRef(Kind.SOURCE_FILE, fileName, "sha256:" + sha256);
    }

    /**
     * A source outside the lake that is not a file: a JDBC table at the watermark range read, e.g.
     * {@code jdbc:market_entity@updated_at (2026-06-01 08:00:00, 2026-06-02 09:30:00]}.
     */
    public static DatasetRef source(String name, String version) {
        return new DatasetRef(Kind.SOURCE_FILE, name, version);
    }

    public static DatasetRef table(String qualifiedName, java.util.OptionalLong snapshot) {
        return new DatasetRef(Kind.TABLE, qualifiedName, snapshot.isPresent() ? String.valueOf(snapshot.getAsLong()) : "");
    }

    /** {@code base.person@5012…} or {@code population_registry.csv@sha256:…}, as auditors read it. */
    @Override
    public String toString() {
        return version.isEmpty() ? name : name + "@" + version;
    }
}
