package org.citylake.catalog.contract;

import java.util.Locale;

/** Data grade per GB/T 43697-2024 (数据安全技术 数据分类分级规则): core, important, general. */
public enum Grade {
    CORE("核心数据"),
    IMPORTANT("重要数据"),
    GENERAL("一般数据");

    private final String chinese;

    Grade(String chinese) {
        this.chinese = chinese;
    }

    public String chinese() {
        return chinese;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
