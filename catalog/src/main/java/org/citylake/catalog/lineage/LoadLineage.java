package org.citylake.catalog.lineage;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.citylake.catalog.contract.ColumnContract;
import org.citylake.catalog.contract.RowRule;
import org.citylake.catalog.contract.SourceSpec;
import org.citylake.catalog.contract.TableContract;

/**
 * The lineage of one base-table load, derived from the contract and what actually arrived: each
 * delivered file's real headers map to ODS columns through the contract's aliases, each ODS column
 * feeds its base column through the column's standard and the table's survivorship, and each
 * {@code exists_in} rule makes the referenced base table an input. Nothing is claimed for a column a
 * file did not carry.
 */
public final class LoadLineage {
    /** One source file of the batch: the file as read, the headers it really had, and the ODS table it landed in. */
    public record Delivery(SourceSpec source, DatasetRef file, List<String> headers, DatasetRef ods) {
        public Delivery {
            headers = List.copyOf(headers);
        }
    }

    private LoadLineage() {
    }

    public static RunLineage of(JobRun run, TableContract contract, List<Delivery> deliveries, DatasetRef base, List<DatasetRef> referenced) {
        List<DatasetEdge> datasets = new ArrayList<>();
        List<ColumnEdge> columns = new ArrayList<>();
        int sourceCount = contract.sources().size();
        for (Delivery d : deliveries) {
            datasets.add(new DatasetEdge(run.runId(), d.file(), d.ods(), "collect"));
            datasets.add(new DatasetEdge(run.runId(), d.ods(), base, "cleanse+master"));
            Set<String> carried = new LinkedHashSet<>();
            for (String header : d.headers()) {
                Optional<ColumnContract> col = contract.columnForHeader(header);
                if (col.isEmpty()) {
                    continue; // lands in ods _extra, feeds no base column
                }
                carried.add(col.get().name());
                columns.add(new ColumnEdge(run.runId(), d.ods().name(), col.get().name(), DatasetRef.Kind.SOURCE_FILE,
                        d.file().name(), header.strip(), "as received (header '" + header.strip() + "' is an alias of "
                        + col.get().name() + "; " + d.source().format().name().toLowerCase(java.util.Locale.ROOT) + ")"));
            }
            for (ColumnContract col : contract.columns()) {
                if (carried.contains(col.name())) {
                    columns.add(new ColumnEdge(run.runId(), base.name(), col.name(), DatasetRef.Kind.TABLE, d.ods().name(), col.name(),
                            transformation(contract, col, d.source(), sourceCount)));
                }
            }
        }
        for (RowRule r : contract.rowRules()) {
            if (r.kind() != RowRule.Kind.EXISTS_IN) {
                continue;
            }
            DatasetRef target = referenced.stream().filter(t -> t.name().equals(r.param("table"))).findFirst()
                    .orElse(new DatasetRef(DatasetRef.Kind.TABLE, r.param("table"), ""));
            datasets.add(new DatasetEdge(run.runId(), target, base, "reference"));
            columns.add(new ColumnEdge(run.runId(), base.name(), r.param("column"), DatasetRef.Kind.TABLE, target.name(),
                    r.param("target_column"), "exists_in check (" + r.level().name().toLowerCase(java.util.Locale.ROOT) + ")"
                            + r.condition().map(c -> " when " + c.column() + " = " + c.equals()).orElse("")));
        }
        return new RunLineage(run, dedupe(datasets), columns);
    }

    /** e.g. {@code gb11643; survivorship: source priority 1 of 2, then newest registered_at}. */
    static String transformation(TableContract contract, ColumnContract col, SourceSpec source, int sourceCount) {
        String standard = col.standard() == null || col.standard().isBlank() ? "copied" : col.standard();
        if (contract.key().contains(col.name())) {
            return standard + "; key (one record per " + String.join("+", contract.key()) + ")";
        }
        return standard + "; survivorship: source priority " + source.priority() + " of " + sourceCount
                + contract.survivorship().recency().map(r -> ", then newest " + r).orElse("") + ", first non-empty";
    }

    private static List<DatasetEdge> dedupe(List<DatasetEdge> edges) {
        return new ArrayList<>(new LinkedHashSet<>(edges));
    }
}
