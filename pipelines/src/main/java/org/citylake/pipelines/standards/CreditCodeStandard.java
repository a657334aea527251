package org.citylake.pipelines.standards;

import java.util.Locale;

/**
 * GB 32100 unified social credit codes: normalised to half-width upper case without spaces, then
 * the 31-character alphabet, the MOD 31 check character and the embedded GB 11714 organisation
 * code check.
 */
public final class CreditCodeStandard implements Standard {
    @Override
    public Verdict apply(String value) {
        String v = CharWidth.removeWhitespace(CharWidth.toHalfWidth(value)).toUpperCase(Locale.ROOT);
        if (v.length() != 18) {
            return Verdict.invalid("bad_credit_code_format", "'" + value + "' has " + v.length() + " characters, a unified social credit code has 18");
        }
        for (int i = 0; i < 18; i++) {
            if (UnifiedSocialCreditCode.ALPHABET.indexOf(v.charAt(i)) < 0) {
                return Verdict.invalid("bad_credit_code_format", "'" + value + "' contains '" + v.charAt(i)
                        + "' at position " + (i + 1) + ", outside the GB 32100 alphabet (no I, O, S, V, Z)");
            }
        }
        if (!UnifiedSocialCreditCode.isValidChecksum(v)) {
            return Verdict.invalid("bad_check_digit", "'" + value + "' has check character " + v.charAt(17)
                    + " but GB 32100 gives " + UnifiedSocialCreditCode.checkCharacter(v.substring(0, 17)));
        }
        if (!OrganizationCode.isValid(v.substring(8, 17))) {
            return Verdict.invalid("bad_organization_code", "'" + value + "' embeds organisation code " + v.substring(8, 17)
                    + " whose GB 11714 check character is wrong");
        }
        return Verdict.normalized(value, v);
    }
}
