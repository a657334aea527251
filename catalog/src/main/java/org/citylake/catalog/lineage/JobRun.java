package org.citylake.catalog.lineage;

import java.time.Instant;
import java.util.Objects;

/**
 * One run of one job (e.g. {@code load base.person} in batch {@code b3f…}): who ran it, when, how it
 * ended and how many rows it moved. Row counts follow the batch invariant {@code in = accepted + quarantined};
 * {@code rowsOut} is the output table's row count after the run.
 */
public record JobRun(String runId, String job, String batchId, String user, Instant startedAt, Instant endedAt,
                     Status status, long rowsIn, long rowsAccepted, long rowsQuarantined, long rowsOut, String message) {
    public enum Status { SUCCEEDED, FAILED }

    public JobRun {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
    }
}
