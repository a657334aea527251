package org.citylake.pipelines.collect;

import java.util.Map;

/**
 * One record of a source file as received. {@code fields} maps contract column names to the raw
 * text; {@code extra} keeps fields no contract column names. A record that could not be read has
 * a {@code parseError} (reason code and message) and keeps its original text in {@code raw}.
 */
public record SourceRecord(long line, Map<String, String> fields, Map<String, String> extra, String raw, String parseError) {
    public boolean readable() {
        return parseError == null;
    }
}
