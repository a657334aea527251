package org.citylake.pipelines.change;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.citylake.catalog.contract.ChangeFeed.SequenceKind;
import org.junit.jupiter.api.Test;

class ChangeSequenceTest {
    @Test
    void numbersAreWholeNonNegativeAndNothingElse() {
        assertThat(ChangeSequence.parse(" 42 ", SequenceKind.NUMBER)).contains(new ChangeSequence(42, Optional.empty()));
        assertThat(ChangeSequence.parse("-1", SequenceKind.NUMBER)).isEmpty();
        assertThat(ChangeSequence.parse("4.2", SequenceKind.NUMBER)).isEmpty();
        assertThat(ChangeSequence.parse("", SequenceKind.NUMBER)).isEmpty();
        assertThat(ChangeSequence.parse(null, SequenceKind.NUMBER)).isEmpty();
        assertThat(ChangeSequence.parse("2026-11-25 12:00:00", SequenceKind.NUMBER)).isEmpty();
    }

    @Test
    void timestampsAreYaohaiLocalTimeUnlessTheyNameAnOffset() {
        Instant noon = Instant.parse("2026-11-25T04:00:00Z");
        assertThat(ChangeSequence.parse("2026-11-25 12:00:00", SequenceKind.TIMESTAMP).flatMap(ChangeSequence::changedAt)).contains(noon);
        assertThat(ChangeSequence.parse("2026-11-25T12:00:00", SequenceKind.TIMESTAMP).flatMap(ChangeSequence::changedAt)).contains(noon);
        assertThat(ChangeSequence.parse("2026-11-25T04:00:00Z", SequenceKind.TIMESTAMP).flatMap(ChangeSequence::changedAt)).contains(noon);
        assertThat(ChangeSequence.parse("2026-11-25 12:00:00.25", SequenceKind.TIMESTAMP).map(ChangeSequence::value))
                .contains(noon.getEpochSecond() * 1_000_000 + 250_000);
        assertThat(ChangeSequence.parse("2026-11-31 12:00:00", SequenceKind.TIMESTAMP)).isEmpty();
        assertThat(ChangeSequence.parse("yesterday", SequenceKind.TIMESTAMP)).isEmpty();
        assertThat(ChangeSequence.parse("12", SequenceKind.TIMESTAMP)).isEmpty();
    }

    @Test
    void timestampsOrderAsTheirInstantsWhateverTheirSpelling() {
        List<ChangeSequence> s = new ArrayList<>(List.of(
                ChangeSequence.parse("2026-11-25 12:00:01", SequenceKind.TIMESTAMP).orElseThrow(),
                ChangeSequence.parse("2026-11-25T03:59:59Z", SequenceKind.TIMESTAMP).orElseThrow(),
                ChangeSequence.parse("2026-11-25 12:00:00.5", SequenceKind.TIMESTAMP).orElseThrow()));
        Collections.sort(s);
        assertThat(s).extracting(x -> x.changedAt().orElseThrow().toString())
                .containsExactly("2026-11-25T03:59:59Z", "2026-11-25T04:00:00.500Z", "2026-11-25T04:00:01Z");
    }

    @Test
    void opsAcceptLettersWordsAndChineseAndNothingElse() {
        assertThat(ChangeOp.parse(" u ")).contains(ChangeOp.UPDATE);
        assertThat(ChangeOp.parse("Delete")).contains(ChangeOp.DELETE);
        assertThat(ChangeOp.parse("新增")).contains(ChangeOp.INSERT);
        assertThat(ChangeOp.parse("注销")).contains(ChangeOp.DELETE);
        assertThat(ChangeOp.parse("X")).isEmpty();
        assertThat(ChangeOp.parse("")).isEmpty();
        assertThat(ChangeOp.parse(null)).isEmpty();
        assertThat(ChangeOp.DELETE.code()).isEqualTo("D");
    }
}
