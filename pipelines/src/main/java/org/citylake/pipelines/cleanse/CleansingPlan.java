package org.citylake.pipelines.cleanse;

import org.citylake.pipelines.standards.ReasonCode;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.citylake.catalog.contract.ColumnContract;
import org.citylake.catalog.contract.QualityRule;
import org.citylake.catalog.contract.RowRule;
import org.citylake.catalog.contract.TableContract;
import org.citylake.catalog.dictionary.Dictionaries;
import org.citylake.pipelines.standards.StandardContext;
import org.citylake.pipelines.standards.Standards;

/**
 * The cleansing of one table, derived from its contract alone: for each column its standard, its
 * required-ness, its type and its row-local error rules. Built on the driver, shipped to tasks.
 */
public record CleansingPlan(String table, List<ColumnPlan> columns, List<RowCheck> rowChecks, CoordinateColumns coordinates,
                            LocalDate asOf) implements Serializable {
    /**
     * The longitude, latitude and origin-system columns of a table with coordinates (by their
     * standards cgcs2000-lon, cgcs2000-lat, coordinate-system); null members when absent.
     */
    public record CoordinateColumns(String longitude, String latitude, String origin) implements Serializable {
        boolean convertible() {
            return longitude != null && latitude != null;
        }
    }


    /**
     * @param dictionaries the code lists that dictionary rules name
     * @param context reference data and the as-of date the standards need ({@link StandardContext#load})
     */
    public static CleansingPlan of(TableContract contract, Dictionaries dictionaries, StandardContext context) {
        LocalDate asOf = context.asOf();
        List<ColumnPlan> cols = new ArrayList<>();
        for (ColumnContract c : contract.columns()) {
            List<ColumnPlan.RowRule> rules = new ArrayList<>();
            for (QualityRule r : c.quality()) {
                if (r.level() != QualityRule.Level.ERROR) {
                    continue;
                }
                switch (r.kind()) {
                    case PATTERN -> rules.add(new ColumnPlan.PatternRule(r.regex()));
                    case ALLOWED_VALUES -> rules.add(new ColumnPlan.AllowedRule("allowed_values", new LinkedHashSet<>(r.values()), ReasonCode.VALUE_NOT_ALLOWED));
                    case DICTIONARY -> rules.add(new ColumnPlan.AllowedRule("dictionary:" + r.dictionary(),
                            new LinkedHashSet<>(dictionaries.codes(r.dictionary())), ReasonCode.UNKNOWN_CODE));
                    case RANGE -> rules.add(new ColumnPlan.RangeRule(resolve(r.min(), asOf), resolve(r.max(), asOf), ReasonCode.OUT_OF_RANGE));
                    default -> { } // completeness is the nullable check; uniqueness, reference, freshness are table-level
                }
            }
            cols.add(new ColumnPlan(c.name(), c.type().kind(), c.type().precision(), c.type().scale(), c.nullable(),
                    c.standard(), Standards.forName(c.standard(), context), List.copyOf(rules)));
        }
        List<String> names = contract.columns().stream().map(ColumnContract::name).toList();
        List<RowCheck> checks = new ArrayList<>();
        for (RowRule r : contract.rowRules()) {
            boolean blocking = r.level() == QualityRule.Level.ERROR;
            switch (r.kind()) {
                case ID_CONSISTENCY -> checks.add(new RowCheck.IdConsistency(blocking, r.param("id_column"), names.indexOf(r.param("id_column")),
                        r.param("birth_date_column"), names.indexOf(r.param("birth_date_column")),
                        r.param("sex_column"), names.indexOf(r.param("sex_column"))));
                case DATE_ORDER -> checks.add(new RowCheck.DateOrder(blocking, r.param("earlier"), names.indexOf(r.param("earlier")),
                        r.param("later"), names.indexOf(r.param("later"))));
                case COMMUNITY_IN_STREET -> checks.add(new RowCheck.CommunityInStreet(blocking, r.param("community_column"),
                        names.indexOf(r.param("community_column")), r.param("street_column"), names.indexOf(r.param("street_column"))));
                case EXISTS_IN -> { } // needs the other table: applied by the load job with a join
            }
        }
        CoordinateColumns coordinates = new CoordinateColumns(byStandard(contract, "cgcs2000-lon"), byStandard(contract, "cgcs2000-lat"),
                byStandard(contract, "coordinate-system"));
        return new CleansingPlan(contract.qualifiedName(), List.copyOf(cols), List.copyOf(checks), coordinates, asOf);
    }

    private static String byStandard(TableContract contract, String standard) {
        return contract.columns().stream().filter(c -> c.standard().equals(standard)).map(ColumnContract::name).findFirst().orElse(null);
    }

    private static String resolve(String bound, LocalDate asOf) {
        return "today".equals(bound) ? asOf.toString() : bound;
    }
}
