package org.citylake.pipelines.standards;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Single-character substitutions against the check characters. MOD 11-2 (GB 11643) and MOD 31
 * (GB 32100) detect every one: the weights are non-zero modulo a prime and a substitution changes
 * a character's value by less than the modulus. GB 11714 (MOD 11 over values 0–35) detects every
 * digit substitution but not all letter ones (0 → B changes the value by 11), which is asserted too.
 */
class CheckCharacterPropertyTest {
    static final int SAMPLES = 300;
    static final String ID_CHARS = "0123456789X";
    static final ResidentIdStandard IDS = new ResidentIdStandard(Set.of("340102"), LocalDate.of(2026, 11, 1));
    static final CreditCodeStandard CREDIT = new CreditCodeStandard(Set.of("340102"), Set.of());

    @Test
    void everySingleSubstitutionInACitizenIdIsCaught() {
        Random r = new Random(11643);
        int mutants = 0;
        for (int n = 0; n < SAMPLES; n++) {
            LocalDate birth = LocalDate.of(1900, 1, 1).plusDays(r.nextInt(45_000));
            String id = ResidentIdNumber.of("340102", birth, r.nextInt(1000)).value();
            assertThat(IDS.apply(id).status()).as(id).isEqualTo(Verdict.Status.VALID);
            for (int pos = 0; pos < 18; pos++) {
                String alphabet = pos == 17 ? ID_CHARS : ID_CHARS.substring(0, 10);
                for (char c : alphabet.toCharArray()) {
                    if (c == id.charAt(pos)) {
                        continue;
                    }
                    String mutant = id.substring(0, pos) + c + id.substring(pos + 1);
                    assertThat(ResidentIdNumber.isValidChecksum(mutant)).as(mutant).isFalse();
                    assertThat(IDS.apply(mutant).reasonCode()).as(mutant).isEqualTo("bad_check_digit");
                    mutants++;
                }
            }
        }
        assertThat(mutants).isGreaterThan(SAMPLES * 17 * 9);
    }

    @Test
    void everySingleSubstitutionInACreditCodeIsCaught() {
        Random r = new Random(32100);
        String alphabet = UnifiedSocialCreditCode.ALPHABET;
        for (int n = 0; n < SAMPLES; n++) {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                body.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String code = UnifiedSocialCreditCode.of('9', '1', "340102", body.toString()).value();
            assertThat(CREDIT.apply(code).status()).as(code).isEqualTo(Verdict.Status.VALID);
            for (int pos = 0; pos < 18; pos++) {
                for (char c : alphabet.toCharArray()) {
                    if (c == code.charAt(pos)) {
                        continue;
                    }
                    String mutant = code.substring(0, pos) + c + code.substring(pos + 1);
                    assertThat(UnifiedSocialCreditCode.isValidChecksum(mutant)).as(mutant).isFalse();
                    assertThat(CREDIT.apply(mutant).reasonCode()).as(mutant).isEqualTo("bad_check_digit");
                }
                for (char c : "IOSVZ".toCharArray()) {
                    String mutant = code.substring(0, pos) + c + code.substring(pos + 1);
                    assertThat(CREDIT.apply(mutant).reasonCode()).as(mutant).isEqualTo("bad_credit_code_format");
                }
            }
        }
    }

    @Test
    void everyDigitSubstitutionInAnOrganizationCodeIsCaught() {
        Random r = new Random(11714);
        for (int n = 0; n < SAMPLES; n++) {
            String body = String.format("%08d", r.nextInt(100_000_000));
            String code = OrganizationCode.ofBody(body).value();
            assertThat(OrganizationCode.isValid(code)).isTrue();
            for (int pos = 0; pos < 9; pos++) {
                String alphabet = pos == 8 ? "0123456789X" : "0123456789";
                for (char c : alphabet.toCharArray()) {
                    if (c != code.charAt(pos)) {
                        String mutant = code.substring(0, pos) + c + code.substring(pos + 1);
                        assertThat(OrganizationCode.isValid(mutant)).as(mutant).isFalse();
                    }
                }
            }
        }
    }

    @Test
    void organizationCodeLettersElevenApartCollide() {
        // Why the property above is limited to digits: B counts 11, which is 0 modulo 11.
        String code = OrganizationCode.ofBody("00000001").value();
        assertThat(OrganizationCode.isValid("B" + code.substring(1))).isTrue();
    }
}
