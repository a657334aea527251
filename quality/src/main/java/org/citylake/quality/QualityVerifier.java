package org.citylake.quality;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationRunBuilder;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.constraints.ConstraintStatus;
import com.amazon.deequ.metrics.Metric;
import com.amazon.deequ.repository.MetricsRepository;
import com.amazon.deequ.repository.ResultKey;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citylake.catalog.contract.TableContract;
import org.citylake.catalog.dictionary.Dictionaries;
import scala.collection.JavaConverters;
import scala.util.Try;

/**
 * Verifies one batch of a table against its contract and returns a {@link QualityReport}.
 *
 * <p>All Deequ checks of the table go into ONE {@code VerificationSuite} run: Deequ then computes every
 * scan-shareable metric (size, completeness, compliance, pattern) in a single aggregation over the data,
 * and each uniqueness grouping once. Running checks one by one would scan the batch once per rule.
 * Reference rules add one join each (see {@link ReferenceCheck}).
 */
public final class QualityVerifier {
    private final ContractChecks contractChecks;
    private final ReferenceCheck referenceCheck;
    private final Clock clock;

    public QualityVerifier(ContractChecks contractChecks, ReferenceCheck referenceCheck, Clock clock) {
        this.contractChecks = Objects.requireNonNull(contractChecks, "contractChecks");
        this.referenceCheck = Objects.requireNonNull(referenceCheck, "referenceCheck");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@code tables} resolves referenced tables by qualified name, e.g. {@code base.person}. */
    public QualityVerifier(Dictionaries dictionaries, Function<String, Optional<Dataset<Row>>> tables) {
        this(new ContractChecks(dictionaries), new ReferenceCheck(tables), Clock.systemUTC());
    }

    /**
     * Checks {@code data} (one batch of {@code contract}'s table) as of {@code asOf}, the day that
     * {@code today} in range rules and freshness ages are measured against.
     */
    public QualityReport verify(SparkSession spark, Dataset<Row> data, TableContract contract, String batchId, LocalDate asOf) {
        return verify(spark, data, contract, batchId, asOf, List.of(), Optional.empty()).report();
    }

    /**
     * As {@link #verify(SparkSession, Dataset, TableContract, String, LocalDate)}, and in the same Deequ run
     * also computes {@code extraAnalyzers} (e.g. what anomaly detection needs) and, when {@code store} is
     * given, saves every metric of the run to its repository under its key
     * ({@code useRepository(..).saveOrAppendResult(..)}): metrics are persisted from the pass that computed
     * them, never recomputed. The run's time is the key's time.
     */
    public Verified verify(SparkSession spark, Dataset<Row> data, TableContract contract, String batchId, LocalDate asOf,
                           List<Analyzer<?, Metric<?>>> extraAnalyzers, Optional<MetricsStore> store) {
        Instant runAt = store.map(s -> Instant.ofEpochMilli(s.key().dataSetDate())).orElseGet(clock::instant);
        ContractChecks.Plan plan = contractChecks.plan(contract, asOf);
        // Labels the Spark jobs with table and batch, so the UI / event log shows what they were for.
        spark.sparkContext().setJobGroup("quality:" + contract.qualifiedName() + ":" + batchId,
                "verify " + contract.qualifiedName() + " batch " + batchId, false);
        try {
            VerificationRunBuilder builder = new VerificationSuite().onData(data)
                    .addChecks(JavaConverters.asScalaBuffer(plan.checks()).toList())
                    .addRequiredAnalyzers(JavaConverters.asScalaBuffer(extraAnalyzers).toList());
            VerificationResult verification = store.isPresent()
                    ? builder.useRepository(store.get().repository()).saveOrAppendResult(store.get().key()).run()
                    : builder.run();
            Map<String, ConstraintResult> byRule = constraintResults(verification);

            List<CheckResult> results = new ArrayList<>();
            for (PlannedCheck p : plan.rules()) {
                results.add(p.isReference() ? referenceCheck.evaluate(data, p) : fromDeequ(p, byRule.get(p.id())));
            }
            long rows = results.stream().filter(r -> r.rule().equals(CheckResult.ROW_COUNT)).findFirst()
                    .flatMap(r -> r.metric().isPresent() ? Optional.of((long) r.metric().getAsDouble()) : Optional.empty())
                    .orElseThrow(() -> new IllegalStateException("Deequ returned no row count for " + contract.qualifiedName()));
            return new Verified(new QualityReport(contract.qualifiedName(), batchId, runAt, rows, results),
                    new AnalyzerContext(verification.metrics()));
        } finally {
            spark.sparkContext().clearJobGroup();
        }
    }

    /** Where a run's metrics go: a Deequ repository and the key to file them under. */
    public record MetricsStore(MetricsRepository repository, ResultKey key) {
        public MetricsStore {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(key, "key");
        }
    }

    /** The report and every metric Deequ computed in the run (checks' and extra analyzers'). */
    public record Verified(QualityReport report, AnalyzerContext metrics) {
    }

    private static Map<String, ConstraintResult> constraintResults(VerificationResult verification) {
        Map<String, ConstraintResult> byRule = new HashMap<>();
        for (com.amazon.deequ.checks.CheckResult checkResult : JavaConverters.asJavaIterable(verification.checkResults().values())) {
            for (ConstraintResult cr : JavaConverters.asJavaIterable(checkResult.constraintResults())) {
                // ContractChecks names every constraint by its rule id.
                byRule.put(cr.constraint().toString(), cr);
            }
        }
        return byRule;
    }

    private static CheckResult fromDeequ(PlannedCheck p, ConstraintResult cr) {
        if (cr == null) {
            throw new IllegalStateException("Deequ returned no result for " + p.id());
        }
        boolean passed = cr.status() == ConstraintStatus.Success();
        OptionalDouble metric = metricValue(cr);
        String message;
        if (metric.isPresent()) {
            message = p.expectation() + ": " + Verdicts.format(metric.getAsDouble()) + " (needs " + p.threshold() + ")";
        } else {
            message = p.expectation() + ": could not be measured: " + (cr.message().isDefined() ? cr.message().get() : "no metric");
        }
        return new CheckResult(p.column(), p.rule(), p.level(), passed ? CheckResult.Status.PASSED : CheckResult.Status.FAILED,
                metric, p.threshold(), message);
    }

    private static OptionalDouble metricValue(ConstraintResult cr) {
        if (cr.metric().isEmpty()) {
            return OptionalDouble.empty();
        }
        Metric<?> m = cr.metric().get();
        Try<?> value = m.value();
        if (value.isSuccess() && value.get() instanceof Number n) {
            return OptionalDouble.of(n.doubleValue());
        }
        return OptionalDouble.empty();
    }
}
