package org.citylake.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citylake.catalog.contract.QualityRule.Level;
import org.citylake.catalog.contract.TableContract;
import org.citylake.quality.CheckResult.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** base.certificate's holder_id must be found in base.person.resident_id for ≥ 90 % of rows (warning). */
class ReferenceCheckTest {
    static SparkSession spark;
    static final TableContract CERTIFICATE = Fixtures.contract("base.certificate");
    static final int ROWS = 20;
    static Fixtures.Batch persons;
    static Dataset<Row> personTable;

    @BeforeAll
    static void start() {
        spark = Fixtures.spark("quality-reference-test", Map.of());
        persons = Fixtures.cleanPersons(50);
        personTable = persons.toDataFrame(spark);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** {@code ROWS} certificates of the first persons; the first {@code strangers} holders are unknown people. */
    static Fixtures.Batch certificates(int strangers) {
        Fixtures.Batch b = new Fixtures.Batch(CERTIFICATE);
        for (int i = 0; i < ROWS; i++) {
            Object[] r = b.newRow();
            r[b.index("certificate_id")] = "C" + i;
            r[b.index("certificate_type")] = "居民身份证";
            r[b.index("holder_type")] = "自然人";
            r[b.index("holder_id")] = i < strangers ? "11010519491231002X".substring(0, 14) + String.format("%03dX", i) : persons.get(i, "resident_id");
            r[b.index("issue_date")] = java.sql.Date.valueOf(LocalDate.of(2010, 5, 1));
            r[b.index("status")] = "有效";
        }
        return b;
    }

    private QualityReport verify(Fixtures.Batch batch, boolean personAvailable) {
        QualityVerifier verifier = new QualityVerifier(Fixtures.DICTIONARIES,
                name -> personAvailable && name.equals("base.person") ? Optional.of(personTable) : Optional.empty());
        return verifier.verify(spark, batch.toDataFrame(spark), CERTIFICATE, "b-cert", Fixtures.AS_OF);
    }

    @Test
    void referenceAboveMinimumPasses() {
        QualityReport report = verify(certificates(1), true);

        CheckResult ref = report.result("holder_id:reference").orElseThrow();
        assertThat(ref.status()).isEqualTo(Status.PASSED);
        assertThat(ref.level()).isEqualTo(Level.WARNING);
        assertThat(ref.metric()).hasValue(19.0 / ROWS);
        assertThat(ref.threshold()).isEqualTo(">= 0.95");
        assertThat(ref.message()).contains("19 of 20").contains("base.person.resident_id");
        assertThat(report.passed()).isTrue();
    }

    @Test
    void referenceBelowMinimumFailsAsWarningAndNullsAreNotLookedUp() {
        Fixtures.Batch batch = certificates(3).set(ROWS - 1, "holder_id", null);

        QualityReport report = verify(batch, true);

        CheckResult ref = report.result("holder_id:reference").orElseThrow();
        assertThat(ref.status()).isEqualTo(Status.FAILED);
        // 19 non-NULL holders, 3 unknown: 16 / 19
        assertThat(ref.metric().getAsDouble()).isCloseTo(16.0 / 19, within(1e-9));
        assertThat(report.failedWarnings()).extracting(CheckResult::ruleId).contains("holder_id:reference");
        // the NULL is the completeness rule's business, and that one is an error
        assertThat(report.failedErrors()).extracting(CheckResult::ruleId).containsExactly("holder_id:completeness");
    }

    @Test
    void aConditionalReferenceLooksUpOnlyTheRowsItAppliesTo() {
        // Entity holders carry credit codes; looking them up among persons would count them as missing.
        Fixtures.Batch batch = certificates(0).set(0, "holder_type", "法人").set(0, "holder_id", "914403001922038216");
        QualityReport report = verify(batch, true);
        CheckResult persons = report.result("holder_id:reference").orElseThrow();
        assertThat(persons.metric()).hasValue(1.0);
        assertThat(persons.message()).contains("19 of 19");
        assertThat(report.result("holder_id:reference#2").orElseThrow().status()).isEqualTo(Status.SKIPPED);
    }

    @Test
    void missingReferencedTableIsSkippedWithAReason() {
        QualityReport report = verify(certificates(0), false);

        CheckResult ref = report.result("holder_id:reference").orElseThrow();
        assertThat(ref.status()).isEqualTo(Status.SKIPPED);
        assertThat(ref.metric()).isEmpty();
        assertThat(ref.message()).contains("base.person is not available");
        // the 法人 holders' reference to base.legal_entity has no table here either
        assertThat(report.skipped()).extracting(CheckResult::ruleId).containsExactly("holder_id:reference", "holder_id:reference#2");
        assertThat(report.passed()).isTrue();
        assertThat(report.results()).filteredOn(r -> r.status() != Status.SKIPPED).allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.PASSED));
    }
}
