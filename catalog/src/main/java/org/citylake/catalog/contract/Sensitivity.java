package org.citylake.catalog.contract;

import java.util.Locale;

/**
 * Sensitivity of a column's values. Personal and personal-sensitive follow the Personal Information
 * Protection Law's categories (个人信息 / 敏感个人信息); they drive masking defaults and Atlas classifications.
 */
public enum Sensitivity {
    PUBLIC,
    INTERNAL,
    PERSONAL,
    PERSONAL_SENSITIVE;

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean isPersonal() {
        return this == PERSONAL || this == PERSONAL_SENSITIVE;
    }
}
