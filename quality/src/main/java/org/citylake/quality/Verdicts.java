package org.citylake.quality;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Formatting shared by the result messages (and the anomaly texts and report of the subpackages). */
public final class Verdicts {
    private Verdicts() {
    }

    /** Up to six decimals, no exponent, no trailing zeros: 0.98, 1, 0.333333. */
    public static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        BigDecimal d = BigDecimal.valueOf(v).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }
}
