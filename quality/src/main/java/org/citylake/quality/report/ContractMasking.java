package org.citylake.quality.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.TemporalAccessor;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citylake.catalog.contract.ColumnContract;
import org.citylake.catalog.contract.Masking;

/**
 * De-identifies one value of a quarantine sample row for the steward's report, by the contract's
 * {@code masking} of its column: the same techniques the serving views and the exchange apply, as a pure
 * function (no Spark, no key), because report samples are plain text files that travel by e-mail.
 *
 * <p>Quarantined values are by definition the ones that failed validation: a birth date may be
 * {@code 1990/13/45} or {@code 不详}. Generalisation therefore fails closed: what cannot be generalised is
 * suppressed, never shown as is.
 */
public final class ContractMasking {
    /** Shown instead of a suppressed value, so it is not mistaken for a missing one. */
    public static final String SUPPRESSED = "[suppressed]";
    private static final Pattern YEAR_MONTH = Pattern.compile("^\\s*(\\d{4})(?:[-/.年]?(\\d{1,2}))?");
    private static final Pattern STREET = Pattern.compile("^\\d{9}");

    private ContractMasking() {
    }

    public static String apply(ColumnContract column, Object value) {
        return apply(column.masking(), value);
    }

    /** The value as the report may show it; {@code null} stays {@code null} (except when suppressed). */
    public static String apply(Masking masking, Object value) {
        if (masking.technique() == Masking.Technique.SUPPRESS) {
            return SUPPRESSED;
        }
        if (value == null) {
            return null;
        }
        String text = text(value);
        return switch (masking.technique()) {
            case NONE -> text;
            case MASK -> mask(text, masking.keepFirst(), masking.keepLast());
            case HASH -> sha256(text);
            case GENERALIZE -> generalize(text, masking.generalizeTo());
            case SUPPRESS -> SUPPRESSED;
        };
    }

    /**
     * Keeps the first and last characters and stars the middle, keeping the length (340102********123X), by
     * code point so a Chinese name masks as 张** and not as broken UTF-16. Values too short to keep both ends
     * are starred entirely: a 2-character name with keep_first 1 would otherwise be half shown.
     */
    static String mask(String text, int keepFirst, int keepLast) {
        int[] cp = text.codePoints().toArray();
        StringBuilder out = new StringBuilder();
        if (cp.length <= keepFirst + keepLast) {
            return "*".repeat(cp.length);
        }
        for (int i = 0; i < cp.length; i++) {
            if (i < keepFirst || i >= cp.length - keepLast) {
                out.appendCodePoint(cp[i]);
            } else {
                out.append('*');
            }
        }
        return out.toString();
    }

    /**
     * SHA-256 hex, the digest the exchange writes ({@code sha2(value, 256)}), so a steward can match a
     * sample against a package. Unkeyed: it hides the value from a reader, not from someone who enumerates
     * the value space; the serving views use a keyed HMAC for that.
     */
    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static String generalize(String text, String to) {
        return switch (to.toLowerCase(Locale.ROOT)) {
            case "year" -> {
                Matcher m = YEAR_MONTH.matcher(text);
                yield m.find() ? m.group(1) : SUPPRESSED;
            }
            case "month" -> {
                Matcher m = YEAR_MONTH.matcher(text);
                if (!m.find() || m.group(2) == null) {
                    yield SUPPRESSED;
                }
                int month = Integer.parseInt(m.group(2));
                yield month >= 1 && month <= 12 ? m.group(1) + "-" + String.format(Locale.ROOT, "%02d", month) : SUPPRESSED;
            }
            // GB/T 2260: the first 9 digits of a community code are its street's code.
            case "street" -> STREET.matcher(text).find() ? text.substring(0, 9) : SUPPRESSED;
            default -> throw new IllegalArgumentException("cannot generalize to '" + to + "' (year, month or street)");
        };
    }

    private static String text(Object value) {
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant().toString();
        }
        if (value instanceof TemporalAccessor) {
            return value.toString();
        }
        return String.valueOf(value);
    }
}
