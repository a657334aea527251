package org.citylake.pipelines.standards;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * GB/T 2260 division codes at one level — county (6 digits), street (9) or community (12) — checked
 * for shape and for membership: counties against the current ∪ historical list, streets and
 * communities against the district's directory. Departments often write the name where the code
 * belongs; a street or community name (明光路街道, 填海巷社区, 填海巷社区居委会) is mapped to its
 * code and marked fixed.
 */
public final class DivisionCodeStandard implements Standard {
    public enum Level {
        COUNTY(6, "county"), STREET(9, "street"), COMMUNITY(12, "community");

        final int digits;
        final String word;

        Level(int digits, String word) {
            this.digits = digits;
            this.word = word;
        }
    }

    /** Suffixes that name the office rather than the division; 填海巷社区居委会 and 填海巷社区 are one place. */
    private static final String[] OFFICE_SUFFIXES = {"居民委员会", "村民委员会", "居委会", "村委会", "办事处"};

    private final Level level;
    private final Map<String, String> codeToName;
    private final Set<String> counties;
    private final boolean listed;
    /** Canonical name → code; null where two divisions share a name (then the name maps to nothing). */
    private final HashMap<String, String> nameToCode = new HashMap<>();

    public DivisionCodeStandard(Level level, StandardContext context) {
        this.level = level;
        this.counties = context.knownRegions();
        DivisionDirectory d = context.divisions();
        this.codeToName = level == Level.STREET ? d.streets() : level == Level.COMMUNITY ? d.communities() : Map.of();
        this.listed = level == Level.COUNTY || d.isListed();
        for (Map.Entry<String, String> e : codeToName.entrySet()) {
            String key = canonicalName(e.getValue());
            nameToCode.put(key, nameToCode.containsKey(key) ? null : e.getKey());
        }
    }

    @Override
    public Verdict apply(String value) {
        String v = CharWidth.removeWhitespace(CharWidth.toHalfWidth(value));
        if (v.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) {
            return byName(value, v);
        }
        if (!v.matches("\\d{" + level.digits + "}")) {
            return Verdict.invalid(ReasonCode.BAD_DIVISION_CODE, "'" + value + "' is not a " + level.digits + "-digit GB/T 2260 " + level.word + " code");
        }
        if (listed && !isMember(v)) {
            return Verdict.invalid(ReasonCode.UNKNOWN_DIVISION_CODE, "'" + value + "' has the shape of a " + level.word
                    + " code but " + (level == Level.COUNTY ? "GB/T 2260 never listed it (current or historical)"
                    : "is not among the district's " + codeToName.size() + " " + level.word + " codes"));
        }
        return Verdict.normalized(value, v);
    }

    private boolean isMember(String code) {
        return level == Level.COUNTY ? counties.contains(code) : codeToName.containsKey(code);
    }

    private Verdict byName(String value, String v) {
        if (level == Level.COUNTY) {
            return Verdict.invalid(ReasonCode.BAD_DIVISION_CODE, "'" + value + "' is a name; county columns need the 6-digit GB/T 2260 code");
        }
        String key = canonicalName(v);
        if (nameToCode.containsKey(key) && nameToCode.get(key) == null) {
            return Verdict.invalid(ReasonCode.UNKNOWN_DIVISION_NAME, "'" + value + "' names more than one " + level.word + "; give the code");
        }
        String code = nameToCode.get(key);
        if (code == null) {
            return Verdict.invalid(ReasonCode.UNKNOWN_DIVISION_NAME, "'" + value + "' is not the name of a " + level.word + " of the district"
                    + (listed ? "" : " (no division directory was given to map names)"));
        }
        return Verdict.fixed(code, "mapped from the " + level.word + " name " + codeToName.get(code));
    }

    /**
     * The community-in-street rule: a community's first 9 digits are its street. For records that
     * carry both codes; both already normalised by their standards.
     */
    public static Optional<Mismatch> communityInStreet(String communityCode, String streetCode) {
        if (communityCode == null || streetCode == null || communityCode.length() != 12 || communityCode.startsWith(streetCode)) {
            return Optional.empty();
        }
        return Optional.of(new Mismatch(ReasonCode.COMMUNITY_NOT_IN_STREET, "community_code", "community " + communityCode
                + " belongs to street " + communityCode.substring(0, 9) + ", not to the record's street " + streetCode));
    }

    static String canonicalName(String name) {
        String n = CharWidth.removeWhitespace(name);
        for (String suffix : OFFICE_SUFFIXES) {
            if (n.endsWith(suffix) && n.length() > suffix.length()) {
                return n.substring(0, n.length() - suffix.length());
            }
        }
        return n;
    }
}
