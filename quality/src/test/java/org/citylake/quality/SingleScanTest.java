package org.citylake.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.constraints.Constraint;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.citylake.catalog.contract.TableContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.collection.JavaConverters;

/**
 * Verifying a table must cost a small constant number of passes over the batch, not one per rule.
 * Every row the input produces goes through a map that bumps an accumulator, so
 * {@code reads / rows} is the number of times the batch was scanned. Spark jobs are counted too.
 */
class SingleScanTest {
    static SparkSession spark;
    static LongAccumulator reads;
    static final AtomicInteger jobs = new AtomicInteger();
    static final int ROWS = 300;
    static final TableContract PERSON = Fixtures.contract("base.person");

    @BeforeAll
    static void start() {
        spark = Fixtures.spark("quality-single-scan-test", Map.of());
        reads = spark.sparkContext().longAccumulator("input rows read");
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart jobStart) {
                jobs.incrementAndGet();
            }
        });
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** The batch, wrapped so that every row read from it is counted (no caching anywhere). */
    static Dataset<Row> countedPersons() {
        Dataset<Row> df = Fixtures.cleanPersons(ROWS).toDataFrame(spark);
        LongAccumulator counter = reads;
        return df.map((MapFunction<Row, Row>) r -> {
            counter.add(1);
            return r;
        }, Encoders.row(df.schema()));
    }

    record Cost(long scans, int jobs) {
    }

    static Cost cost(Runnable run) {
        reads.reset();
        drainListeners();
        int before = jobs.get();
        run.run();
        drainListeners();
        assertThat(reads.value() % ROWS).as("reads are whole passes").isZero();
        return new Cost(reads.value() / ROWS, jobs.get() - before);
    }

    /** Listener events are delivered asynchronously; wait until every job start has been seen. */
    static void drainListeners() {
        try {
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    static TableContract onlyColumns(TableContract c, List<String> names) {
        return new TableContract(c.namespace(), c.table(), c.title(), c.description(), c.ownerDepartment(), c.grade(),
                c.retentionDays(), c.key(), c.sources(), c.columns().stream().filter(col -> names.contains(col.name())).toList(),
                List.of(), c.survivorship(), c.maxRejectedFraction(), c.file());
    }

    @Test
    void rulesOnManyColumnsCostTheSamePassesAsRulesOnOne() {
        QualityVerifier verifier = new QualityVerifier(Fixtures.DICTIONARIES, n -> Optional.empty());
        TableContract oneColumn = onlyColumns(PERSON, List.of("resident_id"));
        long columnsWithRules = PERSON.columns().stream().filter(c -> !c.quality().isEmpty()).count();
        int rules = PERSON.columns().stream().mapToInt(c -> c.quality().size()).sum();
        assertThat(columnsWithRules).isGreaterThanOrEqualTo(8);

        QualityReport[] reports = new QualityReport[2];
        Cost one = cost(() -> reports[0] = verifier.verify(spark, countedPersons(), oneColumn, "b-one", Fixtures.AS_OF));
        Cost all = cost(() -> reports[1] = verifier.verify(spark, countedPersons(), PERSON, "b-all", Fixtures.AS_OF));
        System.out.printf("single-scan: 1 column / %d rules -> %d scans, %d jobs; %d columns / %d rules -> %d scans, %d jobs%n",
                reports[0].results().size() - 1, one.scans(), one.jobs(), columnsWithRules, rules, all.scans(), all.jobs());

        assertThat(reports[1].results()).hasSize(rules + 1);
        assertThat(reports[1].passed()).isTrue();
        assertThat(all.scans()).as("passes over the batch for %d rules on %d columns", rules, columnsWithRules).isEqualTo(one.scans());
        // one shared scan for all scan-shareable metrics + the uniqueness grouping on resident_id
        assertThat(all.scans()).isLessThanOrEqualTo(3).isLessThan(rules);
        assertThat(all.jobs()).isEqualTo(one.jobs());
    }

    @Test
    void anomalyAnalyzersAndSavingMetricsCostNoExtraPass() {
        QualityVerifier verifier = new QualityVerifier(Fixtures.DICTIONARIES, n -> Optional.empty());
        org.citylake.quality.anomaly.AnomalyChecks anomalies = new org.citylake.quality.anomaly.AnomalyChecks(
                org.citylake.quality.anomaly.AnomalySettings.defaults());
        com.amazon.deequ.repository.memory.InMemoryMetricsRepository repository = new com.amazon.deequ.repository.memory.InMemoryMetricsRepository();
        com.amazon.deequ.repository.ResultKey key = new org.citylake.quality.metrics.BatchKey("base.person", "b-anomaly",
                java.util.OptionalLong.empty(), java.time.Instant.parse("2026-11-25T00:00:00Z")).resultKey();

        Cost plain = cost(() -> verifier.verify(spark, countedPersons(), PERSON, "b-plain", Fixtures.AS_OF));
        QualityVerifier.Verified[] verified = new QualityVerifier.Verified[1];
        Cost withAnomalies = cost(() -> verified[0] = verifier.verify(spark, countedPersons(), PERSON, "b-anomaly", Fixtures.AS_OF,
                anomalies.analyzers(PERSON), Optional.of(new QualityVerifier.MetricsStore(repository, key))));
        System.out.printf("single-scan: plain -> %d scans, %d jobs; + anomaly analyzers + repository -> %d scans, %d jobs%n",
                plain.scans(), plain.jobs(), withAnomalies.scans(), withAnomalies.jobs());

        assertThat(withAnomalies.scans()).isEqualTo(plain.scans());
        // the repository got the metrics of that same run, the anomaly analyzers' included
        com.amazon.deequ.analyzers.runners.AnalyzerContext saved = repository.loadByKey(key).get();
        assertThat(saved.metricMap().size()).isEqualTo(verified[0].metrics().metricMap().size());
        for (var analyzer : anomalies.analyzers(PERSON)) {
            assertThat(saved.metric(analyzer).isDefined()).as(analyzer.toString()).isTrue();
        }
    }

    /** The control: the counter does see one pass per rule when checks are run one by one. */
    @Test
    void runningRulesOneByOneWouldCostAPassEach() {
        ContractChecks.Plan plan = new ContractChecks(Fixtures.DICTIONARIES).plan(PERSON, Fixtures.AS_OF);
        List<Check> singles = plan.checks().stream()
                .flatMap(check -> JavaConverters.seqAsJavaList(check.constraints()).stream()
                        .map((Constraint c) -> new Check(check.level(), check.description(), JavaConverters.asScalaBuffer(List.of(c)).toList())))
                .toList();

        Cost separately = cost(() -> singles.forEach(check ->
                new VerificationSuite().onData(countedPersons()).addCheck(check).run()));
        System.out.printf("single-scan control: %d constraints run one by one -> %d scans, %d jobs%n",
                singles.size(), separately.scans(), separately.jobs());

        assertThat(separately.scans()).isGreaterThanOrEqualTo(singles.size());
    }
}
