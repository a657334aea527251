package org.citylake.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.citylake.warehouse.TrinoQuery;

/** How {@code citylake sql} prints a result. */
enum ResultFormat {
    TABLE, CSV, JSON;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    String render(TrinoQuery.Result r) {
        return switch (this) {
            case CSV -> csv(r);
            case JSON -> json(r);
            case TABLE -> table(r);
        };
    }

    private static String csv(TrinoQuery.Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.join(",", r.columns().stream().map(ResultFormat::csvCell).toList())).append('\n');
        for (List<String> row : r.rows()) {
            b.append(String.join(",", row.stream().map(ResultFormat::csvCell).toList())).append('\n');
        }
        return b.toString();
    }

    private static String csvCell(String v) {
        if (v == null) {
            return "";
        }
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    private static String json(TrinoQuery.Result r) {
        ArrayNode rows = MAPPER.createArrayNode();
        for (List<String> row : r.rows()) {
            ObjectNode o = rows.addObject();
            for (int c = 0; c < r.columns().size(); c++) {
                o.put(r.columns().get(c), row.get(c));
            }
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(rows) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render the result as JSON", e);
        }
    }

    private static String table(TrinoQuery.Result r) {
        int n = r.columns().size();
        int[] width = new int[n];
        for (int c = 0; c < n; c++) {
            width[c] = displayWidth(r.columns().get(c));
            for (List<String> row : r.rows()) {
                width[c] = Math.max(width[c], displayWidth(String.valueOf(row.get(c))));
            }
        }
        StringBuilder b = new StringBuilder();
        line(b, r.columns(), width);
        List<String> rule = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            rule.add("-".repeat(width[c]));
        }
        b.append(String.join("-+-", rule)).append('\n');
        for (List<String> row : r.rows()) {
            line(b, row.stream().map(v -> v == null ? "NULL" : v).toList(), width);
        }
        b.append("(").append(r.rows().size()).append(r.rows().size() == 1 ? " row)" : " rows)").append('\n');
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> cells, int[] width) {
        for (int c = 0; c < cells.size(); c++) {
            String v = cells.get(c);
            b.append(c == 0 ? "" : " | ").append(v).append(" ".repeat(Math.max(0, width[c] - displayWidth(v))));
        }
        b.append('\n');
    }

    /** Chinese characters take two terminal columns. */
    static int displayWidth(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            w += (ch >= 0x1100 && (ch <= 0x115f || (ch >= 0x2e80 && ch <= 0xa4cf) || (ch >= 0xac00 && ch <= 0xd7a3)
                    || (ch >= 0xf900 && ch <= 0xfaff) || (ch >= 0xfe30 && ch <= 0xfe4f) || (ch >= 0xff00 && ch <= 0xff60)
                    || (ch >= 0xffe0 && ch <= 0xffe6))) ? 2 : 1;
        }
        return w;
    }
}
