package org.citylake.catalog.audit;

import java.util.List;
import java.util.Map;

/**
 * Just enough JSON to write audit entries: strings, numbers, lists and maps, with one spelling for each value
 * (no whitespace, keys in the order given, escapes as RFC 8259 requires), so the same entry always gives
 * the same text and therefore the same hash. The catalog module stays free of a JSON library for this.
 */
final class Json {
    /** An explicit JSON null inside a list (a Java null in a list would be ambiguous with a missing value). */
    static final Object NULL = new Object();

    /** Text that is JSON already (a stored details object). */
    record Raw(String json) {
    }

    private Json() {
    }

    static String object(Map<String, String> m) {
        return value(m);
    }

    static String array(List<?> items) {
        return value(items);
    }

    static String value(Object v) {
        StringBuilder b = new StringBuilder();
        write(b, v);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v) {
        if (v == null || v == NULL) {
            b.append("null");
        } else if (v instanceof Raw r) {
            b.append(r.json());
        } else if (v instanceof Number || v instanceof Boolean) {
            b.append(v);
        } else if (v instanceof Map<?, ?> m) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(first ? "" : ",");
                first = false;
                string(b, String.valueOf(e.getKey()));
                b.append(':');
                write(b, e.getValue());
            }
            b.append('}');
        } else if (v instanceof List<?> l) {
            b.append('[');
            for (int i = 0; i < l.size(); i++) {
                b.append(i == 0 ? "" : ",");
                write(b, l.get(i));
            }
            b.append(']');
        } else {
            string(b, v.toString());
        }
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
