package org.citylake.pipelines.standards;

import java.util.Objects;

/**
 * Unified social credit code per GB 32100-2015 (统一社会信用代码), 18 characters:
 * registration authority (1), entity type (1), GB/T 2260 region (6), GB 11714 organisation code (9),
 * check character (1). The alphabet leaves out I, O, S, V and Z so codes survive being read aloud.
 */
public final class UnifiedSocialCreditCode {
    /** The 31 characters of GB 32100, in value order. */
    public static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    /** Registration authority '9': market regulation (工商). */
    public static final char AUTHORITY_MARKET_REGULATION = '9';
    /** Entity types under authority '9'. */
    public static final char TYPE_ENTERPRISE = '1';
    public static final char TYPE_INDIVIDUAL_BUSINESS = '2';   // 个体工商户
    public static final char TYPE_FARMERS_COOPERATIVE = '3';   // 农民专业合作社

    private final String value;

    private UnifiedSocialCreditCode(String value) {
        this.value = value;
    }

    /** The weight of position {@code index} (0-based) in the check-character sum. */
    public static int weight(int index) {
        return WEIGHTS[index];
    }

    /** Check character for the first 17 characters: (31 − Σ mod 31) mod 31. */
    public static char checkCharacter(CharSequence first17) {
        if (first17.length() != 17) {
            throw new IllegalArgumentException("need 17 characters, got " + first17.length());
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int v = ALPHABET.indexOf(first17.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("character not in GB 32100 alphabet at " + (i + 1) + ": " + first17);
            }
            sum += v * WEIGHTS[i];
        }
        return ALPHABET.charAt((31 - sum % 31) % 31);
    }

    /** True if the overall check character is right (characters outside the alphabet: false). */
    public static boolean isValidChecksum(String text) {
        if (text == null || text.length() != 18) {
            return false;
        }
        for (int i = 0; i < 18; i++) {
            if (ALPHABET.indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return checkCharacter(text.subSequence(0, 17)) == text.charAt(17);
    }

    /** Overall check and the embedded GB 11714 organisation code check. */
    public static boolean isValid(String text) {
        return isValidChecksum(text) && OrganizationCode.isValid(text.substring(8, 17));
    }

    public static UnifiedSocialCreditCode parse(String text) {
        if (!isValid(text)) {
            throw new IllegalArgumentException("not a valid GB 32100 code: " + text);
        }
        return new UnifiedSocialCreditCode(text);
    }

    /**
     * Builds a code from its parts, computing both check characters.
     *
     * @param organizationBody the 8-character organisation code body, in the GB 32100 alphabet
     */
    public static UnifiedSocialCreditCode of(char authority, char entityType, String regionCode, String organizationBody) {
        Objects.requireNonNull(organizationBody, "organizationBody");
        if (regionCode == null || !regionCode.matches("[0-9]{6}")) {
            throw new IllegalArgumentException("region code must be 6 digits: " + regionCode);
        }
        OrganizationCode org = OrganizationCode.ofBody(organizationBody);
        String first17 = "" + authority + entityType + regionCode + org.value();
        return new UnifiedSocialCreditCode(first17 + checkCharacter(first17));
    }

    public String value() {
        return value;
    }

    public char registrationAuthority() {
        return value.charAt(0);
    }

    public char entityType() {
        return value.charAt(1);
    }

    public String regionCode() {
        return value.substring(2, 8);
    }

    public OrganizationCode organizationCode() {
        return OrganizationCode.parse(value.substring(8, 17));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnifiedSocialCreditCode other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
