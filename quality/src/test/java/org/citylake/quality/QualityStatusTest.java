package org.citylake.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.citylake.quality.gate.Publication;
import org.citylake.quality.score.QualityScorer;
import org.citylake.quality.score.ScoreWeights;
import org.citylake.quality.status.QualityStatus;
import org.citylake.quality.status.QualityStatusText;
import org.junit.jupiter.api.Test;

/** The status summary from the fixed history of {@link QualityReportPageTest} and a fake publications ledger. */
class QualityStatusTest {
    static Optional<Publication> ledger(String batch, String table) {
        if (batch.equals("p-3") && table.equals("base.person")) {
            return Optional.of(new Publication(batch, table, "audit_p-3", 7L, Publication.Status.HELD, List.of("name:completeness"),
                    "quality gate", "error-level checks failed", Instant.EPOCH));
        }
        return Optional.empty();
    }

    static QualityStatus status() {
        return QualityStatus.of(QualityReportPageTest.history(), new QualityScorer(ScoreWeights.defaults()), QualityStatusTest::ledger);
    }

    @Test
    void latestBatchPublicationScoreFailuresAndAnomaliesPerTable() {
        QualityStatus s = status();
        assertThat(s.tables()).extracting(QualityStatus.TableStatus::table).containsExactly("base.person", "base.place");
        QualityStatus.TableStatus person = s.tables().get(0);
        assertThat(person.batchId()).isEqualTo("p-3");
        assertThat(person.publication()).contains(Publication.Status.HELD);
        assertThat(person.score()).isCloseTo(50 / 0.75, within(1e-9));
        assertThat(person.failedErrors()).containsExactly("name:completeness");
        assertThat(person.failedWarnings()).as("the failed anomaly is listed as an anomaly only").isEmpty();
        assertThat(person.anomalies()).containsExactly("*:row_count_anomaly");
        QualityStatus.TableStatus place = s.tables().get(1);
        assertThat(place.publication()).isEmpty();
        assertThat(place.failedErrors()).containsExactly("longitude:range");
        assertThat(s.districtScore()).isCloseTo((512 * 50 / 0.75 + 40 * 40) / 552, within(1e-9));
    }

    @Test
    void textShowsOneLinePerTableWithDetailsAndTheDistrict() {
        String text = QualityStatusText.render(status());
        List<String> lines = text.lines().toList();
        assertThat(lines.get(0)).startsWith("TABLE").contains("PUBLISH", "SCORE", "ANOM", "VERIFIED");
        assertThat(lines.get(1)).startsWith("base.person").contains("p-3", "held")
                .matches(".*\\s66\\.7\\s+1\\s+0\\s+1\\s+2026-11-22T02:00:00Z$");
        assertThat(lines).contains("    error: name:completeness", "    anomaly: *:row_count_anomaly", "    error: longitude:range");
        assertThat(text.indexOf("base.place")).isGreaterThan(text.indexOf("anomaly: *:row_count_anomaly"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("district score 64.7 over 2 table(s)");
        assertThat(lines.stream().filter(l -> l.startsWith("base.place")).findFirst().orElseThrow()).contains(" - ");
    }

    @Test
    void emptyHistorySaysWhatToDo() {
        assertThat(QualityStatusText.render(QualityStatus.of(List.of(), new QualityScorer(ScoreWeights.defaults()), (b, t) -> Optional.empty())))
                .contains("citylake demo");
    }
}
