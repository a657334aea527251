package org.citylake.catalog.contract;

import java.util.List;

/** Everything the platform knows about one column: schema, source aliases, standard, grading, masking, quality. */
public record ColumnContract(String name, ColumnType type, String title, List<String> aliases, String standard,
                             boolean nullable, Sensitivity sensitivity, Grade grade, Masking masking,
                             List<QualityRule> quality) {
    public ColumnContract {
        aliases = List.copyOf(aliases);
        quality = List.copyOf(quality);
    }

    /** True if a source header (already trimmed) names this column: its own name, its title or an alias. */
    public boolean matchesHeader(String header) {
        return name.equalsIgnoreCase(header) || title.equals(header) || aliases.contains(header);
    }
}
