package org.citylake.exchange.subscription;

import java.util.ArrayList;
import java.util.List;
import org.citylake.catalog.lineage.ColumnConsumers;
import org.citylake.catalog.lineage.ColumnUse;

/** The exchange subscriptions (conf/exchange) whose packages carry a column. */
public final class SubscriptionConsumers implements ColumnConsumers {
    private final List<Subscription> subscriptions;

    public SubscriptionConsumers(List<Subscription> subscriptions) {
        this.subscriptions = List.copyOf(subscriptions);
    }

    @Override
    public List<ColumnUse> usesOf(String table, String column) {
        List<ColumnUse> out = new ArrayList<>();
        for (Subscription s : subscriptions) {
            s.table(table).ifPresent(t -> t.columns().stream().filter(c -> c.name().equals(column)).forEach(c ->
                    out.add(new ColumnUse(ColumnUse.Kind.EXCHANGE_SUBSCRIPTION, s.name(), c.name(),
                            s.direction().name().toLowerCase(java.util.Locale.ROOT) + " to " + s.peer().name() + " ("
                                    + s.peer().bucket() + "/" + s.peer().prefix() + "), masking " + c.masking().describe()))));
        }
        return out;
    }
}
