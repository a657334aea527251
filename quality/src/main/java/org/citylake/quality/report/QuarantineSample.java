package org.citylake.quality.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.citylake.catalog.contract.ColumnContract;
import org.citylake.catalog.contract.TableContract;

/**
 * One quarantined record as the steward's report may show it: where it came from (file and line), the
 * column and contract rule of its first reason, and its contract columns <em>after</em> each column's
 * masking. The only way in is {@link #masked}, so a sample cannot hold a value its contract would hide; the
 * record's original text and the reason's message (which quotes the bad value) are deliberately not kept.
 */
public final class QuarantineSample {
    private final String sourceFile;
    private final long line;
    private final String column;
    private final String rule;
    private final boolean readable;
    private final Map<String, String> values;

    private QuarantineSample(String sourceFile, long line, String column, String rule, boolean readable, Map<String, String> values) {
        this.sourceFile = Objects.requireNonNull(sourceFile, "sourceFile");
        this.line = line;
        this.column = column;
        this.rule = rule;
        this.readable = readable;
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Masks {@code received} (contract column → value as parsed from its source, e.g. the ODS row) with the
     * contract's masking of each column, in contract column order. Values of names the contract does not
     * know are dropped: nothing says how to mask them. {@code readable} is false for a record that could not
     * be parsed (wrong field count, malformed JSON …): it has no column values to show.
     */
    public static QuarantineSample masked(TableContract contract, String sourceFile, long line, String column, String rule,
            boolean readable, Map<String, ?> received) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ColumnContract c : contract.columns()) {
            out.put(c.name(), readable ? ContractMasking.apply(c, received.get(c.name())) : null);
        }
        return new QuarantineSample(sourceFile, line, column, rule, readable, out);
    }

    public String sourceFile() {
        return sourceFile;
    }

    public long line() {
        return line;
    }

    /** Column of the first reason; null for a record-level reason. */
    public String column() {
        return column;
    }

    /** Contract rule of the first reason (standard, required, row rule …). */
    public String rule() {
        return rule;
    }

    public boolean readable() {
        return readable;
    }

    /** Contract column → masked value (null: empty in the source), in contract order. */
    public Map<String, String> values() {
        return values;
    }
}
