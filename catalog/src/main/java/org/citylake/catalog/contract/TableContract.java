package org.citylake.catalog.contract;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The data contract of one table: the single place its columns' rules live. */
public record TableContract(String namespace, String table, String title, String description, String ownerDepartment,
                            Grade grade, int retentionDays, List<String> key, List<SourceSpec> sources,
                            List<ColumnContract> columns, Path file) {
    public TableContract {
        key = List.copyOf(key);
        sources = List.copyOf(sources);
        columns = List.copyOf(columns);
    }

    /** {@code namespace.table}, e.g. {@code base.person}. */
    public String qualifiedName() {
        return namespace + "." + table;
    }

    public Optional<ColumnContract> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The column a source header maps to, if any. */
    public Optional<ColumnContract> columnForHeader(String header) {
        String h = header.strip();
        return columns.stream().filter(c -> c.matchesHeader(h)).findFirst();
    }

    public List<ColumnContract> requiredColumns() {
        return columns.stream().filter(c -> !c.nullable()).toList();
    }
}
