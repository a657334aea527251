package org.citylake.pipelines.standards;

/** Full-width (全角) to half-width (半角) conversion, as GBK-era input methods leave digits and letters full-width. */
public final class CharWidth {
    private CharWidth() {
    }

    public static String toHalfWidth(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char h = c;
            if (c == '\u3000') {
                h = ' ';
            } else if (c >= '\uFF01' && c <= '\uFF5E') {
                h = (char) (c - 0xFEE0);
            }
            if (h != c && b == null) {
                b = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (b != null) {
                b.append(h);
            }
        }
        return b == null ? s : b.toString();
    }

    /** Full-width Latin letters and digits to half-width, leaving full-width punctuation in Chinese text alone. */
    public static String toHalfWidthLatin(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean latin = (c >= '\uFF10' && c <= '\uFF19') || (c >= '\uFF21' && c <= '\uFF3A') || (c >= '\uFF41' && c <= '\uFF5A');
            b.append(latin ? (char) (c - 0xFEE0) : c);
        }
        return b.toString();
    }

    /** Trims and collapses runs of whitespace (including the ideographic space) into one ASCII space. */
    public static String collapseWhitespace(String s) {
        String t = s.replace('\u3000', ' ').replace('\u00A0', ' ').strip();
        return t.replaceAll("\\s+", " ");
    }

    /** Removes every whitespace character; for codes, where no space is ever meaningful. */
    public static String removeWhitespace(String s) {
        return s.replace('\u3000', ' ').replace('\u00A0', ' ').replaceAll("\\s+", "");
    }
}
