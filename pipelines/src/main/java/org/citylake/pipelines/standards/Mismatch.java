package org.citylake.pipelines.standards;

import java.io.Serializable;
import java.util.Objects;

/**
 * Two columns of one record that a standard says must agree, and do not: e.g. a birth date
 * column against the birth date inside the citizen ID number.
 *
 * @param column the column found at odds with the reference column (e.g. {@code birth_date})
 */
public record Mismatch(ReasonCode reason, String column, String message) implements Serializable {
    public Mismatch {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(message, "message");
    }
}
