package org.citylake.pipelines.standards;

/**
 * Names of persons and organisations, GB 18030 aware: middle-dot variants become U+00B7 (the dot
 * of minority names such as 买买提·艾力), whitespace is removed between Chinese characters, and a
 * '?' or U+FFFD betrays a lossy GBK conversion of a character GBK lacks — such a name is refused,
 * because the real character cannot be recovered here. A name needs at least one letter or Han
 * character, so "12345" or "---" is refused. Rare characters outside GBK (CJK Extension A such as
 * 䶮, Extension B such as 𠮷, written as surrogate pairs in Java) are valid: GB 18030 has them, and
 * they are exactly the characters lossy pipelines destroy.
 */
public final class PersonNameStandard implements Standard {
    private static final String MIDDLE_DOT_VARIANTS = "•・．‧∙⋅･";
    private final TextStandard text = new TextStandard();
    private final boolean halfWidthLatin;

    /** Full-width Latin letters and digits become half-width (ＡＢＣ → ABC). */
    public PersonNameStandard() {
        this(true);
    }

    /**
     * @param halfWidthLatin whether full-width Latin letters and digits become half-width; off for
     *                       fields whose full-width spelling is itself the registered name
     */
    public PersonNameStandard(boolean halfWidthLatin) {
        this.halfWidthLatin = halfWidthLatin;
    }

    @Override
    public Verdict apply(String value) {
        Verdict t = text.apply(value);
        if (t.isInvalid()) {
            return t;
        }
        String v = t.value();
        if (v.contains("锟斤拷") || v.contains("烫烫") || v.contains("屯屯")) {
            // U+FFFD's UTF-8 bytes read as GBK, and MSVC's uninitialised-memory fill: never a real name.
            return Verdict.invalid(ReasonCode.LOSSY_ENCODING, "the name '" + value + "' contains mojibake (" + (v.contains("锟斤拷") ? "锟斤拷" : "烫烫/屯屯")
                    + ") left by a broken encoding conversion");
        }
        if (v.indexOf('?') >= 0 || v.indexOf('？') >= 0) {
            return Verdict.invalid(ReasonCode.LOSSY_ENCODING, "the name '" + value + "' contains '?', left by a lossy GBK conversion");
        }
        if (v.codePoints().noneMatch(Character::isLetter)) {
            return Verdict.invalid(ReasonCode.BAD_NAME, "the name '" + value + "' has no letter or Chinese character");
        }
        int[] cps = v.codePoints().toArray();
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            boolean inner = i > 0 && i < cps.length - 1;
            if (inner && MIDDLE_DOT_VARIANTS.indexOf(c) >= 0) {
                b.append('\u00B7');
            } else if (inner && c == ' ' && isHan(cps[i - 1]) && isHan(cps[i + 1])) {
                // "张 三" → "张三": spaces between Chinese characters are padding, not part of the name.
                continue;
            } else {
                b.appendCodePoint(c);
            }
        }
        String out = halfWidthLatin ? CharWidth.toHalfWidthLatin(b.toString()) : b.toString();
        return Verdict.normalized(value, out);
    }

    /** Code-point based, so Extension B characters (surrogate pairs) count as Han. */
    private static boolean isHan(int codePoint) {
        return Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.HAN;
    }
}
