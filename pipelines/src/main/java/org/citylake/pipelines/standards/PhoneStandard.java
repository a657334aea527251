package org.citylake.pipelines.standards;

import java.util.regex.Pattern;

/**
 * Chinese phone numbers: 11-digit mobiles (1[3-9]x…, an optional +86/86 prefix dropped) and fixed
 * lines with an area code (0551-xxxxxxx for Hefei), normalised to digits with one hyphen after the
 * area code. A bare 7–8 digit local number is taken as Hefei's (0551).
 */
public final class PhoneStandard implements Standard {
    private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");
    private static final Pattern FIXED = Pattern.compile("(0\\d{2,3})(\\d{7,8})");
    private static final Pattern LOCAL = Pattern.compile("[2-9]\\d{6,7}");
    private static final String HEFEI_AREA_CODE = "0551";

    @Override
    public Verdict apply(String value) {
        String v = CharWidth.toHalfWidth(value).replaceAll("[\\s()\\-（）]", "");
        if (v.startsWith("+86")) {
            v = v.substring(3);
        } else if (v.startsWith("86") && v.length() == 13) {
            v = v.substring(2);
        }
        if (MOBILE.matcher(v).matches()) {
            return Verdict.normalized(value, v);
        }
        var fixed = FIXED.matcher(v);
        if (fixed.matches()) {
            return Verdict.normalized(value, fixed.group(1) + "-" + fixed.group(2));
        }
        if (LOCAL.matcher(v).matches()) {
            return Verdict.normalized(value, HEFEI_AREA_CODE + "-" + v);
        }
        return Verdict.invalid(ReasonCode.BAD_PHONE, "'" + value + "' is neither an 11-digit mobile nor a fixed line with area code");
    }
}
