package org.citylake.warehouse.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.citylake.catalog.contract.ColumnContract;
import org.citylake.catalog.contract.Masking;
import org.citylake.catalog.contract.TableContract;

/** Plans every serving view from the contracts and the app files (pure: no server, unit-tested). */
public final class ServingViews {
    private ServingViews() {
    }

    public static List<ServingView> plan(List<TableContract> contracts, List<AppFile> apps) {
        Map<String, TableContract> byName = contracts.stream().collect(Collectors.toMap(TableContract::qualifiedName, Function.identity()));
        List<ServingView> out = new ArrayList<>();
        for (AppFile app : apps) {
            for (AppGrant g : app.grants()) {
                TableContract contract = byName.get(g.table());
                if (contract == null) {
                    throw new IllegalArgumentException(app.file() + ": no contract for " + g.table());
                }
                List<ServedColumn> columns = new ArrayList<>();
                for (ColumnContract c : contract.columns()) {
                    if (!g.allColumns() && !g.columns().contains(c.name())) {
                        continue;
                    }
                    Masking m = g.override(c.name()).orElse(c.masking());
                    ServedColumn served = ServedColumn.of(c, m);
                    if (served != null) {
                        columns.add(served);
                    }
                }
                out.add(new ServingView(app, g, contract, app.viewName(g), columns));
            }
        }
        return List.copyOf(out);
    }
}
