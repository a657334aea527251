package org.citylake.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citylake.catalog.contract.QualityRule;

/**
 * Evaluates a {@code reference} rule: the share of non-NULL values of a column that exist in a column
 * of another table (e.g. a certificate holder in {@code base.person.resident_id}). It is one left join
 * against the referenced keys and one aggregation, so one Spark action per rule.
 *
 * <p>Deequ checks one DataFrame at a time, so this sits beside the Deequ run and reports a
 * {@link CheckResult} of the same shape. When the referenced table cannot be resolved (not created
 * yet, another profile) the rule is {@code SKIPPED} with the reason rather than failed: the batch
 * under test is not what is wrong.
 */
public final class ReferenceCheck {
    private final Function<String, Optional<Dataset<Row>>> tables;

    /** {@code tables} resolves a qualified table name such as {@code base.person}. */
    public ReferenceCheck(Function<String, Optional<Dataset<Row>>> tables) {
        this.tables = Objects.requireNonNull(tables, "tables");
    }

    /** Resolves {@code base.person} as {@code <catalog>.base.person} when that table exists. */
    public static Function<String, Optional<Dataset<Row>>> catalogTables(SparkSession spark, String catalog) {
        return name -> {
            String qualified = catalog + "." + name;
            return spark.catalog().tableExists(qualified) ? Optional.of(spark.table(qualified)) : Optional.empty();
        };
    }

    public CheckResult evaluate(Dataset<Row> data, PlannedCheck planned) {
        QualityRule rule = planned.source().filter(r -> r.kind() == QualityRule.Kind.REFERENCE)
                .orElseThrow(() -> new IllegalArgumentException(planned.id() + " is not a reference rule"));
        String target = rule.referenceTable() + "." + rule.referenceColumn();
        Optional<Dataset<Row>> referenced = tables.apply(rule.referenceTable());
        if (referenced.isEmpty()) {
            return skipped(planned, "referenced table " + rule.referenceTable() + " is not available");
        }
        if (!Arrays.asList(referenced.get().columns()).contains(rule.referenceColumn())) {
            return skipped(planned, "referenced table " + rule.referenceTable() + " has no column " + rule.referenceColumn());
        }

        Dataset<Row> scope = rule.condition().map(w -> data.where(col(w.column()).equalTo(lit(w.equals())))).orElse(data);
        Dataset<Row> values = scope.select(col(planned.column()).as("ref_value")).where(col("ref_value").isNotNull());
        Dataset<Row> keys = referenced.get().select(col(rule.referenceColumn()).as("ref_key")).where(col("ref_key").isNotNull()).distinct();
        // count(ref_key) counts only the matched rows of the left join; keys are distinct, so no row is counted twice.
        Row counts = values.join(keys, values.col("ref_value").equalTo(keys.col("ref_key")), "left_outer")
                .agg(count(lit(1)), count(col("ref_key"))).first();
        long total = counts.getLong(0);
        long found = counts.getLong(1);
        double fraction = total == 0 ? 1.0 : (double) found / total;
        boolean ok = fraction >= rule.fraction();
        String message = planned.expectation() + ": " + found + " of " + total + " = " + Verdicts.format(fraction)
                + " (needs " + planned.threshold() + ")" + (total == 0 ? "; no non-NULL values to look up" : "");
        return new CheckResult(planned.column(), planned.rule(), planned.level(),
                ok ? CheckResult.Status.PASSED : CheckResult.Status.FAILED, OptionalDouble.of(fraction), planned.threshold(), message);
    }

    private static CheckResult skipped(PlannedCheck planned, String reason) {
        return new CheckResult(planned.column(), planned.rule(), planned.level(), CheckResult.Status.SKIPPED,
                OptionalDouble.empty(), planned.threshold(), "not checked: " + reason);
    }
}
