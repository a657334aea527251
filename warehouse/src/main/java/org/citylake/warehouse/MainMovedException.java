package org.citylake.warehouse;

/**
 * A batch cannot be published because another writer published to the same table after this batch was
 * staged: {@code main} is no longer an ancestor of the batch's branch, so a fast-forward would drop the
 * other writer's rows. Nothing of the batch is on {@code main} when this is thrown for a base table; the
 * batch is sound and only needs staging again on the new {@code main} (the pipeline does that itself a
 * few times, then gives up with this message).
 */
public final class MainMovedException extends IllegalStateException {
    private final String table;
    private final String branch;

    public MainMovedException(String table, String branch, long main, long branchHead) {
        super("Cannot publish " + branch + " to " + table + ": main moved to snapshot " + main + " (another load published since this batch"
                + " was staged; branch head " + branchHead + " does not descend from it), so a fast-forward would drop that load's rows."
                + " Nothing of this batch is on main; run the load again to stage it on the new main.");
        this.table = table;
        this.branch = branch;
    }

    public String table() {
        return table;
    }

    public String branch() {
        return branch;
    }
}
