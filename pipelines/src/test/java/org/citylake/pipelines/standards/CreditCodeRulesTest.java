package org.citylake.pipelines.standards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CreditCodeRulesTest {
    static final Standard STD = Standards.forName("gb32100", ReferenceData.CONTEXT);

    static String code(char authority, char type, String region) {
        return UnifiedSocialCreditCode.of(authority, type, region, "MA2N0X1B").value();
    }

    @Test
    void authoritiesAndTheirEntityTypes() {
        assertThat(STD.apply(code('9', '1', "340102")).status()).isEqualTo(Verdict.Status.VALID);   // 企业
        assertThat(STD.apply(code('9', '2', "340102")).status()).isEqualTo(Verdict.Status.VALID);   // 个体工商户
        assertThat(STD.apply(code('5', '3', "340102")).status()).isEqualTo(Verdict.Status.VALID);   // 基金会
        assertThat(STD.apply(code('1', '2', "340102")).status()).isEqualTo(Verdict.Status.VALID);   // 事业单位
        assertThat(STD.apply(code('Y', '1', "340102")).status()).isEqualTo(Verdict.Status.VALID);   // 其他
        assertThat(STD.apply(code('B', '1', "340102")).reasonCode()).isEqualTo("unknown_registration_authority");
        assertThat(STD.apply(code('0', '1', "340102")).reasonCode()).isEqualTo("unknown_registration_authority");
        Verdict noSuchType = STD.apply(code('9', '9', "340102"));
        assertThat(noSuchType.reasonCode()).isEqualTo("unknown_entity_type");
        assertThat(noSuchType.message()).contains("工商/市场监管", "1, 2, 3");
        assertThat(STD.apply(code('5', '4', "340102")).reasonCode()).isEqualTo("unknown_entity_type");
    }

    @Test
    void regionCodesAgainstGbt2260() {
        assertThat(STD.apply(code('9', '1', "340100")).status()).as("合肥市, city level").isEqualTo(Verdict.Status.VALID);
        assertThat(STD.apply(code('9', '1', "340000")).status()).as("安徽省, province level").isEqualTo(Verdict.Status.VALID);
        assertThat(STD.apply(code('9', '1', "110103")).status()).as("崇文区, retired 2010").isEqualTo(Verdict.Status.VALID);
        assertThat(STD.apply(code('1', '1', "100000")).status()).as("central government").isEqualTo(Verdict.Status.VALID);
        Verdict unknown = STD.apply(code('9', '1', "349999"));
        assertThat(unknown.reasonCode()).isEqualTo("unknown_region");
        assertThat(unknown.message()).contains("349999");
    }

    @Test
    void allowListedCodesAreValidWithoutChecks() {
        assertThat(UnifiedSocialCreditCode.isValidChecksum(ReferenceData.PILOT_CODE)).isFalse();
        assertThat(STD.apply(ReferenceData.PILOT_CODE).status()).isEqualTo(Verdict.Status.VALID);
        assertThat(STD.apply(ReferenceData.PILOT_CODE.toLowerCase()).status()).isEqualTo(Verdict.Status.FIXED);
        StandardContext without = new StandardContext(ReferenceData.CONTEXT.knownRegions(), ReferenceData.AS_OF);
        assertThat(Standards.forName("gb32100", without).apply(ReferenceData.PILOT_CODE).reasonCode()).isEqualTo("bad_check_digit");
    }

    @Test
    void allowListFileFormat() {
        assertThat(CreditCodeAllowList.parse("# pilots\n\n91340102MA2N0X1B0Y  # confirmed by 市场监管局\n 9144030019220382ab\n", "t"))
                .containsExactlyInAnyOrder("91340102MA2N0X1B0Y", "9144030019220382AB");
        assertThatThrownBy(() -> CreditCodeAllowList.parse("12345\n", "allow.txt")).hasMessageContaining("allow.txt:1");
        assertThat(CreditCodeAllowList.load(ReferenceData.CONF.resolve(StandardContext.CREDIT_CODE_ALLOW_LIST))).isEmpty();
        assertThat(CreditCodeAllowList.load(ReferenceData.CONF.resolve("no-such-file.txt"))).isEmpty();
    }

    @Test
    void explainShowsTheSum() {
        String e = ((Explainable) STD).explain("914403001922038216");
        assertThat(e).contains("工商/市场监管/企业", "region 440300", "9×1", "→ check character 6", "(given 6)");
    }
}
