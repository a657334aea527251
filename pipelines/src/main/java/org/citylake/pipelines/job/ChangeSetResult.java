package org.citylake.pipelines.job;

/**
 * What a batch's change records did to a base table. Every accepted change record is counted once:
 * {@code inserted + updated + deleted} were applied; {@code superseded} lost to a later change of the
 * same key in the same batch (or repeated one exactly); {@code ignoredLate} were at or below the
 * sequence the lake already holds for their key (late arrivals and replays).
 */
public record ChangeSetResult(long inserted, long updated, long deleted, long superseded, long ignoredLate) {
    public static final ChangeSetResult NONE = new ChangeSetResult(0, 0, 0, 0, 0);

    public long applied() {
        return inserted + updated + deleted;
    }

    public long received() {
        return applied() + superseded + ignoredLate;
    }

    @Override
    public String toString() {
        return "I " + inserted + ", U " + updated + ", D " + deleted + " applied; " + superseded + " superseded in batch, "
                + ignoredLate + " late or repeated ignored";
    }
}
