package org.citylake.catalog.contract;

import java.nio.charset.Charset;

/**
 * One source feeding a base table: the department that sends it, the file name it arrives as,
 * its format and encoding ({@code null} for {@code encoding: auto}: detected per file), and its
 * survivorship priority (lower wins when sources disagree), and optionally the coordinate system its
 * longitude/latitude columns are in (GCJ-02 and BD-09 are converted to CGCS2000 on cleansing).
 *
 * <p>A source is a full extract (every record, every time) unless it declares a {@link ChangeFeed}
 * ({@code mode: changes}): then each file is a change set to apply, never a reason to delete the
 * records it does not mention. {@code file} may hold one {@code *} wildcard (e.g.
 * {@code population_changes_*.csv}), so a department can deliver several files of one source.
 *
 * <p>A {@link JdbcSource} ({@code jdbc:}, format {@link SourceFormat#JDBC}) is read from a database
 * instead: it has no file name ({@code file} is null, {@link #origin()} names it) and no encoding.
 */
public record SourceSpec(String name, String department, String file, SourceFormat format, Charset encoding, int priority,
                         String coordinateSystem, ChangeFeed changes, JdbcSource jdbc) {
    public SourceSpec {
        if ((jdbc != null) != (format == SourceFormat.JDBC)) {
            throw new IllegalArgumentException("format JDBC goes with a jdbc: declaration, and only with it: " + name);
        }
        if (jdbc == null && file == null) {
            throw new IllegalArgumentException("a file source needs a file name: " + name);
        }
    }

    /** A file source that may deliver changes. */
    public SourceSpec(String name, String department, String file, SourceFormat format, Charset encoding, int priority,
                      String coordinateSystem, ChangeFeed changes) {
        this(name, department, file, format, encoding, priority, coordinateSystem, changes, null);
    }

    /** A full-extract source (no change feed). */
    public SourceSpec(String name, String department, String file, SourceFormat format, Charset encoding, int priority,
                      String coordinateSystem) {
        this(name, department, file, format, encoding, priority, coordinateSystem, null, null);
    }

    /** A source read over JDBC (always upserts by key; full or incremental by the load's mode). */
    public static SourceSpec jdbc(String name, String department, int priority, String coordinateSystem, JdbcSource jdbc) {
        return new SourceSpec(name, department, null, SourceFormat.JDBC, null, priority, coordinateSystem, null,
                java.util.Objects.requireNonNull(jdbc, "jdbc"));
    }

    public java.util.Optional<JdbcSource> jdbcSource() {
        return java.util.Optional.ofNullable(jdbc);
    }

    public boolean readsJdbc() {
        return jdbc != null;
    }

    /** Where the source's rows come from, as people read it: its file name (pattern), or {@code jdbc:<table>}. */
    public String origin() {
        return jdbc != null ? jdbc.origin(name) : file;
    }

    /** The change feed of a {@code mode: changes} source; empty for a full extract. */
    public java.util.Optional<ChangeFeed> changeFeed() {
        return java.util.Optional.ofNullable(changes);
    }

    public boolean deliversChanges() {
        return changes != null;
    }

    /** Whether a delivered file belongs to this source: its name equals {@code file}, or matches its {@code *}. */
    public boolean matchesFileName(String fileName) {
        if (file == null) {
            return false;
        }
        int star = file.indexOf('*');
        if (star < 0) {
            return file.equals(fileName);
        }
        String prefix = file.substring(0, star);
        String suffix = file.substring(star + 1);
        return fileName.length() >= prefix.length() + suffix.length() && fileName.startsWith(prefix) && fileName.endsWith(suffix);
    }

    /** The coordinate system the source declares for rows that do not name their own; null: none declared. */
    public java.util.Optional<String> declaredCoordinateSystem() {
        return java.util.Optional.ofNullable(coordinateSystem);
    }

    public boolean detectsEncoding() {
        return encoding == null;
    }

    /** The ODS table the source lands in as received: {@code ods.<name>}. */
    public String odsTable() {
        return "ods." + name;
    }
}
