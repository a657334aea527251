package org.citylake.warehouse.maintenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What maintenance did to one table — or, for a dry run, what it would do. Counts of a step that
 * did not run (because an earlier step failed) are zero; {@link #failure()} says why it stopped.
 *
 * @param dataFilesRewritten    small data files replaced by compaction (dry run: the candidates)
 * @param dataFilesAdded        data files compaction wrote (dry run: 0, it cannot know)
 * @param deleteFilesRewritten  delete files replaced or applied and removed
 * @param bytesRewritten        bytes of data and delete files read for rewriting
 * @param snapshotsExpired      snapshots removed from the table's history
 * @param orphansRemoved        locations of files no snapshot references, deleted (dry run: to be deleted)
 * @param orphanBytes           their size
 * @param notes                 steps skipped or narrowed, and why (held branches)
 */
public record MaintenanceReport(String table, boolean dryRun, long dataFilesRewritten, long dataFilesAdded,
                                long deleteFilesRewritten, long bytesRewritten, long snapshotsExpired,
                                List<String> orphansRemoved, long orphanBytes, List<String> notes,
                                Optional<String> failure) {
    public MaintenanceReport {
        orphansRemoved = List.copyOf(orphansRemoved);
        notes = List.copyOf(notes);
    }

    public boolean failed() {
        return failure.isPresent();
    }

    /** Lines for a person, one fact each. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(table + (dryRun ? " (dry run: nothing changed)" : ""));
        if (dryRun) {
            out.add(String.format(Locale.ROOT, "  compaction: would consider %d small data files and %d delete files (%s)",
                    dataFilesRewritten, deleteFilesRewritten, bytes(bytesRewritten)));
        } else {
            out.add(String.format(Locale.ROOT, "  compaction: rewrote %d data files into %d, rewrote %d delete files (%s read)",
                    dataFilesRewritten, dataFilesAdded, deleteFilesRewritten, bytes(bytesRewritten)));
        }
        out.add("  snapshots: " + (dryRun ? "would expire " : "expired ") + snapshotsExpired);
        out.add("  orphan files: " + (dryRun ? "would remove " : "removed ") + orphansRemoved.size() + " (" + bytes(orphanBytes) + ")");
        orphansRemoved.forEach(o -> out.add("    " + o));
        notes.forEach(n -> out.add("  note: " + n));
        failure.ifPresent(f -> out.add("  FAILED: " + f));
        return out;
    }

    private static String bytes(long n) {
        return n < 1024 * 1024 ? n + " B" : String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024.0));
    }
}
