package org.citylake.quality;

import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.constraints.Constraint;
import com.amazon.deequ.constraints.NamedConstraint;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.citylake.catalog.contract.ColumnContract;
import org.citylake.catalog.contract.ColumnType;
import org.citylake.catalog.contract.QualityRule;
import org.citylake.catalog.contract.TableContract;
import org.citylake.catalog.dictionary.Dictionaries;
import scala.Function1;
import scala.Option;
import scala.collection.JavaConverters;
import scala.util.matching.Regex;

/**
 * Turns a table contract into Deequ checks: one {@link Check} per level (ERROR → {@code CheckLevel.Error},
 * WARNING → {@code CheckLevel.Warning}), plus a table-level "batch is not empty" error.
 *
 * <p>Every constraint is renamed to its rule id {@code <column>:<rule>} (a {@link NamedConstraint}
 * around the one Deequ's own builder made), so a constraint result maps back to its rule by name, not
 * by position. The id is also passed as Deequ's hint, so it appears in Deequ's own failure messages.
 *
 * <p>NULL policy: a NULL is only ever a completeness problem. Every other rule ignores NULLs
 * (pattern filters them out, the SQL predicates accept {@code col IS NULL}), so a sparse optional
 * column does not fail its format rules twice.
 *
 * <p>Freshness is checked per row: {@code col IS NULL OR datediff(asOf, col) <= max_age_days} must
 * hold for every row; the metric is the fraction of rows that are fresh enough. (The alternative, only
 * the newest row being recent, says nothing about stale rows; contracts use it as "no record older than".)
 *
 * <p>Reference rules need a second table and cannot be a constraint on one DataFrame; they are planned
 * here (so reports list them in contract order) and evaluated by {@link ReferenceCheck}.
 */
public final class ContractChecks {
    private final Dictionaries dictionaries;

    public ContractChecks(Dictionaries dictionaries) {
        this.dictionaries = Objects.requireNonNull(dictionaries, "dictionaries");
    }

    /** The Deequ checks and the plan of every rule of {@code contract}; {@code asOf} replaces {@code today} and anchors freshness. */
    public Plan plan(TableContract contract, LocalDate asOf) {
        Map<QualityRule.Level, List<Constraint>> constraints = new HashMap<>();
        List<PlannedCheck> planned = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();

        PlannedCheck size = new PlannedCheck(CheckResult.TABLE, CheckResult.ROW_COUNT, QualityRule.Level.ERROR, "> 0",
                "number of rows in the batch", Optional.empty());
        planned.add(size);
        constraints.computeIfAbsent(size.level(), l -> new ArrayList<>())
                .add(named(scratch(size.level()).hasSize(v -> ((Number) v).longValue() > 0, hint(size)).constraints().last(), size));

        for (ColumnContract column : contract.columns()) {
            for (QualityRule rule : column.quality()) {
                // Two rules of one kind on one column (legal in a contract) get distinct ids: pattern, pattern#2.
                int n = seen.merge(column.name() + ":" + rule.kind().code(), 1, Integer::sum);
                String ruleName = n == 1 ? rule.kind().code() : rule.kind().code() + "#" + n;
                try {
                    PlannedCheck p = describe(column, rule, ruleName, asOf);
                    planned.add(p);
                    if (!p.isReference()) {
                        constraints.computeIfAbsent(p.level(), l -> new ArrayList<>()).add(named(constraint(column, rule, p, asOf), p));
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(contract.file() + ": column '" + column.name() + "', rule "
                            + rule.kind().code() + ": " + e.getMessage(), e);
                }
            }
        }

        List<Check> checks = new ArrayList<>();
        for (QualityRule.Level level : QualityRule.Level.values()) {
            List<Constraint> cs = constraints.get(level);
            if (cs != null) {
                checks.add(new Check(deequLevel(level), contract.qualifiedName() + " " + level.code() + " rules",
                        JavaConverters.asScalaBuffer(cs).toList()));
            }
        }
        return new Plan(contract.qualifiedName(), checks, planned);
    }

    /** The Deequ side ({@link #checks}) and every rule in contract order ({@link #rules}), references included. */
    public record Plan(String table, List<Check> checks, List<PlannedCheck> rules) {
        public Plan {
            checks = List.copyOf(checks);
            rules = List.copyOf(rules);
        }

        public Optional<PlannedCheck> rule(String id) {
            return rules.stream().filter(r -> r.id().equals(id)).findFirst();
        }

        public List<PlannedCheck> references() {
            return rules.stream().filter(PlannedCheck::isReference).toList();
        }
    }

    private PlannedCheck describe(ColumnContract column, QualityRule rule, String ruleName, LocalDate asOf) {
        String c = column.name();
        String all = "== 1.0";
        String threshold;
        String expectation;
        switch (rule.kind()) {
            case COMPLETENESS -> {
                threshold = rule.fraction() >= 1.0 ? all : ">= " + rule.fraction();
                expectation = "share of rows with " + c + " filled in";
            }
            case UNIQUENESS -> {
                threshold = all;
                expectation = "share of rows whose " + c + " occurs only once";
            }
            case PATTERN -> {
                threshold = all;
                expectation = "share of non-NULL " + c + " values matching " + rule.regex();
            }
            case ALLOWED_VALUES -> {
                threshold = all;
                expectation = "share of rows whose " + c + " is one of " + String.join(", ", rule.values()) + " (NULL allowed)";
            }
            case DICTIONARY -> {
                threshold = all;
                expectation = "share of rows whose " + c + " is a code of " + rule.dictionary() + " ("
                        + dictionaries.codes(rule.dictionary()).size() + " codes; NULL allowed)";
            }
            case RANGE -> {
                threshold = all;
                expectation = "share of rows with " + c + " " + rangeText(column, rule, asOf) + " (NULL allowed)";
            }
            case FRESHNESS -> {
                threshold = all;
                expectation = "share of rows with " + c + " at most " + rule.maxAgeDays() + " days before " + asOf + " (NULL allowed)";
            }
            case REFERENCE -> {
                threshold = ">= " + rule.fraction();
                expectation = "share of non-NULL " + c + " values found in " + rule.referenceTable() + "." + rule.referenceColumn();
            }
            default -> throw new IllegalStateException("unhandled rule kind " + rule.kind());
        }
        return new PlannedCheck(c, ruleName, rule.level(), threshold, expectation, Optional.of(rule));
    }

    private Constraint constraint(ColumnContract column, QualityRule rule, PlannedCheck p, LocalDate asOf) {
        String c = column.name();
        Check scratch = scratch(p.level());
        Option<String> hint = hint(p);
        Check built = switch (rule.kind()) {
            case COMPLETENESS -> rule.fraction() >= 1.0
                    ? scratch.isComplete(c, hint, Option.empty())
                    : scratch.hasCompleteness(c, atLeast(rule.fraction()), hint, Option.empty());
            case UNIQUENESS -> scratch.isUnique(c, hint, Option.empty());
            // Deequ's PatternMatch counts NULL as "no match"; the filter leaves NULLs to completeness.
            case PATTERN -> scratch.hasPattern(c, new Regex(rule.regex(), JavaConverters.asScalaBuffer(List.<String>of())),
                    exactlyOne(), Option.empty(), hint, Option.empty()).where(quote(c) + " IS NOT NULL");
            case ALLOWED_VALUES -> scratch.isContainedIn(c, rule.values().toArray(String[]::new), exactlyOne(), hint, Option.empty());
            case DICTIONARY -> scratch.isContainedIn(c, dictionaries.codes(rule.dictionary()).toArray(String[]::new),
                    exactlyOne(), hint, Option.empty());
            case RANGE -> satisfies(scratch, c, rangePredicate(column, rule, asOf), p);
            case FRESHNESS -> satisfies(scratch, c, "datediff(" + dateLiteral(asOf) + ", " + quote(c) + ") <= " + rule.maxAgeDays(), p);
            case REFERENCE -> throw new IllegalStateException("reference rules are evaluated by ReferenceCheck");
        };
        return built.constraints().last();
    }

    /** A row passes when the column is NULL or the predicate holds; the metric is the passing fraction. */
    private static Check satisfies(Check scratch, String column, String predicate, PlannedCheck p) {
        String condition = quote(column) + " IS NULL OR (" + predicate + ")";
        return scratch.satisfies(condition, p.id(), exactlyOne(), hint(p),
                JavaConverters.asScalaBuffer(List.of(column)).toList(), Option.empty());
    }

    private static String rangePredicate(ColumnContract column, QualityRule rule, LocalDate asOf) {
        boolean temporal = isTemporal(column.type());
        // A timestamp is compared by its day, so "max: today" admits every instant of asOf.
        String value = column.type().kind() == ColumnType.Kind.TIMESTAMP ? "CAST(" + quote(column.name()) + " AS DATE)" : quote(column.name());
        List<String> parts = new ArrayList<>();
        rule.minimum().ifPresent(min -> parts.add(value + " >= " + literal(min, temporal, asOf)));
        rule.maximum().ifPresent(max -> parts.add(value + " <= " + literal(max, temporal, asOf)));
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a range rule needs min or max");
        }
        return String.join(" AND ", parts);
    }

    private static String rangeText(ColumnContract column, QualityRule rule, LocalDate asOf) {
        boolean temporal = isTemporal(column.type());
        String min = rule.minimum().map(m -> bound(m, temporal, asOf)).orElse(null);
        String max = rule.maximum().map(m -> bound(m, temporal, asOf)).orElse(null);
        if (min != null && max != null) {
            return "between " + min + " and " + max;
        }
        return min != null ? ">= " + min : "<= " + max;
    }

    private static boolean isTemporal(ColumnType type) {
        return type.kind() == ColumnType.Kind.DATE || type.kind() == ColumnType.Kind.TIMESTAMP;
    }

    /** Bounds are re-parsed before they reach SQL, so a contract can only ever contribute a number or a date. */
    private static String bound(String text, boolean temporal, LocalDate asOf) {
        if (temporal) {
            return text.equals("today") ? asOf.toString() : LocalDate.parse(text).toString();
        }
        return new BigDecimal(text.trim()).toPlainString();
    }

    private static String literal(String text, boolean temporal, LocalDate asOf) {
        String b = bound(text, temporal, asOf);
        return temporal ? "DATE'" + b + "'" : b;
    }

    private static String dateLiteral(LocalDate d) {
        return "DATE'" + d + "'";
    }

    static String quote(String column) {
        return "`" + column.replace("`", "``") + "`";
    }

    private static Constraint named(Constraint c, PlannedCheck p) {
        return new NamedConstraint(c, p.id());
    }

    private static Option<String> hint(PlannedCheck p) {
        return Option.apply(p.id());
    }

    /** An empty check used only to borrow Deequ's constraint builders. */
    private static Check scratch(QualityRule.Level level) {
        return new Check(deequLevel(level), "builder", Check.apply$default$3());
    }

    static scala.Enumeration.Value deequLevel(QualityRule.Level level) {
        return level == QualityRule.Level.ERROR ? CheckLevel.Error() : CheckLevel.Warning();
    }

    private static Function1<Object, Object> exactlyOne() {
        return Check.IsOne();
    }

    private static Function1<Object, Object> atLeast(double min) {
        return v -> ((Number) v).doubleValue() >= min;
    }
}
