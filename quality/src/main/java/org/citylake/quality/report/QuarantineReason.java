package org.citylake.quality.report;

import java.util.List;
import java.util.Objects;

/** One reason code of a table's quarantine: how many rows it holds and a few of them, masked. */
public record QuarantineReason(String code, long rows, List<QuarantineSample> samples) {
    public QuarantineReason {
        Objects.requireNonNull(code, "code");
        samples = List.copyOf(samples);
    }

    public QuarantineReason(String code, long rows) {
        this(code, rows, List.of());
    }
}
