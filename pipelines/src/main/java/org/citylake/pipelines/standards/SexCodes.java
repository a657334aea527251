package org.citylake.pipelines.standards;

/** GB/T 2261.1 sex codes, as {@link SexCodeStandard} normalises them. */
public final class SexCodes {
    public static final String UNKNOWN = "0";
    public static final String MALE = "1";
    public static final String FEMALE = "2";
    public static final String UNSTATED = "9";

    private SexCodes() {
    }

    static String describe(String code) {
        return switch (code) {
            case MALE -> "1 男";
            case FEMALE -> "2 女";
            case UNKNOWN -> "0 未知的性别";
            case UNSTATED -> "9 未说明的性别";
            default -> code;
        };
    }
}
