package org.citylake.pipelines.standards;

/**
 * Organisation code per GB 11714 (组织机构代码): 8 body characters (digits or upper-case letters)
 * and a check character. Inside a unified social credit code it occupies characters 9–17.
 */
public final class OrganizationCode {
    private static final int[] WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};

    private final String value;

    private OrganizationCode(String value) {
        this.value = value;
    }

    /** Check character for an 8-character body: c = 11 − Σ mod 11; 10 → 'X', 11 → '0'. */
    public static char checkCharacter(CharSequence body) {
        if (body.length() != 8) {
            throw new IllegalArgumentException("organisation code body must have 8 characters: " + body);
        }
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += valueOf(body.charAt(i)) * WEIGHTS[i];
        }
        int c = 11 - sum % 11;
        return c == 10 ? 'X' : c == 11 ? '0' : (char) ('0' + c);
    }

    public static boolean isValid(String code) {
        if (code == null || code.length() != 9) {
            return false;
        }
        for (int i = 0; i < 8; i++) {
            if (valueOf(code.charAt(i)) < 0) {
                return false;
            }
        }
        return checkCharacter(code.subSequence(0, 8)) == code.charAt(8);
    }

    public static OrganizationCode ofBody(String body) {
        for (int i = 0; i < body.length(); i++) {
            if (valueOf(body.charAt(i)) < 0) {
                throw new IllegalArgumentException("organisation code body allows 0-9 and A-Z only: " + body);
            }
        }
        return new OrganizationCode(body + checkCharacter(body));
    }

    public static OrganizationCode parse(String code) {
        if (!isValid(code)) {
            throw new IllegalArgumentException("not a GB 11714 organisation code: " + code);
        }
        return new OrganizationCode(code);
    }

    /** Digits count as themselves, letters A–Z as 10–35; anything else is -1. */
    private static int valueOf(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A' + 10;
        }
        return -1;
    }

    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OrganizationCode other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
