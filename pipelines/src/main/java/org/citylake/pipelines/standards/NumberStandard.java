package org.citylake.pipelines.standards;

import java.math.BigDecimal;

/** Decimal numbers as sent, with full-width digits, thousands separators and stray spaces tolerated. */
public final class NumberStandard implements Standard {
    /** Decimal(38, s) is the widest column type; nothing longer can be stored. */
    static final int MAX_DIGITS = 38;

    /**
     * More than {@link #MAX_DIGITS} digits before or after the point once trailing zeros are gone. Such a
     * value fits no column, and its plain text (1e999999999, -1e-999999999) would be a billion characters.
     */
    static boolean tooManyDigits(BigDecimal d) {
        if (d.signum() == 0) {
            return false;
        }
        BigDecimal s = d.stripTrailingZeros();
        return (long) s.precision() - s.scale() > MAX_DIGITS || s.scale() > MAX_DIGITS;
    }

    static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    @Override
    public Verdict apply(String value) {
        String v = CharWidth.removeWhitespace(CharWidth.toHalfWidth(value)).replace(",", "");
        try {
            BigDecimal d = new BigDecimal(v);
            // 1e999999999 is a valid BigDecimal whose plain text is a billion digits: refuse before expanding it.
            if (tooManyDigits(d)) {
                return Verdict.invalid(ReasonCode.BAD_NUMBER, "'" + abbreviate(value) + "' has more than " + MAX_DIGITS
                        + " digits before or after the decimal point");
            }
            return Verdict.normalized(value, d.toPlainString());
        } catch (NumberFormatException e) {
            return Verdict.invalid(ReasonCode.BAD_NUMBER, "'" + value + "' is not a number");
        }
    }
}
