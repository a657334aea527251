package org.citylake.pipelines.collect;

import java.util.List;
import java.util.Optional;
import org.citylake.catalog.contract.ColumnContract;
import org.citylake.catalog.contract.TableContract;

/**
 * Which contract column a source header names, as {@link TableContract#columnForHeader} decides it, in a
 * form that travels to Spark tasks (the contract itself is not serializable): the first column, in
 * contract order, whose name (any case), title or one of whose aliases equals the trimmed header.
 */
final class HeaderNames implements java.io.Serializable {
    private record Names(String name, String title, List<String> aliases) implements java.io.Serializable {
    }

    private final List<Names> columns;

    private HeaderNames(List<Names> columns) {
        this.columns = List.copyOf(columns);
    }

    static HeaderNames of(TableContract contract) {
        return new HeaderNames(contract.columns().stream().map(c -> new Names(c.name(), c.title(), c.aliases())).toList());
    }

    /** The column {@code header} names, if any (see {@link ColumnContract#matchesHeader}). */
    Optional<String> column(String header) {
        String h = header.strip();
        for (Names c : columns) {
            if (c.name().equalsIgnoreCase(h) || c.title().equals(h) || c.aliases().contains(h)) {
                return Optional.of(c.name());
            }
        }
        return Optional.empty();
    }
}
