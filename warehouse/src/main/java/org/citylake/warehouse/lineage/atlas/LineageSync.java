package org.citylake.warehouse.lineage.atlas;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.citylake.catalog.lineage.ColumnEdge;
import org.citylake.catalog.lineage.DatasetEdge;
import org.citylake.catalog.lineage.JobRun;
import org.citylake.catalog.lineage.RunLineage;
import org.citylake.warehouse.lineage.LineageOutbox;
import org.citylake.warehouse.lineage.LineageTables;

/**
 * Delivers the outbox: each pending run's lineage, read back from {@code governance.lineage_*}, is published
 * and marked delivered; a failure is recorded on its row and the run stays pending. When Atlas cannot be
 * reached at all the sync stops at the first run (the rest would only wait out the same timeout), records
 * the failed attempt on every pending run and reports them as still pending. Never throws over Atlas: the report says what happened.
 */
public final class LineageSync {
    /** What one sync did: runs delivered, runs that failed this time, runs still pending after it, and the last error. */
    public record Report(int delivered, int failed, int pending, String lastError) {
        public boolean complete() {
            return pending == 0;
        }
    }

    private final LineageTables lineage;
    private final LineageOutbox outbox;
    private final AtlasPublisher publisher;
    private final Clock clock;

    public LineageSync(LineageTables lineage, LineageOutbox outbox, AtlasPublisher publisher, Clock clock) {
        this.lineage = lineage;
        this.outbox = outbox;
        this.publisher = publisher;
        this.clock = clock;
    }

    public Report run() {
        List<LineageOutbox.Entry> pending = outbox.pending();
        if (pending.isEmpty()) {
            return new Report(0, 0, 0, null);
        }
        Set<String> ids = pending.stream().map(LineageOutbox.Entry::runId).collect(Collectors.toSet());
        Map<String, JobRun> runs = lineage.readRuns().stream().filter(r -> ids.contains(r.runId()))
                .collect(Collectors.toMap(JobRun::runId, r -> r, (a, b) -> a));
        Map<String, List<DatasetEdge>> edges = lineage.readEdges().stream().filter(e -> ids.contains(e.runId()))
                .collect(Collectors.groupingBy(DatasetEdge::runId));
        Map<String, List<ColumnEdge>> columns = lineage.readColumns().stream().filter(c -> ids.contains(c.runId()))
                .collect(Collectors.groupingBy(ColumnEdge::runId));
        int failed = 0;
        String lastError = null;
        List<LineageOutbox.Entry> left = new ArrayList<>(pending);
        List<String> done = new ArrayList<>();
        try {
            for (LineageOutbox.Entry e : pending) {
                JobRun run = runs.get(e.runId());
                try {
                    if (run == null) {
                        throw new IllegalStateException("run " + e.runId() + " is not in " + lineage.runs());
                    }
                    publisher.publish(new RunLineage(run, edges.getOrDefault(e.runId(), List.of()), columns.getOrDefault(e.runId(), List.of())));
                    done.add(e.runId());
                    left.remove(e);
                } catch (RuntimeException ex) {
                    lastError = String.valueOf(ex.getMessage());
                    if (ex instanceof AtlasUnavailableException && lastError.startsWith("Cannot reach")) {
                        // Atlas is down: the rest would fail alike after the same timeout; record one failed attempt for all.
                        outbox.failed(left.stream().map(LineageOutbox.Entry::runId).toList(), clock.instant(), lastError);
                        failed += left.size();
                        break;
                    }
                    failed++;
                    outbox.failed(e.runId(), clock.instant(), lastError);
                }
            }
        } finally {
            // Delivered runs are marked in one commit at the end: a crash before it only means they are published
            // again, which leaves Atlas as it was (entities are matched by qualifiedName).
            outbox.delivered(done, clock.instant());
        }
        int delivered = done.size();
        return new Report(delivered, failed, left.size(), lastError);
    }
}
