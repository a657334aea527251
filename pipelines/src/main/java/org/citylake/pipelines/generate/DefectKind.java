package org.citylake.pipelines.generate;

import java.util.Locale;

/**
 * Kinds of defect the generator injects, each with what a correct cleansing pipeline must do with
 * the row: normalise it ({@code fix}), fold it into another record ({@code merge}) or reject it
 * ({@code quarantine}).
 */
enum DefectKind {
    BAD_CHECK_DIGIT(Expect.QUARANTINE),
    IMPOSSIBLE_BIRTH_DATE(Expect.QUARANTINE),
    FUTURE_BIRTH_DATE(Expect.QUARANTINE),
    UNKNOWN_REGION(Expect.QUARANTINE),
    FULLWIDTH_DIGITS(Expect.FIX),
    STRAY_SPACES(Expect.FIX),
    LOWERCASE_X(Expect.FIX),
    LEGACY_15_DIGIT_ID(Expect.FIX),
    LOSSY_GBK_NAME(Expect.QUARANTINE),
    SEX_MISMATCH(Expect.QUARANTINE),
    DUPLICATE_CONFLICTING_ADDRESS(Expect.MERGE),
    EXACT_DUPLICATE_ROW(Expect.MERGE),
    MISSING_REQUIRED_FIELD(Expect.QUARANTINE),
    BAD_CREDIT_CODE_CHECK(Expect.QUARANTINE),
    LOWERCASE_CREDIT_CODE(Expect.FIX),
    COORDINATE_OUTSIDE_DISTRICT(Expect.QUARANTINE),
    COMMUNITY_NOT_IN_STREET(Expect.QUARANTINE),
    CERTIFICATE_HOLDER_NOT_FOUND(Expect.QUARANTINE),
    EXPIRY_BEFORE_ISSUE(Expect.QUARANTINE),
    UNKNOWN_STREET_CODE(Expect.QUARANTINE),
    BAD_DATE(Expect.QUARANTINE);

    enum Expect {
        QUARANTINE, FIX, MERGE;

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Expect expect;

    DefectKind(Expect expect) {
        this.expect = expect;
    }

    Expect expect() {
        return expect;
    }

    /** The snake_case name used in defects.jsonl and reports. */
    String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
