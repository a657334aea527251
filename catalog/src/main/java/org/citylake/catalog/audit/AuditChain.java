package org.citylake.catalog.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Checks a log's hash chain: each entry hashes to its stored hash and names its predecessor's hash. */
public final class AuditChain {
    /** What a check found: how many entries it read and, if any, where the chain is broken (first break first). */
    public record Verification(int entries, List<String> problems) {
        public Verification {
            problems = List.copyOf(problems);
        }

        public boolean intact() {
            return problems.isEmpty();
        }

        public Verification plus(List<String> more) {
            List<String> all = new ArrayList<>(problems);
            all.addAll(more);
            return new Verification(entries, all);
        }
    }

    private AuditChain() {
    }

    /**
     * Verifies {@code entries} (in any order; they are checked in sequence order). Finds an entry whose
     * content was changed (its hash no longer matches), entries removed or inserted (a gap or a
     * duplicate in the sequence, or a predecessor hash that names another entry) and a reordering.
     * Removing the newest entries leaves a shorter chain that is intact in itself: the stores check
     * that against a head they keep beside the entries (see the Iceberg log's {@code citylake.audit.head}).
     */
    public static Verification verify(List<AuditEntry> entries) {
        List<AuditEntry> sorted = entries.stream().sorted(Comparator.comparingLong(AuditEntry::seq)).toList();
        List<String> problems = new ArrayList<>();
        AuditEntry previous = null;
        for (AuditEntry e : sorted) {
            long expected = previous == null ? 1 : previous.seq() + 1;
            if (previous != null && e.seq() == previous.seq()) {
                problems.add("two entries with seq " + e.seq() + " (" + describe(previous) + "; " + describe(e) + ")");
            } else if (e.seq() != expected) {
                problems.add("entries " + expected + (e.seq() - 1 > expected ? "–" + (e.seq() - 1) : "") + " are missing before " + describe(e));
            }
            if (!e.computedHash().equals(e.hash())) {
                problems.add("entry " + describe(e) + " was changed after it was written: its content no longer hashes to its stored hash");
            }
            String prev = previous == null ? AuditEntry.GENESIS : previous.hash();
            if (!prev.equals(e.prevHash()) && e.seq() == expected) {
                problems.add("entry " + describe(e) + " does not follow " + (previous == null ? "the start of the log" : "entry " + previous.seq())
                        + ": its prev_hash names another entry");
            }
            previous = e;
        }
        return new Verification(sorted.size(), problems);
    }

    static String describe(AuditEntry e) {
        return e.seq() + " (" + e.action() + " at " + e.at() + ")";
    }
}
