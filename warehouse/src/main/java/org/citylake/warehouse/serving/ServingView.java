package org.citylake.warehouse.serving;

import java.util.List;
import java.util.stream.Collectors;
import org.citylake.catalog.contract.TableContract;
import org.citylake.warehouse.SqlText;

/**
 * The view {@code lake.serving.<app>_<table>} through which one app reads one base table: the granted
 * columns, masked per contract and app file, and only the rows its conditions allow. The view runs with
 * its owner's rights (SECURITY DEFINER), so the app needs access to the view only, never the base table.
 */
public record ServingView(AppFile app, AppGrant grant, TableContract contract, String name, List<ServedColumn> columns) {
    public static final String SCHEMA = "serving";

    public ServingView {
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException(app.file() + ": view " + name + " would have no column (all suppressed)");
        }
    }

    public boolean usesPseudonymKey() {
        return columns.stream().anyMatch(c -> c.masking().technique() == org.citylake.catalog.contract.Masking.Technique.HASH);
    }

    /** {@code CREATE OR REPLACE VIEW …}: every name quoted, every text an escaped literal. */
    public String createSql(String catalog) {
        String select = columns.stream().map(ServedColumn::selectItem).collect(Collectors.joining(",\n  "));
        String base = SqlText.trinoName(catalog, contract.namespace(), contract.table()) + " " + SqlText.trinoIdentifier(ServedColumn.BASE_ALIAS);
        String from = usesPseudonymKey()
                ? base + "\n  CROSS JOIN " + PseudonymKey.tableName(catalog) + " " + SqlText.trinoIdentifier(ServedColumn.KEY_ALIAS)
                : base;
        String where = grant.rows().isEmpty() ? ""
                : "\nWHERE " + grant.rows().stream().map(r -> "(" + r.sql(ServedColumn.BASE_ALIAS) + ")").collect(Collectors.joining("\n  AND "));
        String comment = app.app() + " · " + app.purpose();
        return "CREATE OR REPLACE VIEW " + SqlText.trinoName(catalog, SCHEMA, name)
                + "\nCOMMENT " + SqlText.trinoLiteral(comment)
                + "\nSECURITY DEFINER AS\nSELECT\n  " + select + "\nFROM " + from + where;
    }
}
