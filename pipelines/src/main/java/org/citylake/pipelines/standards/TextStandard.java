package org.citylake.pipelines.standards;

/** Free text: trimmed, whitespace collapsed, NUL and other control characters refused. */
public final class TextStandard implements Standard {
    @Override
    public Verdict apply(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return Verdict.invalid(ReasonCode.CONTROL_CHARACTER, "the text contains the control character U+" + String.format("%04X", (int) c));
            }
            if (c == '\uFFFD') {
                return Verdict.invalid(ReasonCode.LOSSY_ENCODING, "the text contains U+FFFD, left by a lossy encoding conversion");
            }
        }
        return Verdict.normalized(value, CharWidth.collapseWhitespace(value));
    }
}
