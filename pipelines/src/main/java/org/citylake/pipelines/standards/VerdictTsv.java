package org.citylake.pipelines.standards;

import java.util.Locale;

/**
 * One verdict as a TSV line: input, verdict (valid|fixed|invalid), normalised value, reason code,
 * message. The format of {@code citylake standardize} and of the golden files, so the two cannot
 * drift. Tabs and line breaks inside fields become spaces; an absent field is empty.
 */
public final class VerdictTsv {
    public static final String HEADER = "input\tverdict\tnormalized\treason\tmessage";

    private VerdictTsv() {
    }

    public static String line(String input, Verdict v) {
        return field(input) + "\t" + v.status().name().toLowerCase(Locale.ROOT) + "\t" + field(v.value()) + "\t"
                + field(v.reasonCode()) + "\t" + field(v.message());
    }

    private static String field(String s) {
        return s == null ? "" : s.replaceAll("[\t\r\n]", " ");
    }
}
