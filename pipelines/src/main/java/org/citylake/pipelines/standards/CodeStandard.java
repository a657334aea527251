package org.citylake.pipelines.standards;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A code of fixed shape (division codes, sex codes): full-width to half-width, all whitespace
 * removed, upper case, then matched against its shape.
 */
public final class CodeStandard implements Standard {
    private final Pattern shape;
    private final ReasonCode reason;
    private final String expected;

    public CodeStandard(String regex, ReasonCode reason, String expected) {
        this.shape = Pattern.compile(regex);
        this.reason = reason;
        this.expected = expected;
    }

    @Override
    public Verdict apply(String value) {
        String v = CharWidth.removeWhitespace(CharWidth.toHalfWidth(value)).toUpperCase(Locale.ROOT);
        if (!shape.matcher(v).matches()) {
            return Verdict.invalid(reason, "'" + value + "' is not " + expected);
        }
        return Verdict.normalized(value, v);
    }
}
