package org.citylake.warehouse.serving;

import java.util.ArrayList;
import java.util.List;
import org.citylake.catalog.lineage.ColumnConsumers;
import org.citylake.catalog.lineage.ColumnUse;

/** The serving views (planned from conf/apps and the contracts, as a publish would create them) that read a column. */
public final class ServingConsumers implements ColumnConsumers {
    private final List<ServingView> views;
    private final String catalog;

    public ServingConsumers(List<ServingView> views, String catalog) {
        this.views = List.copyOf(views);
        this.catalog = catalog;
    }

    @Override
    public List<ColumnUse> usesOf(String table, String column) {
        List<ColumnUse> out = new ArrayList<>();
        for (ServingView v : views) {
            if (!v.contract().qualifiedName().equals(table)) {
                continue;
            }
            for (ServedColumn c : v.columns()) {
                if (c.source().name().equals(column)) {
                    out.add(new ColumnUse(ColumnUse.Kind.SERVING_VIEW, catalog + "." + ServingView.SCHEMA + "." + v.name(), c.name(),
                            "app " + v.app().app() + " (" + v.app().title() + "), masking " + c.masking().describe()));
                }
            }
        }
        return out;
    }
}
