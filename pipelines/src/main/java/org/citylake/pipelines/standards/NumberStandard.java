package org.citylake.pipelines.standards;

import java.math.BigDecimal;

/** Decimal numbers as sent, with full-width digits, thousands separators and stray spaces tolerated. */
public final class NumberStandard implements Standard {
    @Override
    public Verdict apply(String value) {
        String v = CharWidth.removeWhitespace(CharWidth.toHalfWidth(value)).replace(",", "");
        try {
            BigDecimal d = new BigDecimal(v);
            return Verdict.normalized(value, d.toPlainString());
        } catch (NumberFormatException e) {
            return Verdict.invalid(ReasonCode.BAD_NUMBER, "'" + value + "' is not a number");
        }
    }
}
