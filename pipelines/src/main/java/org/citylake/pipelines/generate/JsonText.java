package org.citylake.pipelines.generate;

import java.math.BigDecimal;
import java.util.Map;

/** Minimal JSON rendering for flat objects: strings, numbers, booleans, null, nested flat maps. */
final class JsonText {
    private JsonText() {
    }

    /** Renders an object in the map's own (insertion) order, so output is deterministic. */
    static String object(Map<String, ?> fields) {
        StringBuilder s = new StringBuilder(256).append('{');
        boolean first = true;
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            if (!first) {
                s.append(',');
            }
            first = false;
            string(s, e.getKey());
            s.append(':');
            value(s, e.getValue());
        }
        return s.append('}').toString();
    }

    @SuppressWarnings("unchecked")
    private static void value(StringBuilder s, Object v) {
        if (v == null) {
            s.append("null");
        } else if (v instanceof BigDecimal d) {
            s.append(d.toPlainString());
        } else if (v instanceof Number || v instanceof Boolean) {
            s.append(v);
        } else if (v instanceof Map<?, ?> m) {
            s.append(object((Map<String, ?>) m));
        } else if (v instanceof Iterable<?> list) {
            s.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    s.append(',');
                }
                first = false;
                value(s, item);
            }
            s.append(']');
        } else {
            string(s, v.toString());
        }
    }

    private static void string(StringBuilder s, String text) {
        s.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        s.append('"');
    }
}
