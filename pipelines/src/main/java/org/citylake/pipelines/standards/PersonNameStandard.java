package org.citylake.pipelines.standards;

/**
 * Names of persons and organisations, GB 18030 aware: middle-dot variants become U+00B7 (the dot
 * of minority names such as 买买提·艾力), whitespace is removed between Chinese characters, and a
 * '?' or U+FFFD betrays a lossy GBK conversion of a character GBK lacks — such a name is refused,
 * because the real character cannot be recovered here.
 */
public final class PersonNameStandard implements Standard {
    private static final String MIDDLE_DOT_VARIANTS = "•・．‧∙⋅･";
    private final TextStandard text = new TextStandard();

    @Override
    public Verdict apply(String value) {
        Verdict t = text.apply(value);
        if (t.isInvalid()) {
            return t;
        }
        String v = t.value();
        if (v.contains("锟斤拷") || v.contains("烫烫") || v.contains("屯屯")) {
            // U+FFFD's UTF-8 bytes read as GBK, and MSVC's uninitialised-memory fill: never a real name.
            return Verdict.invalid("lossy_encoding", "the name '" + value + "' contains mojibake (" + (v.contains("锟斤拷") ? "锟斤拷" : "烫烫/屯屯")
                    + ") left by a broken encoding conversion");
        }
        if (v.indexOf('?') >= 0 || v.indexOf('？') >= 0) {
            return Verdict.invalid("lossy_encoding", "the name '" + value + "' contains '?', left by a lossy GBK conversion");
        }
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (MIDDLE_DOT_VARIANTS.indexOf(c) >= 0 && i > 0 && i < v.length() - 1) {
                b.append('\u00B7');
            } else if (c == ' ' && i > 0 && i < v.length() - 1 && isHan(v.charAt(i - 1)) && isHan(v.charAt(i + 1))) {
                // "张 三" → "张三": spaces between Chinese characters are padding, not part of the name.
                continue;
            } else {
                b.append(c);
            }
        }
        return Verdict.normalized(value, CharWidth.toHalfWidthLatin(b.toString()));
    }

    private static boolean isHan(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }
}
