package org.citylake.pipelines.generate;

import java.util.Locale;

/**
 * Kinds of defect the generator injects, each with what a correct cleansing pipeline must do with
 * the row: normalise it ({@code fix}), fold it into another record ({@code merge}) or reject it
 * ({@code quarantine}).
 */
enum DefectKind {
    BAD_CHECK_DIGIT(Expect.QUARANTINE, "bad_check_digit"),
    IMPOSSIBLE_BIRTH_DATE(Expect.QUARANTINE, "impossible_birth_date"),
    FUTURE_BIRTH_DATE(Expect.QUARANTINE, "future_birth_date"),
    UNKNOWN_REGION(Expect.QUARANTINE, "unknown_region"),
    FULLWIDTH_DIGITS(Expect.FIX, null),
    STRAY_SPACES(Expect.FIX, null),
    LOWERCASE_X(Expect.FIX, null),
    LEGACY_15_DIGIT_ID(Expect.FIX, null),
    LOSSY_GBK_NAME(Expect.QUARANTINE, "lossy_encoding"),
    SEX_MISMATCH(Expect.QUARANTINE, "id_sex_mismatch"),
    DUPLICATE_CONFLICTING_ADDRESS(Expect.MERGE, null),
    EXACT_DUPLICATE_ROW(Expect.MERGE, null),
    MISSING_REQUIRED_FIELD(Expect.QUARANTINE, "missing_required"),
    BAD_CREDIT_CODE_CHECK(Expect.QUARANTINE, "bad_check_digit"),
    LOWERCASE_CREDIT_CODE(Expect.FIX, null),
    COORDINATE_OUTSIDE_DISTRICT(Expect.QUARANTINE, "out_of_range"),
    COMMUNITY_NOT_IN_STREET(Expect.QUARANTINE, "community_not_in_street"),
    CERTIFICATE_HOLDER_NOT_FOUND(Expect.QUARANTINE, "reference_not_found"),
    EXPIRY_BEFORE_ISSUE(Expect.QUARANTINE, "date_order_violation"),
    UNKNOWN_STREET_CODE(Expect.QUARANTINE, "unknown_division_code"),
    BAD_DATE(Expect.QUARANTINE, "bad_date");

    enum Expect {
        QUARANTINE, FIX, MERGE;

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Expect expect;
    private final String reason;

    /** @param reason the reason code a correct pipeline quarantines the row with (quarantine kinds only) */
    DefectKind(Expect expect, String reason) {
        this.expect = expect;
        this.reason = reason;
    }

    String reason() {
        return reason;
    }

    Expect expect() {
        return expect;
    }

    /** The snake_case name used in defects.jsonl and reports. */
    String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
