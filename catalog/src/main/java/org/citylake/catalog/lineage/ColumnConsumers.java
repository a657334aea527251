package org.citylake.catalog.lineage;

import java.util.List;

/**
 * Configuration that reads base columns outside the lineage record — serving views from conf/apps,
 * exchange subscriptions from conf/exchange. Each module that owns such configuration implements it,
 * so impact analysis needs no knowledge of apps or exchange formats.
 */
public interface ColumnConsumers {
    /** The uses of {@code table.column} ({@code base.person}, {@code resident_id}); empty when none. */
    List<ColumnUse> usesOf(String table, String column);
}
