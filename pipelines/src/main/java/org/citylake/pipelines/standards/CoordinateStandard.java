package org.citylake.pipelines.standards;

import java.math.BigDecimal;

/**
 * One CGCS2000 longitude or latitude column: a decimal number within the axis's valid range. The
 * district's box is a contract range rule, not repeated here, so the box lives in one place.
 */
public final class CoordinateStandard implements Standard {
    public enum Axis {
        LONGITUDE("longitude", 180), LATITUDE("latitude", 90);

        final String word;
        final double limit;

        Axis(String word, double limit) {
            this.word = word;
            this.limit = limit;
        }
    }

    private final Axis axis;

    public CoordinateStandard(Axis axis) {
        this.axis = axis;
    }

    @Override
    public Verdict apply(String value) {
        String v = CharWidth.removeWhitespace(CharWidth.toHalfWidth(value)).replace("°", "");
        BigDecimal d;
        try {
            d = new BigDecimal(v);
        } catch (NumberFormatException e) {
            return Verdict.invalid(ReasonCode.BAD_COORDINATE, "'" + value + "' is not a decimal " + axis.word);
        }
        if (NumberStandard.tooManyDigits(d)) {
            return Verdict.invalid(ReasonCode.BAD_COORDINATE, "'" + NumberStandard.abbreviate(value) + "' has more than "
                    + NumberStandard.MAX_DIGITS + " digits before or after the decimal point");
        }
        if (Math.abs(d.doubleValue()) > axis.limit) {
            return Verdict.invalid(ReasonCode.BAD_COORDINATE, "'" + value + "' is outside the valid " + axis.word
                    + " range -" + (int) axis.limit + ".." + (int) axis.limit);
        }
        return Verdict.normalized(value, d.toPlainString());
    }
}
