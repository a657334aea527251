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
public final class ResidentIdStandard implements Standard {
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
        String v = CharWidth.removeWhitespace(CharWidth.toHalfWidth(value)).toUpperCase(Locale.ROOT);
        if (v.matches("\\d{15}")) {
            String birth = "19" + v.substring(6, 12);
            if (!isDate(birth)) {
                return Verdict.invalid("impossible_birth_date", "the 15-digit number '" + value + "' has no real birth date 19" + v.substring(6, 12));
            }
            v = ResidentIdNumber.fromLegacy15(v).value();
        } else if (!v.matches("\\d{17}[\\dX]")) {
            return Verdict.invalid("bad_id_format", "'" + value + "' is not an 18-character citizen ID number (17 digits and a check digit or X)");
        }
        if (!ResidentIdNumber.isValidChecksum(v)) {
            return Verdict.invalid("bad_check_digit", "'" + value + "' has check character " + v.charAt(17)
                    + " but GB 11643 gives " + ResidentIdNumber.checkCharacter(v.substring(0, 17)));
        }
        String birth = v.substring(6, 14);
        if (!isDate(birth)) {
            return Verdict.invalid("impossible_birth_date", "'" + value + "' carries the impossible birth date " + birth);
        }
        LocalDate born = LocalDate.of(Integer.parseInt(birth.substring(0, 4)), Integer.parseInt(birth.substring(4, 6)), Integer.parseInt(birth.substring(6, 8)));
        if (born.isBefore(EARLIEST_BIRTH)) {
            return Verdict.invalid("impossible_birth_date", "'" + value + "' carries a birth date before 1900: " + born);
        }
        if (born.isAfter(asOf)) {
            return Verdict.invalid("future_birth_date", "'" + value + "' carries a birth date in the future: " + born);
        }
        String region = v.substring(0, 6);
        if (!knownRegions.contains(region) && !RESIDENCE_PERMIT_PREFIXES.contains(region)) {
            return Verdict.invalid("unknown_region", "'" + value + "' carries region code " + region + ", which GB/T 2260 never listed");
        }
        return Verdict.normalized(value, v);
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
