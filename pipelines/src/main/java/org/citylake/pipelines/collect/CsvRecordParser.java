package org.citylake.pipelines.collect;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 fields of one CSV record (quotes, doubled quotes, separators inside quotes). */
final class CsvRecordParser {
    /** The fields, or null when a quote is still open at the end of the text. */
    record Result(List<String> fields) {
    }

    private CsvRecordParser() {
    }

    static Result parse(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
                wasQuoted = false;
            } else if (c == '"' && cur.toString().isBlank() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            return new Result(null);
        }
        out.add(cur.toString());
        return new Result(out);
    }
}
