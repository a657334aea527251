package org.citylake.quality.gate;

import java.time.Instant;
import java.util.List;

/** One decision about one batch of one table: published, held for a steward, or discarded. */
public record Publication(String batchId, String table, String branch, long snapshotId, Status status,
                          List<String> failedChecks, String decidedBy, String reason, Instant decidedAt) {
    public enum Status { PUBLISHED, HELD, DISCARDED;
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Publication {
        failedChecks = List.copyOf(failedChecks);
    }
}
