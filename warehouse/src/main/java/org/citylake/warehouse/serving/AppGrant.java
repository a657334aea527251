package org.citylake.warehouse.serving;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.citylake.catalog.contract.Masking;

/**
 * One table an app may read: which columns (empty = every column of the contract), which rows (all
 * conditions hold), and masking overrides that replace the contract's rule for a column.
 */
public record AppGrant(String table, List<String> columns, List<RowCondition> rows, Map<String, Masking> masking) {
    public AppGrant {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        masking = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(masking));
    }

    public boolean allColumns() {
        return columns.isEmpty();
    }

    /** The table name without its namespace: {@code base.person} → {@code person}. */
    public String tableName() {
        return table.substring(table.indexOf('.') + 1);
    }

    public Optional<Masking> override(String column) {
        return Optional.ofNullable(masking.get(column));
    }
}
