package org.citylake.catalog.contract;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The data contract of one table: the single place its columns' rules live. */
public record TableContract(String namespace, String table, String title, String description, String ownerDepartment,
                            Grade grade, int retentionDays, List<String> key, List<SourceSpec> sources,
                            List<ColumnContract> columns, List<RowRule> rowRules, Survivorship survivorship,
                            double maxRejectedFraction, Path file) {
    public TableContract {
        key = List.copyOf(key);
        sources = List.copyOf(sources);
        columns = List.copyOf(columns);
        rowRules = List.copyOf(rowRules);
    }

    /** Base tables this table's rows point into (exists_in rules and reference checks); they load first. */
    public java.util.Set<String> referencedTables() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        rowRules.stream().filter(r -> r.kind() == RowRule.Kind.EXISTS_IN).forEach(r -> out.add(r.param("table")));
        columns.forEach(c -> c.quality().stream().filter(q -> q.kind() == QualityRule.Kind.REFERENCE)
                .forEach(q -> out.add(q.referenceTable())));
        out.remove(qualifiedName());
        return out;
    }

    /**
     * The share of a batch's rows that may be quarantined before the batch itself is suspect: above
     * it the publish gate holds the batch (a broken extract, a wrong encoding, a changed layout),
     * however clean the surviving rows are. 1.0 means no limit.
     */
    public double maxRejectedFraction() {
        return maxRejectedFraction;
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
