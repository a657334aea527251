package org.citylake.pipelines.standards;

/** GB/T 2261.1 sex codes: 0 未知的性别, 1 男性, 2 女性, 9 未说明的性别; Chinese words map to their code. */
public final class SexCodeStandard implements Standard {
    @Override
    public Verdict apply(String value) {
        String v = CharWidth.removeWhitespace(CharWidth.toHalfWidth(value));
        String code = switch (v) {
            case "1", "男", "男性", "M", "m" -> "1";
            case "2", "女", "女性", "F", "f" -> "2";
            case "0", "未知", "未知的性别" -> "0";
            case "9", "未说明", "未说明的性别" -> "9";
            default -> null;
        };
        return code == null
                ? Verdict.invalid(ReasonCode.BAD_SEX_CODE, "'" + value + "' is not a GB/T 2261.1 sex (男/女/1/2/0/9)")
                : Verdict.normalized(value, code);
    }
}
