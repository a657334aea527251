package org.citylake.pipelines.standards;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Citizen identification number per GB 11643-1999 (公民身份号码): 6-digit region code (GB/T 2260),
 * 8-digit birth date, 3-digit sequence (odd = male, even = female) and a check character.
 *
 * <p>An instance always holds a syntactically complete 18-character number with a correct check
 * character; whether its region code is known or its birth date plausible is a matter for a
 * validator that has the dictionaries, not for this value type.
 */
public final class ResidentIdNumber {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK_CHARACTERS = "10X98765432";

    private final String value;

    private ResidentIdNumber(String value) {
        this.value = value;
    }

    /** The weight of position {@code index} (0-based) in the MOD 11-2 sum. */
    public static int weight(int index) {
        return WEIGHTS[index];
    }

    /** Check character for the first 17 digits (ASCII '0'–'9' only). */
    public static char checkCharacter(CharSequence first17) {
        if (first17.length() != 17) {
            throw new IllegalArgumentException("need 17 digits, got " + first17.length());
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = first17.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not an ASCII digit at " + (i + 1) + ": " + first17);
            }
            sum += (c - '0') * WEIGHTS[i];
        }
        return CHECK_CHARACTERS.charAt(sum % 11);
    }

    /**
     * True if {@code text} is exactly 17 ASCII digits followed by the right check character.
     * Deliberately strict: lower-case 'x', full-width digits and spaces are not valid here — they
     * are normalisable, and normalising is a separate, explicit step.
     */
    public static boolean isValidChecksum(String text) {
        if (text == null || text.length() != 18) {
            return false;
        }
        for (int i = 0; i < 17; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return checkCharacter(text.subSequence(0, 17)) == text.charAt(17);
    }

    /** Parses an 18-character number; throws if the checksum is wrong. */
    public static ResidentIdNumber parse(String text) {
        if (!isValidChecksum(text)) {
            throw new IllegalArgumentException("not a GB 11643 number with a valid check character: " + text);
        }
        return new ResidentIdNumber(text);
    }

    /** Appends the check character to 17 digits; the digits are not checked for meaning. */
    public static ResidentIdNumber ofFirst17(String first17) {
        return new ResidentIdNumber(first17 + checkCharacter(first17));
    }

    /**
     * Builds a number from its parts.
     *
     * @param sequence 0–999; its parity is the sex (odd = male)
     */
    public static ResidentIdNumber of(String regionCode, LocalDate birthDate, int sequence) {
        Objects.requireNonNull(birthDate, "birthDate");
        if (regionCode == null || !regionCode.matches("[0-9]{6}")) {
            throw new IllegalArgumentException("region code must be 6 digits: " + regionCode);
        }
        if (sequence < 0 || sequence > 999) {
            throw new IllegalArgumentException("sequence must be 0..999: " + sequence);
        }
        if (birthDate.getYear() < 1000 || birthDate.getYear() > 9999) {
            throw new IllegalArgumentException("birth year must have 4 digits: " + birthDate);
        }
        String first17 = regionCode
                + String.format("%04d%02d%02d", birthDate.getYear(), birthDate.getMonthValue(), birthDate.getDayOfMonth())
                + String.format("%03d", sequence);
        return ofFirst17(first17);
    }

    /** Builds a number whose sequence parity matches the sex: {@code order} 0–499 within the sex. */
    public static ResidentIdNumber of(String regionCode, LocalDate birthDate, int order, boolean male) {
        if (order < 0 || order > 499) {
            throw new IllegalArgumentException("order within sex must be 0..499: " + order);
        }
        return of(regionCode, birthDate, order * 2 + (male ? 1 : 0));
    }

    /**
     * Converts a 15-digit legacy number (issued before 1999: 6 region + yyMMdd + 3 sequence, no
     * check) to 18 digits: insert the century "19", append the check character.
     */
    public static ResidentIdNumber fromLegacy15(String legacy) {
        if (legacy == null || !legacy.matches("[0-9]{15}")) {
            throw new IllegalArgumentException("not a 15-digit legacy number: " + legacy);
        }
        return ofFirst17(legacy.substring(0, 6) + "19" + legacy.substring(6));
    }

    public String value() {
        return value;
    }

    public String regionCode() {
        return value.substring(0, 6);
    }

    /** The 8 birth-date digits as written; may be an impossible date such as 19990230. */
    public String birthDateDigits() {
        return value.substring(6, 14);
    }

    /** The birth date; throws {@link DateTimeException} when the digits are not a real date. */
    public LocalDate birthDate() {
        String d = birthDateDigits();
        return LocalDate.of(Integer.parseInt(d.substring(0, 4)), Integer.parseInt(d.substring(4, 6)),
                Integer.parseInt(d.substring(6, 8)));
    }

    public int sequence() {
        return Integer.parseInt(value.substring(14, 17));
    }

    /** GB 11643: the 17th digit is odd for men, even for women. */
    public boolean isMale() {
        return (value.charAt(16) - '0') % 2 == 1;
    }

    public char checkCharacter() {
        return value.charAt(17);
    }

    /** What the number itself says about its holder, for cross-checks against the record's own columns. */
    public ResidentIdFacts facts() {
        return new ResidentIdFacts(regionCode(), birthDate(), isMale() ? SexCodes.MALE : SexCodes.FEMALE);
    }

    /** The 15-digit legacy form; only people born 1900–1999 ever had one. */
    public String toLegacy15() {
        if (!value.startsWith("19", 6)) {
            throw new IllegalStateException("no 15-digit form for a birth year outside 19xx: " + value);
        }
        return value.substring(0, 6) + value.substring(8, 17);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResidentIdNumber other && other.value.equals(value);
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
