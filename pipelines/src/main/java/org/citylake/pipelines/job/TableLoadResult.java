package org.citylake.pipelines.job;

import java.util.Map;

/**
 * Row accounting of one base table in one batch. Invariant: {@code rowsIn == accepted + quarantined};
 * {@code merged} accepted rows were folded into another source's record of the same key;
 * {@code baseRows} counts the base table on the batch's write-audit-publish {@code branch}.
 */
public record TableLoadResult(String table, String batchId, long rowsIn, long accepted, long quarantined, long merged,
                              long fixedValues, long baseRows, Map<String, Long> rowsInBySource,
                              Map<String, Long> quarantinedByReason, String branch) {
    public boolean balanced() {
        return rowsIn == accepted + quarantined;
    }
}
