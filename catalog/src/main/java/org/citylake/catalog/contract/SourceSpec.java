package org.citylake.catalog.contract;

import java.nio.charset.Charset;

/**
 * One source feeding a base table: the department that sends it, the file name it arrives as,
 * its format and encoding ({@code null} for {@code encoding: auto}: detected per file), and its
 * survivorship priority (lower wins when sources disagree), and optionally the coordinate system its
 * longitude/latitude columns are in (GCJ-02 and BD-09 are converted to CGCS2000 on cleansing).
 */
public record SourceSpec(String name, String department, String file, SourceFormat format, Charset encoding, int priority,
                         String coordinateSystem) {
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
