package org.citylake.pipelines.standards;

import java.io.Serializable;
import java.util.Objects;

/**
 * What a standard says about one value: {@code VALID} as given, {@code FIXED} (normalised into a
 * different but equivalent value), or {@code INVALID} with a stable reason code and a message a
 * person understands.
 */
public record Verdict(Status status, String value, String reasonCode, String message) implements Serializable {
    public enum Status { VALID, FIXED, INVALID }

    public Verdict {
        Objects.requireNonNull(status, "status");
        if (status == Status.INVALID && (reasonCode == null || message == null)) {
            throw new IllegalArgumentException("an invalid verdict needs a reason code and a message");
        }
    }

    public static Verdict valid(String value) {
        return new Verdict(Status.VALID, value, null, null);
    }

    /** VALID if nothing changed, FIXED otherwise. */
    public static Verdict normalized(String original, String value) {
        return new Verdict(Objects.equals(original, value) ? Status.VALID : Status.FIXED, value, null, null);
    }

    /** A value normalised into {@code value}, with a note saying what was done (e.g. "converted from GCJ-02"). */
    public static Verdict fixed(String value, String message) {
        return new Verdict(Status.FIXED, value, null, message);
    }

    public static Verdict invalid(ReasonCode reason, String message) {
        return new Verdict(Status.INVALID, null, reason.code(), message);
    }

    public boolean isInvalid() {
        return status == Status.INVALID;
    }
}
