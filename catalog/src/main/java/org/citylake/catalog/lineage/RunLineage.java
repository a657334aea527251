package org.citylake.catalog.lineage;

import java.util.List;

/** Everything one run contributes to the lineage record: the run, its dataset edges and its column edges. */
public record RunLineage(JobRun run, List<DatasetEdge> datasets, List<ColumnEdge> columns) {
    public RunLineage {
        datasets = List.copyOf(datasets);
        columns = List.copyOf(columns);
    }
}
