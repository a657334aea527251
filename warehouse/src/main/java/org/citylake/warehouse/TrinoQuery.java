package org.citylake.warehouse;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Runs SQL on the profile's Trino server over JDBC ({@link TrinoAccess}), as a given user, and returns the whole result. */
public final class TrinoQuery {
    /** Column names and rows as text (null stays null), in server order. */
    public record Result(List<String> columns, List<List<String>> rows) {
        public Result {
            columns = List.copyOf(columns);
            rows = Collections.unmodifiableList(rows);
        }
    }

    private final TrinoAccess access;

    public TrinoQuery(Profile profile) {
        this(TrinoAccess.of(profile));
    }

    public TrinoQuery(TrinoAccess access) {
        this.access = access;
    }

    /** As {@code user}, with that user's password when the profile's Trino asks for passwords. */
    public Result run(String sql, String user) throws SQLException {
        try (Connection c = access.connect(user);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> cols = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                cols.add(md.getColumnLabel(i));
            }
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>(cols.size());
                for (int i = 1; i <= cols.size(); i++) {
                    Object o = rs.getObject(i);
                    row.add(o == null ? null : String.valueOf(o));
                }
                rows.add(Collections.unmodifiableList(row));
            }
            return new Result(cols, rows);
        }
    }
}
