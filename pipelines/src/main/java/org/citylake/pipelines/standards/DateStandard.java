package org.citylake.pipelines.standards;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates in the formats departments really send — 2023-01-05, 2023/1/5, 2023.1.5, 20230105,
 * 2023年1月5日 — normalised to ISO 8601. An impossible calendar date (0000-00-00, 2023-02-30)
 * is invalid, never guessed.
 */
public final class DateStandard implements Standard {
    private static final Pattern SEPARATED = Pattern.compile("(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?");
    private static final Pattern COMPACT = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");
    /** Timestamps like 2023-01-05 00:00:00 or 2023-01-05T08:00 keep only their date. */
    private static final Pattern WITH_TIME = Pattern.compile("(.+?)[ T]\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d+)?)?");

    @Override
    public Verdict apply(String value) {
        String v = CharWidth.toHalfWidth(value).strip();
        Matcher t = WITH_TIME.matcher(v);
        if (t.matches()) {
            v = t.group(1).strip();
        }
        Matcher m = SEPARATED.matcher(v);
        if (!m.matches()) {
            m = COMPACT.matcher(v);
            if (!m.matches()) {
                return Verdict.invalid(ReasonCode.BAD_DATE, "'" + value + "' is not a date (expected e.g. 2023-01-05, 2023/1/5, 20230105 or 2023年1月5日)");
            }
        }
        try {
            LocalDate d = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            return Verdict.normalized(value, d.toString());
        } catch (DateTimeException e) {
            return Verdict.invalid(ReasonCode.BAD_DATE, "'" + value + "' is not a real calendar date");
        }
    }

    /** Parses a value this standard already accepted. */
    public static LocalDate parseNormalized(String iso) {
        return LocalDate.parse(iso);
    }
}
