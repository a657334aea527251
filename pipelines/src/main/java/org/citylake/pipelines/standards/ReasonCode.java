package org.citylake.pipelines.standards;

/**
 * Why a standard refused (or cross-checked and refused) a value. The {@link #code()} strings are
 * stable: they are stored in quarantine tables, counted in quality reports and searched by
 * operators, so a constant may be added but its code never renamed. {@code docs/reason-codes.md}
 * lists every constant; a test keeps the two in step.
 */
public enum ReasonCode {
    // GB 11643 citizen ID numbers
    BAD_ID_FORMAT("bad_id_format", "not 18 characters (17 digits and a digit or X), nor a 15-digit legacy number"),
    BAD_CHECK_DIGIT("bad_check_digit", "the check character disagrees with the one the standard computes (GB 11643 MOD 11-2, GB 32100 MOD 31)"),
    IMPOSSIBLE_BIRTH_DATE("impossible_birth_date", "the birth date inside a citizen ID number is not a real date, or is before 1900"),
    FUTURE_BIRTH_DATE("future_birth_date", "the birth date inside a citizen ID number is after the run's as-of date"),
    UNKNOWN_REGION("unknown_region", "the region code inside an ID number or credit code was never listed in GB/T 2260"),
    ID_BIRTH_DATE_MISMATCH("id_birth_date_mismatch", "the record's birth date differs from the one the citizen ID number encodes"),
    ID_SEX_MISMATCH("id_sex_mismatch", "the record's sex differs from the one the citizen ID number encodes (17th digit odd = male)"),
    // GB 32100 unified social credit codes and GB 11714 organisation codes
    BAD_CREDIT_CODE_FORMAT("bad_credit_code_format", "not 18 characters of the GB 32100 alphabet (0-9, A-Y without I O S V Z)"),
    UNKNOWN_REGISTRATION_AUTHORITY("unknown_registration_authority", "the first character of a credit code is no GB 32100 registration authority"),
    UNKNOWN_ENTITY_TYPE("unknown_entity_type", "the second character of a credit code is no entity type of its registration authority"),
    BAD_ORGANIZATION_CODE("bad_organization_code", "the GB 11714 organisation code inside a credit code has a wrong check character"),
    BAD_HOLDER_ID("bad_holder_id", "neither a citizen ID number nor a unified social credit code in shape"),
    // GB/T 2260 administrative divisions
    BAD_DIVISION_CODE("bad_division_code", "a division code of the wrong shape (6 digits county, 9 street, 12 community)"),
    UNKNOWN_DIVISION_CODE("unknown_division_code", "a division code of the right shape that the GB/T 2260 dictionaries do not list"),
    UNKNOWN_DIVISION_NAME("unknown_division_name", "a division name that matches no street or community of the district"),
    COMMUNITY_NOT_IN_STREET("community_not_in_street", "a community code whose first 9 digits are not the record's street code"),
    // Dates, numbers, phones, codes
    BAD_DATE("bad_date", "not a date in a known format, or not a real calendar date"),
    BAD_NUMBER("bad_number", "not a decimal number"),
    BAD_PHONE("bad_phone", "neither an 11-digit mobile number nor a fixed line with area code"),
    BAD_SEX_CODE("bad_sex_code", "not a GB/T 2261.1 sex code (0, 1, 2, 9) nor a word for one"),
    // Text and names
    CONTROL_CHARACTER("control_character", "the text contains a control character such as NUL"),
    LOSSY_ENCODING("lossy_encoding", "the text shows a lossy encoding conversion ('?', U+FFFD, 锟斤拷, 烫烫/屯屯)"),
    BAD_NAME("bad_name", "a name without a single letter or Han character (digits or punctuation only)"),
    // Coordinates and geometry
    BAD_COORDINATE("bad_coordinate", "not a number, or outside the valid longitude (−180..180) or latitude (−90..90) range"),
    BAD_COORDINATE_SYSTEM("bad_coordinate_system", "not a coordinate system citylake knows (CGCS2000, WGS 84, GCJ-02, BD-09)"),
    BAD_WKT("bad_wkt", "not parseable as Well-Known Text"),
    INVALID_GEOMETRY("invalid_geometry", "parseable WKT whose geometry is invalid (self-intersection, unclosed ring …), per JTS"),
    // Reading source records (collect)
    ENCODING_ERROR("encoding_error", "a line is not valid in the file's encoding (only when the whole-file pre-flight was bypassed)"),
    WRONG_FIELD_COUNT("wrong_field_count", "a CSV record has more or fewer fields than the header"),
    UNBALANCED_QUOTES("unbalanced_quotes", "a CSV record opens a quote that is never closed"),
    MALFORMED_JSON("malformed_json", "a JSON Lines record is not a JSON object"),
    EMPTY_RECORD("empty_record", "a blank line inside a CSV file"),
    FIELD_TOO_LONG("field_too_long", "a field is longer than 1 MiB characters: no base-library column holds that much; the record is kept whole in quarantine"),
    // Contract rules (cleanse)
    MISSING_REQUIRED("missing_required", "a column the contract declares nullable: false is empty"),
    BAD_TYPE("bad_type", "a standardised value does not fit the column type (e.g. too many decimal places)"),
    PATTERN_MISMATCH("pattern_mismatch", "the value does not match the contract's error-level pattern rule"),
    VALUE_NOT_ALLOWED("value_not_allowed", "the value is not in the contract's error-level allowed_values list"),
    UNKNOWN_CODE("unknown_code", "the value is not in the dictionary an error-level dictionary rule names"),
    OUT_OF_RANGE("out_of_range", "the value lies outside an error-level range rule (e.g. a coordinate outside the district box)"),
    DATE_ORDER_VIOLATION("date_order_violation", "a date_order row rule is broken (e.g. a certificate expires before it was issued)"),
    REFERENCE_NOT_FOUND("reference_not_found", "an exists_in row rule is broken: the referenced record is not in its base table"),
    // Change sets (CDC sources, mode: changes)
    BAD_CHANGE_OP("bad_change_op", "a change record's operation is not I, U or D (insert, update, delete)"),
    BAD_CHANGE_SEQUENCE("bad_change_sequence", "a change record's sequence is missing or not of the kind its source declares (number or timestamp)"),
    // JDBC sources
    JDBC_NULL_WATERMARK("jdbc_null_watermark", "a row read from a JDBC source has no watermark (updated_at or id is NULL), so no incremental load could take it");

    private final String code;
    private final String meaning;

    ReasonCode(String code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The stable snake_case string stored with quarantined rows. */
    public String code() {
        return code;
    }

    /** One line for people: what the code means. */
    public String meaning() {
        return meaning;
    }

    public static ReasonCode ofCode(String code) {
        for (ReasonCode r : values()) {
            if (r.code.equals(code)) {
                return r;
            }
        }
        throw new IllegalArgumentException("No reason code '" + code + "'");
    }
}
