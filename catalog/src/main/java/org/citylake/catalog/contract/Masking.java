package org.citylake.catalog.contract;

import java.util.Locale;

/**
 * How a column is de-identified when served (GB/T 37964 techniques): suppression, masking of the
 * middle characters, generalisation (e.g. birth date to birth year), or a keyed hash for join keys.
 */
public record Masking(Technique technique, int keepFirst, int keepLast, String generalizeTo) {
    public enum Technique { NONE, MASK, SUPPRESS, GENERALIZE, HASH;
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final Masking NONE = new Masking(Technique.NONE, 0, 0, null);

    public Masking {
        if (keepFirst < 0 || keepLast < 0) {
            throw new IllegalArgumentException("keep_first and keep_last must not be negative");
        }
        if (technique == Technique.GENERALIZE && (generalizeTo == null || generalizeTo.isBlank())) {
            throw new IllegalArgumentException("generalize needs 'to' (year, month, street)");
        }
    }

    /** A short human description for reports and catalog properties, e.g. {@code mask(6,4)}. */
    public String describe() {
        return switch (technique) {
            case MASK -> "mask(" + keepFirst + "," + keepLast + ")";
            case GENERALIZE -> "generalize(" + generalizeTo + ")";
            default -> technique.code();
        };
    }
}
