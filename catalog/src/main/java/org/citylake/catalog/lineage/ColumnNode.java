package org.citylake.catalog.lineage;

/** A column of a dataset, a node of the column lineage graph: {@code base.person.resident_id}, {@code population_registry.csv:公民身份号码}. */
public record ColumnNode(DatasetRef.Kind kind, String dataset, String column) {
    /** Files separate dataset and header with ':' because file names contain dots. */
    @Override
    public String toString() {
        return dataset + (kind == DatasetRef.Kind.SOURCE_FILE ? ":" : ".") + column;
    }
}
