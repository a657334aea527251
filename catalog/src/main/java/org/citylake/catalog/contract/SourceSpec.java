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
 */
public record SourceSpec(String name, String department, String file, SourceFormat format, Charset encoding, int priority,
                         String coordinateSystem, ChangeFeed changes) {
    /** A full-extract source (no change feed). */
    public SourceSpec(String name, String department, String file, SourceFormat format, Charset encoding, int priority,
                      String coordinateSystem) {
        this(name, department, file, format, encoding, priority, coordinateSystem, null);
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
