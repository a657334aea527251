package org.citylake.pipelines.standards;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * GB 32100 unified social credit codes: normalised to half-width upper case without spaces, then
 * the 31-character alphabet, the MOD 31 check character, the embedded GB 11714 organisation code
 * check, the registration authority and its entity type, and the region code (characters 3–8)
 * against GB/T 2260. Codes on the allow-list are valid without any check: a few legitimate codes
 * (early pilots) break the rules, and refusing them would quarantine real enterprises.
 */
public final class CreditCodeStandard implements Standard, Explainable {
    /** Central-government bodies carry 100000 in place of a division code. */
    static final String CENTRAL_GOVERNMENT_REGION = "100000";

    private final Set<String> regions;
    private final Set<String> allowList;

    /**
     * @param knownCountyRegions GB/T 2260 county codes, current ∪ historical; the province and
     *                           city codes above them (ending in 00) are accepted as well, as
     *                           province- and city-level registrations carry those
     */
    public CreditCodeStandard(Set<String> knownCountyRegions, Set<String> allowList) {
        Set<String> r = new HashSet<>(knownCountyRegions);
        for (String county : knownCountyRegions) {
            r.add(county.substring(0, 4) + "00");
            r.add(county.substring(0, 2) + "0000");
        }
        r.add(CENTRAL_GOVERNMENT_REGION);
        this.regions = Set.copyOf(r);
        this.allowList = Set.copyOf(allowList);
    }

    public static CreditCodeStandard of(StandardContext context) {
        return new CreditCodeStandard(context.knownRegions(), context.creditCodeAllowList());
    }

    @Override
    public Verdict apply(String value) {
        String v = normalize(value);
        if (allowList.contains(v)) {
            return Verdict.normalized(value, v);
        }
        if (v.length() != 18) {
            return Verdict.invalid(ReasonCode.BAD_CREDIT_CODE_FORMAT, "'" + value + "' has " + v.length() + " characters, a unified social credit code has 18");
        }
        for (int i = 0; i < 18; i++) {
            if (UnifiedSocialCreditCode.ALPHABET.indexOf(v.charAt(i)) < 0) {
                return Verdict.invalid(ReasonCode.BAD_CREDIT_CODE_FORMAT, "'" + value + "' contains '" + v.charAt(i)
                        + "' at position " + (i + 1) + ", outside the GB 32100 alphabet (no I, O, S, V, Z)");
            }
        }
        if (!UnifiedSocialCreditCode.isValidChecksum(v)) {
            return Verdict.invalid(ReasonCode.BAD_CHECK_DIGIT, "'" + value + "' has check character " + v.charAt(17)
                    + " but GB 32100 gives " + UnifiedSocialCreditCode.checkCharacter(v.substring(0, 17)));
        }
        if (!OrganizationCode.isValid(v.substring(8, 17))) {
            return Verdict.invalid(ReasonCode.BAD_ORGANIZATION_CODE, "'" + value + "' embeds organisation code " + v.substring(8, 17)
                    + " whose GB 11714 check character should be " + OrganizationCode.checkCharacter(v.substring(8, 16)));
        }
        var authority = RegistrationAuthority.ofCode(v.charAt(0));
        if (authority.isEmpty()) {
            return Verdict.invalid(ReasonCode.UNKNOWN_REGISTRATION_AUTHORITY, "'" + value + "' starts with '" + v.charAt(0)
                    + "', which is no GB 32100 registration authority (" + RegistrationAuthority.codes() + ")");
        }
        if (authority.get().entityType(v.charAt(1)).isEmpty()) {
            return Verdict.invalid(ReasonCode.UNKNOWN_ENTITY_TYPE, "'" + value + "' has entity type '" + v.charAt(1) + "', which authority "
                    + v.charAt(0) + " (" + authority.get().title() + ") does not issue (it issues " + authority.get().entityTypeCodes() + ")");
        }
        String region = v.substring(2, 8);
        if (!regions.contains(region)) {
            return Verdict.invalid(ReasonCode.UNKNOWN_REGION, "'" + value + "' carries region code " + region
                    + " (characters 3-8), which GB/T 2260 never listed");
        }
        return Verdict.normalized(value, v);
    }

    @Override
    public String explain(String value) {
        String v = normalize(value);
        if (allowList.contains(v)) {
            return v + " is on the GB 32100 allow-list (conf/" + StandardContext.CREDIT_CODE_ALLOW_LIST + "): valid without checks";
        }
        if (v.length() < 17 || v.substring(0, 17).chars().anyMatch(c -> UnifiedSocialCreditCode.ALPHABET.indexOf(c) < 0)) {
            return "GB 32100 needs 17 characters from " + UnifiedSocialCreditCode.ALPHABET + " before the check character; '" + v + "' has not";
        }
        StringBuilder b = new StringBuilder();
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int val = UnifiedSocialCreditCode.ALPHABET.indexOf(v.charAt(i));
            int w = UnifiedSocialCreditCode.weight(i);
            sum += val * w;
            b.append(i == 0 ? "" : " + ").append(val).append("×").append(w);
        }
        int check = (31 - sum % 31) % 31;
        String authority = RegistrationAuthority.ofCode(v.charAt(0))
                .map(a -> a.title() + "/" + a.entityType(v.charAt(1)).orElse("unknown type " + v.charAt(1)))
                .orElse("unknown authority " + v.charAt(0));
        return "authority/type " + v.substring(0, 2) + " = " + authority + "; region " + v.substring(2, 8)
                + "; organisation code " + v.substring(8, 17) + " (GB 11714 check " + OrganizationCode.checkCharacter(v.substring(8, 16)) + ")"
                + "; Σ = " + b + " = " + sum + "; (31 − " + sum + " mod 31) mod 31 = " + check + " → check character "
                + UnifiedSocialCreditCode.ALPHABET.charAt(check) + (v.length() == 18 ? " (given " + v.charAt(17) + ")" : "");
    }

    private static String normalize(String value) {
        return CharWidth.removeWhitespace(CharWidth.toHalfWidth(value)).toUpperCase(Locale.ROOT);
    }
}
