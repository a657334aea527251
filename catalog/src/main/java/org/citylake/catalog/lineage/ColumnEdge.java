package org.citylake.catalog.lineage;

/**
 * In one run, column {@code outputColumn} of {@code outputDataset} was derived from
 * {@code inputColumn} of {@code inputDataset} by {@code transformation} — e.g.
 * {@code base.person.resident_id ← ods.population_registry.resident_id via gb11643}. For a source
 * file the input column is the header as the department wrote it (公民身份号码).
 */
public record ColumnEdge(String runId, String outputDataset, String outputColumn, DatasetRef.Kind inputKind,
                         String inputDataset, String inputColumn, String transformation) {
    public ColumnNode output() {
        return new ColumnNode(DatasetRef.Kind.TABLE, outputDataset, outputColumn);
    }

    public ColumnNode input() {
        return new ColumnNode(inputKind, inputDataset, inputColumn);
    }
}
