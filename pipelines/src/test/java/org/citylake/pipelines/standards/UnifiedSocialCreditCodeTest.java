package org.citylake.pipelines.standards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UnifiedSocialCreditCodeTest {
    private static final String KNOWN_VALID = "914403001922038216";

    @Test
    void knownExampleIsValid() {
        assertThat(UnifiedSocialCreditCode.checkCharacter("91440300192203821")).isEqualTo('6');
        assertThat(UnifiedSocialCreditCode.isValid(KNOWN_VALID)).isTrue();
        UnifiedSocialCreditCode code = UnifiedSocialCreditCode.parse(KNOWN_VALID);
        assertThat(code.registrationAuthority()).isEqualTo('9');
        assertThat(code.entityType()).isEqualTo('1');
        assertThat(code.regionCode()).isEqualTo("440300");
        assertThat(code.organizationCode().value()).isEqualTo("192203821");
        assertThat(OrganizationCode.isValid("192203821")).isTrue();
    }

    @Test
    void mutationsAreRejected() {
        assertThat(UnifiedSocialCreditCode.isValid("914403001922038217")).isFalse();  // overall check
        assertThat(UnifiedSocialCreditCode.isValid("914403001922038226")).isFalse();  // body digit changed
        assertThat(UnifiedSocialCreditCode.isValid("91440300192203821I")).isFalse();  // I is not in the alphabet
        assertThat(UnifiedSocialCreditCode.isValid("91440300192203821")).isFalse();
        assertThat(UnifiedSocialCreditCode.isValid(null)).isFalse();
        assertThat(OrganizationCode.isValid("192203822")).isFalse();
        assertThatThrownBy(() -> UnifiedSocialCreditCode.parse("914403001922038217")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void organisationCheckMapsTenAndElevenToXAndZero() {
        // find bodies whose check is X and 0 by search, and confirm both round-trip through isValid
        boolean sawX = false;
        boolean sawZero = false;
        for (int n = 10_000_000; n < 10_000_200 && !(sawX && sawZero); n++) {
            String body = Integer.toString(n);
            char c = OrganizationCode.checkCharacter(body);
            sawX |= c == 'X';
            sawZero |= c == '0';
            assertThat(OrganizationCode.isValid(body + c)).isTrue();
        }
        assertThat(sawX).isTrue();
        assertThat(sawZero).isTrue();
    }

    @Test
    void buildsValidCodesFromParts() {
        UnifiedSocialCreditCode company = UnifiedSocialCreditCode.of('9', '1', "440300", "19220382");
        assertThat(company.value()).isEqualTo(KNOWN_VALID);
        UnifiedSocialCreditCode shop = UnifiedSocialCreditCode.of('9', '2', "340102", "MA2N0K7Q");
        assertThat(shop.value()).startsWith("92340102MA2N0K7Q");
        assertThat(UnifiedSocialCreditCode.isValid(shop.value())).isTrue();
        assertThatThrownBy(() -> UnifiedSocialCreditCode.of('9', '1', "3401", "19220382"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
