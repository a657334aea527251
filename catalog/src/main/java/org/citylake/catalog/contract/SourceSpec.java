package org.citylake.catalog.contract;

import java.nio.charset.Charset;

/**
 * One source feeding a base table: the department that sends it, the file name it arrives as,
 * its format and encoding ({@code null} for {@code encoding: auto}: detected per file), and its
 * survivorship priority (lower wins when sources disagree).
 */
public record SourceSpec(String name, String department, String file, SourceFormat format, Charset encoding, int priority) {
    public boolean detectsEncoding() {
        return encoding == null;
    }

    /** The ODS table the source lands in as received: {@code ods.<name>}. */
    public String odsTable() {
        return "ods." + name;
    }
}
