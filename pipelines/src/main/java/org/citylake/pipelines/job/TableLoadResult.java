package org.citylake.pipelines.job;

import java.util.Map;

/**
 * Row accounting of one base table in one batch. Invariant: {@code rowsIn == accepted + quarantined};
 * {@code merged} accepted rows were folded into another source's record of the same key;
 * {@code baseRows} counts the base table on the batch's write-audit-publish {@code branch};
 * {@code changes} says what the batch's change records did (applied per op, superseded, late);
 * {@code historyRows} counts the rows written to the history table (new, closed and ended versions).
 */
public record TableLoadResult(String table, String batchId, long rowsIn, long accepted, long quarantined, long merged,
                              long fixedValues, long baseRows, Map<String, Long> rowsInBySource,
                              Map<String, Long> quarantinedByReason, String branch, ChangeSetResult changes, long historyRows) {
    public boolean balanced() {
        return rowsIn == accepted + quarantined;
    }
}
