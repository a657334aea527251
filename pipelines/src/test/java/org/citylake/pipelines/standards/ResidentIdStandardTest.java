package org.citylake.pipelines.standards;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResidentIdStandardTest {
    // 110103 崇文区 was retired in 2010; numbers issued before keep it and stay valid.
    static final ResidentIdStandard STD = new ResidentIdStandard(Set.of("110105", "110103", "340102", "340104"), LocalDate.of(2026, 11, 1));

    @ParameterizedTest
    @CsvSource({
            "11010519491231002X, 11010519491231002X, VALID",
            "11010519491231002x, 11010519491231002X, FIXED",
            "'１１０１０５１９４９１２３１００２Ｘ', 11010519491231002X, FIXED",
            "' 110105 19491231 002X ', 11010519491231002X, FIXED",
            "110105491231002, 11010519491231002X, FIXED"})
    void normalisesWhatIsOnlyWrittenDifferently(String in, String out, Verdict.Status status) {
        Verdict v = STD.apply(in);
        assertThat(v.value()).isEqualTo(out);
        assertThat(v.status()).isEqualTo(status);
    }

    @Test
    void retiredRegionCodesAndResidencePermitsStayValid() {
        String retired = ResidentIdNumber.ofFirst17("11010319800101001").value();
        assertThat(STD.apply(retired).isInvalid()).isFalse();
        String hongKong = ResidentIdNumber.ofFirst17("81000019900101001").value();
        assertThat(STD.apply(hongKong).isInvalid()).isFalse();
    }

    @Test
    void rejectsWithAReasonEachWayANumberCanBeWrong() {
        assertThat(STD.apply("110105194912310021").reasonCode()).isEqualTo("bad_check_digit");
        assertThat(STD.apply("110105194912310021").message()).contains("GB 11643 gives X");
        assertThat(STD.apply(ResidentIdNumber.ofFirst17("11010519990230001").value()).reasonCode()).isEqualTo("impossible_birth_date");
        assertThat(STD.apply(ResidentIdNumber.ofFirst17("11010518991231001").value()).reasonCode()).isEqualTo("impossible_birth_date");
        assertThat(STD.apply(ResidentIdNumber.ofFirst17("11010520261102001").value()).reasonCode()).isEqualTo("future_birth_date");
        assertThat(STD.apply(ResidentIdNumber.ofFirst17("99010519800101001").value()).reasonCode()).isEqualTo("unknown_region");
        assertThat(STD.apply("1101051949123100").reasonCode()).isEqualTo("bad_id_format");
        assertThat(STD.apply("110105491331002").reasonCode()).isEqualTo("impossible_birth_date");
    }

    @Test
    void creditCodes() {
        // 440300 (深圳市) is accepted as the city above county 440303.
        CreditCodeStandard c = new CreditCodeStandard(Set.of("440303", "340102"), Set.of());
        assertThat(c.apply("914403001922038216").status()).isEqualTo(Verdict.Status.VALID);
        assertThat(c.apply("914403001922038217").reasonCode()).isEqualTo("bad_check_digit");
        assertThat(c.apply("91440300192203821").reasonCode()).isEqualTo("bad_credit_code_format");
        assertThat(c.apply("9144030019220382I6").reasonCode()).isEqualTo("bad_credit_code_format");
        String lower = UnifiedSocialCreditCode.of('9', '1', "340102", "MA2N0X1B").value();
        assertThat(c.apply(lower.toLowerCase()).value()).isEqualTo(lower);
        assertThat(c.apply(lower.toLowerCase()).status()).isEqualTo(Verdict.Status.FIXED);
    }
}
