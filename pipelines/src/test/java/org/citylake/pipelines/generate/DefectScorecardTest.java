package org.citylake.pipelines.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefectScorecardTest {
    @TempDir
    Path tmp;

    Path defects() throws IOException {
        Path f = tmp.resolve("defects.jsonl");
        Files.writeString(f, """
                {"file":"a.csv","line":2,"kind":"bad_check_digit","column":"resident_id","expect":"quarantine","reason":"bad_check_digit","detail":""}
                {"file":"a.csv","line":3,"kind":"bad_check_digit","column":"resident_id","expect":"quarantine","reason":"bad_check_digit","detail":""}
                {"file":"a.csv","line":4,"kind":"lowercase_x","column":"resident_id","expect":"fix","detail":""}
                {"file":"b.csv","line":2,"kind":"exact_duplicate_row","column":"","expect":"merge","detail":""}
                """, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void onTheDiagonalWhenEveryDefectEndsAsExpected() throws IOException {
        DefectScorecard card = DefectScorecard.score(defects(), Map.of(
                "a.csv:2", List.of("bad_check_digit"), "a.csv:3", List.of("missing_required", "bad_check_digit")));
        assertThat(card.allOnDiagonal()).isTrue();
        assertThat(card.lines()).extracting(DefectScorecard.Line::kind, DefectScorecard.Line::injected, DefectScorecard.Line::asExpected)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("bad_check_digit", 2L, 2L),
                        org.assertj.core.groups.Tuple.tuple("exact_duplicate_row", 1L, 1L),
                        org.assertj.core.groups.Tuple.tuple("lowercase_x", 1L, 1L));
    }

    @Test
    void missesWrongReasonsAndFalseAlarmsAreShown() throws IOException {
        DefectScorecard card = DefectScorecard.score(defects(), Map.of(
                "a.csv:2", List.of("pattern_mismatch"), "a.csv:4", List.of("bad_id_format"), "c.csv:9", List.of("bad_date")));
        assertThat(card.allOnDiagonal()).isFalse();
        assertThat(card.quarantinedWithoutDefect()).isEqualTo(1);
        DefectScorecard.Line id = card.lines().get(0);
        assertThat(id.asExpected()).isZero();
        assertThat(id.otherwise()).containsEntry("pattern_mismatch", 1L).containsEntry("accepted", 1L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        card.print(new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("OFF THE DIAGONAL").contains("1 rows quarantined without an injected defect");
    }
}
