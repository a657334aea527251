package org.citylake.quality.score;

import java.util.Locale;

/** The six data quality indicators of GB/T 36344-2018 (信息技术 数据质量评价指标). */
public enum Indicator {
    CONFORMITY("规范性"),
    COMPLETENESS("完整性"),
    ACCURACY("准确性"),
    CONSISTENCY("一致性"),
    TIMELINESS("时效性"),
    ACCESSIBILITY("可访问性");

    private final String chinese;

    Indicator(String chinese) {
        this.chinese = chinese;
    }

    /** The key used in {@code conf/quality/scores.yaml}, e.g. {@code conformity}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String chinese() {
        return chinese;
    }

    /** {@code 规范性 conformity}: how stewards read it. */
    public String label() {
        return chinese + " " + code();
    }

    public static Indicator ofCode(String code) {
        return valueOf(code.trim().toUpperCase(Locale.ROOT));
    }
}
