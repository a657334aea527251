package org.citylake.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.citylake.catalog.contract.QualityRule.Level;
import org.citylake.catalog.contract.TableContract;
import org.citylake.quality.CheckResult.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QualityVerifierTest {
    static SparkSession spark;
    static final TableContract PERSON = Fixtures.contract("base.person");
    static final int ROWS = 200;
    final QualityVerifier verifier = new QualityVerifier(Fixtures.DICTIONARIES, name -> Optional.empty());

    @BeforeAll
    static void start() {
        spark = Fixtures.spark("quality-verifier-test", Map.of());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private QualityReport verify(Fixtures.Batch batch) {
        return verifier.verify(spark, batch.toDataFrame(spark), PERSON, "b-test", Fixtures.AS_OF);
    }

    private static CheckResult result(QualityReport report, String id) {
        return report.result(id).orElseThrow(() -> new AssertionError("no result " + id + " in " + report.results()));
    }

    @Test
    void cleanBatchPassesEveryRule() {
        QualityReport report = verify(Fixtures.cleanPersons(ROWS));

        assertThat(report.table()).isEqualTo("base.person");
        assertThat(report.batchId()).isEqualTo("b-test");
        assertThat(report.rowCount()).isEqualTo(ROWS);
        assertThat(report.passed()).isTrue();
        // one result per contract rule (14 in base.person) plus the table's row count
        assertThat(report.results()).hasSize(15);
        assertThat(report.results()).allSatisfy(r -> assertThat(r.status()).as(r.ruleId() + ": " + r.message()).isEqualTo(Status.PASSED));
        assertThat(report.results()).extracting(CheckResult::ruleId).startsWith("*:row_count", "resident_id:completeness",
                "resident_id:uniqueness", "resident_id:pattern", "name:completeness");

        CheckResult rows = result(report, "*:row_count");
        assertThat(rows.metric()).hasValue(ROWS);
        assertThat(rows.threshold()).isEqualTo("> 0");
        CheckResult unique = result(report, "resident_id:uniqueness");
        assertThat(unique.level()).isEqualTo(Level.ERROR);
        assertThat(unique.metric()).hasValue(1.0);
        assertThat(unique.threshold()).isEqualTo("== 1.0");
        CheckResult ethnicity = result(report, "ethnicity:completeness");
        assertThat(ethnicity.level()).isEqualTo(Level.WARNING);
        assertThat(ethnicity.threshold()).isEqualTo(">= 0.95");
        assertThat(result(report, "birth_date:range").message())
                .contains("birth_date between 1900-01-01 and " + Fixtures.AS_OF).contains("1 (needs == 1.0)");
    }

    @Test
    void duplicateResidentIdFailsUniquenessAtErrorLevel() {
        Fixtures.Batch batch = Fixtures.cleanPersons(ROWS);
        batch.set(1, "resident_id", batch.get(0, "resident_id"));

        QualityReport report = verify(batch);

        CheckResult unique = result(report, "resident_id:uniqueness");
        assertThat(unique.status()).isEqualTo(Status.FAILED);
        assertThat(unique.level()).isEqualTo(Level.ERROR);
        // Deequ uniqueness = rows whose value occurs once / all rows: 198 / 200
        assertThat(unique.metric().getAsDouble()).isCloseTo(198.0 / ROWS, within(1e-9));
        assertThat(unique.threshold()).isEqualTo("== 1.0");
        assertThat(report.passed()).isFalse();
        assertThat(report.failedErrors()).extracting(CheckResult::ruleId).containsExactly("resident_id:uniqueness");
    }

    @Test
    void nullInRequiredColumnFailsCompleteness() {
        QualityReport report = verify(Fixtures.cleanPersons(ROWS).set(7, "name", null));

        CheckResult name = result(report, "name:completeness");
        assertThat(name.status()).isEqualTo(Status.FAILED);
        assertThat(name.metric().getAsDouble()).isCloseTo(199.0 / ROWS, within(1e-9));
        assertThat(name.threshold()).isEqualTo("== 1.0");
        assertThat(report.failedErrors()).extracting(CheckResult::ruleId).containsExactly("name:completeness");
    }

    @Test
    void birthDateInTheFutureFailsRangeButAsOfItselfPasses() {
        Fixtures.Batch batch = Fixtures.cleanPersons(ROWS)
                .set(3, "birth_date", java.sql.Date.valueOf(Fixtures.AS_OF.plusDays(1)))
                .set(4, "birth_date", java.sql.Date.valueOf(Fixtures.AS_OF));

        QualityReport report = verify(batch);

        CheckResult range = result(report, "birth_date:range");
        assertThat(range.status()).isEqualTo(Status.FAILED);
        assertThat(range.level()).isEqualTo(Level.ERROR);
        assertThat(range.metric().getAsDouble()).isCloseTo(199.0 / ROWS, within(1e-9));
        assertThat(report.failedErrors()).extracting(CheckResult::ruleId).containsExactly("birth_date:range");
    }

    @Test
    void dateBeforeTheMinimumFailsRange() {
        QualityReport report = verify(Fixtures.cleanPersons(ROWS).set(5, "birth_date", java.sql.Date.valueOf(LocalDate.of(1899, 12, 31))));

        assertThat(result(report, "birth_date:range").metric().getAsDouble()).isCloseTo(199.0 / ROWS, within(1e-9));
    }

    @Test
    void unknownStreetCodeFailsDictionary() {
        QualityReport report = verify(Fixtures.cleanPersons(ROWS).set(9, "street_code", "340102999").set(10, "street_code", "110101001"));

        CheckResult street = result(report, "street_code:dictionary");
        assertThat(street.status()).isEqualTo(Status.FAILED);
        assertThat(street.level()).isEqualTo(Level.ERROR);
        assertThat(street.metric().getAsDouble()).isCloseTo(198.0 / ROWS, within(1e-9));
        assertThat(street.message()).contains("gbt2260-street-yaohai");
        assertThat(report.failedErrors()).extracting(CheckResult::ruleId).containsExactly("street_code:dictionary");
    }

    @Test
    void warningFailureIsListedButDoesNotBlock() {
        Fixtures.Batch batch = Fixtures.cleanPersons(ROWS);
        for (int i = 0; i < ROWS; i += 2) {
            batch.set(i, "ethnicity", null);
        }

        QualityReport report = verify(batch);

        CheckResult ethnicity = result(report, "ethnicity:completeness");
        assertThat(ethnicity.status()).isEqualTo(Status.FAILED);
        assertThat(ethnicity.level()).isEqualTo(Level.WARNING);
        assertThat(ethnicity.metric()).hasValue(0.5);
        assertThat(ethnicity.threshold()).isEqualTo(">= 0.95");
        assertThat(report.passed()).isTrue();
        assertThat(report.failedErrors()).isEmpty();
        assertThat(report.failedWarnings()).extracting(CheckResult::ruleId).containsExactly("ethnicity:completeness");
    }

    @Test
    void nullsAreOnlyACompletenessProblem() {
        // sex is optional: NULLs pass allowed_values, an unknown code does not
        Fixtures.Batch batch = Fixtures.cleanPersons(ROWS).set(0, "sex", null).set(1, "sex", null).set(2, "sex", "3")
                .set(3, "registered_at", null).set(4, "community_code", null);

        QualityReport report = verify(batch);

        assertThat(result(report, "sex:allowed_values").metric().getAsDouble()).isCloseTo(199.0 / ROWS, within(1e-9));
        assertThat(result(report, "registered_at:freshness").status()).isEqualTo(Status.PASSED);
        assertThat(result(report, "community_code:dictionary").status()).isEqualTo(Status.PASSED);
    }

    @Test
    void staleRowFailsFreshness() {
        // 36500 days before 2026-11-25 is 1926-12-20
        QualityReport report = verify(Fixtures.cleanPersons(ROWS).set(0, "registered_at", java.sql.Date.valueOf(LocalDate.of(1926, 12, 1))));

        CheckResult fresh = result(report, "registered_at:freshness");
        assertThat(fresh.status()).isEqualTo(Status.FAILED);
        assertThat(fresh.level()).isEqualTo(Level.WARNING);
        assertThat(fresh.metric().getAsDouble()).isCloseTo(199.0 / ROWS, within(1e-9));
        assertThat(report.passed()).isTrue();
    }

    @Test
    void malformedResidentIdFailsPattern() {
        QualityReport report = verify(Fixtures.cleanPersons(ROWS).set(0, "resident_id", "34010219500101001x"));

        CheckResult pattern = result(report, "resident_id:pattern");
        assertThat(pattern.status()).isEqualTo(Status.FAILED);
        assertThat(pattern.metric().getAsDouble()).isCloseTo(199.0 / ROWS, within(1e-9));
    }

    @Test
    void emptyBatchFailsTheRowCount() {
        QualityReport report = verify(Fixtures.cleanPersons(0));

        CheckResult rows = result(report, "*:row_count");
        assertThat(rows.status()).isEqualTo(Status.FAILED);
        assertThat(rows.metric()).hasValue(0.0);
        assertThat(report.rowCount()).isZero();
        assertThat(report.passed()).isFalse();
    }
}
