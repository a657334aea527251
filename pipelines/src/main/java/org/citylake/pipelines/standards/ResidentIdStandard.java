package org.citylake.pipelines.standards;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;

/**
 * GB 11643 citizen ID numbers as departments send them. Normalises full-width characters, stray
 * spaces and a lower-case x, upgrades 15-digit legacy numbers to 18 digits (marked fixed), then
 * checks the MOD 11-2 check character, the birth date (a real date, from 1900, not after the
 * as-of date) and the region code against the historical GB/T 2260 list (retired codes stay valid;
 * the residence-permit prefixes 810000, 820000 and 830000 are accepted).
 */
public final class ResidentIdStandard implements Standard, Explainable {
    /** 港澳台居民居住证 numbers carry these in place of a division code. */
    static final Set<String> RESIDENCE_PERMIT_PREFIXES = Set.of("810000", "820000", "830000");
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1900, 1, 1);

    private final Set<String> knownRegions;
    private final LocalDate asOf;

    public ResidentIdStandard(Set<String> knownRegions, LocalDate asOf) {
        this.knownRegions = Set.copyOf(knownRegions);
        this.asOf = asOf;
    }

    @Override
    public Verdict apply(String value) {
        String v = normalize(value);
        boolean legacy = v.matches("\\d{15}");
        if (legacy) {
            String birth = "19" + v.substring(6, 12);
            if (!isDate(birth)) {
                return Verdict.invalid(ReasonCode.IMPOSSIBLE_BIRTH_DATE, "the 15-digit number '" + value + "' has no real birth date 19" + v.substring(6, 12));
            }
            v = ResidentIdNumber.fromLegacy15(v).value();
        } else if (!v.matches("\\d{17}[\\dX]")) {
            return Verdict.invalid(ReasonCode.BAD_ID_FORMAT, "'" + value + "' is not an 18-character citizen ID number (17 digits and a check digit or X)");
        }
        if (!ResidentIdNumber.isValidChecksum(v)) {
            return Verdict.invalid(ReasonCode.BAD_CHECK_DIGIT, "'" + value + "' has check character " + v.charAt(17)
                    + " but GB 11643 gives " + ResidentIdNumber.checkCharacter(v.substring(0, 17)));
        }
        String birth = v.substring(6, 14);
        if (!isDate(birth)) {
            return Verdict.invalid(ReasonCode.IMPOSSIBLE_BIRTH_DATE, "'" + value + "' carries the impossible birth date " + birth);
        }
        LocalDate born = LocalDate.of(Integer.parseInt(birth.substring(0, 4)), Integer.parseInt(birth.substring(4, 6)), Integer.parseInt(birth.substring(6, 8)));
        if (born.isBefore(EARLIEST_BIRTH)) {
            return Verdict.invalid(ReasonCode.IMPOSSIBLE_BIRTH_DATE, "'" + value + "' carries a birth date before 1900: " + born);
        }
        if (born.isAfter(asOf)) {
            return Verdict.invalid(ReasonCode.FUTURE_BIRTH_DATE, "'" + value + "' carries a birth date in the future: " + born);
        }
        String region = v.substring(0, 6);
        if (!knownRegions.contains(region) && !RESIDENCE_PERMIT_PREFIXES.contains(region)) {
            return Verdict.invalid(ReasonCode.UNKNOWN_REGION, "'" + value + "' carries region code " + region + ", which GB/T 2260 never listed");
        }
        return legacy ? Verdict.fixed(v, "15-digit legacy number upgraded to 18 digits (century 19 inserted, check character appended)")
                : Verdict.normalized(value, v);
    }

    @Override
    public String explain(String value) {
        String v = normalize(value);
        String note = "";
        if (v.matches("\\d{15}")) {
            note = "15-digit legacy number: insert 19 after the region → " + v.substring(0, 6) + "19" + v.substring(6) + "; ";
            v = v.substring(0, 6) + "19" + v.substring(6);
        }
        if (!v.matches("\\d{17}.*")) {
            return "GB 11643 needs 17 digits before the check character; '" + v + "' has not";
        }
        StringBuilder b = new StringBuilder();
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int d = v.charAt(i) - '0';
            int w = ResidentIdNumber.weight(i);
            sum += d * w;
            b.append(i == 0 ? "" : " + ").append(d).append("×").append(w);
        }
        char check = ResidentIdNumber.checkCharacter(v.substring(0, 17));
        return note + "region " + v.substring(0, 6) + ", birth " + v.substring(6, 14) + ", sequence " + v.substring(14, 17)
                + " (" + ((v.charAt(16) - '0') % 2 == 1 ? "odd: male" : "even: female") + "); Σ = " + b + " = " + sum
                + "; " + sum + " mod 11 = " + sum % 11 + " → \"10X98765432\"[" + sum % 11 + "] = " + check
                + (v.length() == 18 ? " (given " + v.charAt(17) + ")" : "");
    }

    private static String normalize(String value) {
        return CharWidth.removeWhitespace(CharWidth.toHalfWidth(value)).toUpperCase(Locale.ROOT);
    }

    private static boolean isDate(String yyyymmdd) {
        try {
            LocalDate.of(Integer.parseInt(yyyymmdd.substring(0, 4)), Integer.parseInt(yyyymmdd.substring(4, 6)), Integer.parseInt(yyyymmdd.substring(6, 8)));
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }
}
