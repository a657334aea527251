package org.citylake.pipelines.cleanse;

import java.io.Serializable;
import org.citylake.pipelines.standards.ReasonCode;

/**
 * Why a record was rejected: a stable reason code (what a steward filters on), the column and
 * contract rule involved (empty for record-level problems), and a message a person understands.
 */
public record QuarantineReason(String code, String column, String rule, String message) implements Serializable {
    public static QuarantineReason of(ReasonCode code, String column, String rule, String message) {
        return new QuarantineReason(code.code(), column, rule, message);
    }

    /** Record-level reasons from reading the file; the parse error text is {@code code: message}. */
    public static QuarantineReason fromParseError(String parseError) {
        int colon = parseError.indexOf(':');
        String code = colon > 0 ? parseError.substring(0, colon) : "unreadable_record";
        String message = colon > 0 ? parseError.substring(colon + 1).strip() : parseError;
        return new QuarantineReason(code, "", "read", message);
    }
}
