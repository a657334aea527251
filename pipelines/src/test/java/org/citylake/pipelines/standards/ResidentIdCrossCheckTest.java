package org.citylake.pipelines.standards;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ResidentIdCrossCheckTest {
    static final ResidentIdNumber WOMAN_1949 = ResidentIdNumber.parse("11010519491231002X"); // 17th digit 2: female

    @Test
    void factsComeFromTheNumber() {
        ResidentIdFacts f = WOMAN_1949.facts();
        assertThat(f.regionCode()).isEqualTo("110105");
        assertThat(f.birthDate()).isEqualTo(LocalDate.of(1949, 12, 31));
        assertThat(f.sexCode()).isEqualTo(SexCodes.FEMALE);
        assertThat(ResidentIdNumber.of("340102", LocalDate.of(1990, 5, 6), 7, true).facts().sexCode()).isEqualTo(SexCodes.MALE);
    }

    @Test
    void agreeingColumnsGiveNoMismatch() {
        assertThat(ResidentIdCrossCheck.crossCheck(WOMAN_1949, LocalDate.of(1949, 12, 31), "2")).isEmpty();
        assertThat(ResidentIdCrossCheck.crossCheck(WOMAN_1949, LocalDate.of(1949, 12, 31), "女")).isEmpty();
    }

    @Test
    void birthDateAndSexMismatchesAreReported() {
        var m = ResidentIdCrossCheck.crossCheck(WOMAN_1949, LocalDate.of(1949, 12, 30), "1");
        assertThat(m).extracting(Mismatch::reason).containsExactly(ReasonCode.ID_BIRTH_DATE_MISMATCH, ReasonCode.ID_SEX_MISMATCH);
        assertThat(m).extracting(Mismatch::column).containsExactly("birth_date", "sex");
        assertThat(m.get(0).message()).contains("1949-12-30", "1949-12-31", "11010519491231002X");
        assertThat(m.get(1).message()).contains("1 男", "2 女", "even");
    }

    @Test
    void absentOrNonCommittalColumnsAreNotMismatches() {
        // 0 未知 and 9 未说明 claim nothing; a missing column is the nullability rule's business.
        assertThat(ResidentIdCrossCheck.crossCheck(WOMAN_1949, null, null)).isEmpty();
        assertThat(ResidentIdCrossCheck.crossCheck(WOMAN_1949, null, "0")).isEmpty();
        assertThat(ResidentIdCrossCheck.crossCheck(WOMAN_1949, null, "9")).isEmpty();
        assertThat(ResidentIdCrossCheck.crossCheck(WOMAN_1949, null, "garbage")).isEmpty();
    }
}
