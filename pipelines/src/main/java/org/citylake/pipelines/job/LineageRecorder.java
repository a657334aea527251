package org.citylake.pipelines.job;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.citylake.catalog.contract.SourceSpec;
import org.citylake.catalog.contract.TableContract;
import org.citylake.catalog.lineage.DatasetRef;
import org.citylake.catalog.lineage.JobRun;
import org.citylake.catalog.lineage.LoadLineage;
import org.citylake.catalog.lineage.RunLineage;
import org.citylake.pipelines.collect.SourceHeaders;
import org.citylake.pipelines.jdbc.JdbcDelivery;
import org.citylake.warehouse.LakeTables;
import org.citylake.warehouse.lineage.LineageTables;

/**
 * Records the lineage of each base-table load of a batch into {@code governance.lineage_*}: call
 * {@link #started} before the load and {@link #succeeded} or {@link #failed} after. Versions are
 * read after the load: file SHA-256, the snapshot the load left in each ODS table and the base
 * table, and the snapshot of every referenced base table it was checked against.
 */
public final class LineageRecorder {
    private final LakeTables tables;
    private final LineageTables lineage;
    private final String user;
    private final Clock clock;

    public LineageRecorder(LakeTables tables, LineageTables lineage, String user, Clock clock) {
        this.tables = tables;
        this.lineage = lineage;
        this.user = user;
        this.clock = clock;
    }

    /** The job of loading one base table, for one batch, from one input directory. */
    public record Job(TableContract contract, Path input, String batchId, Map<Path, Charset> encodings, List<JdbcDelivery> jdbc,
                      String runId, Instant startedAt) {
        public Job {
            jdbc = List.copyOf(jdbc);
        }

        public String name() {
            return "load " + contract.qualifiedName();
        }
    }

    public Job started(TableContract contract, Path input, String batchId, Map<Path, Charset> encodings) {
        return started(contract, input, batchId, encodings, List.of());
    }

    /** A load that also reads JDBC sources: each becomes an input at its watermark range, e.g. {@code jdbc:market_entity@updated_at (a, b]}. */
    public Job started(TableContract contract, Path input, String batchId, Map<Path, Charset> encodings, List<JdbcDelivery> jdbc) {
        return new Job(contract, input, batchId, encodings, jdbc, UUID.randomUUID().toString(), clock.instant());
    }

    public RunLineage succeeded(Job job, TableLoadResult r) {
        JobRun run = new JobRun(job.runId(), job.name(), job.batchId(), user, job.startedAt(), clock.instant(), JobRun.Status.SUCCEEDED,
                r.rowsIn(), r.accepted(), r.quarantined(), r.baseRows(), null);
        return record(job, run);
    }

    /** Records a failed run with what was delivered; never throws over the job's own failure. */
    public void failed(Job job, RuntimeException cause) {
        JobRun run = new JobRun(job.runId(), job.name(), job.batchId(), user, job.startedAt(), clock.instant(), JobRun.Status.FAILED,
                0, 0, 0, 0, String.valueOf(cause.getMessage()));
        try {
            lineage.append(new RunLineage(run, List.of(), List.of()));
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private RunLineage record(Job job, JobRun run) {
        TableContract c = job.contract();
        List<LoadLineage.Delivery> deliveries = new ArrayList<>();
        for (SourceSpec s : c.sources()) {
            for (Path file : Delivery.filesOf(s, job.input())) {
                if (!job.encodings().containsKey(file)) {
                    continue;   // not part of this batch (an incremental run skipped it as already taken)
                }
                Charset cs = job.encodings().get(file);
                deliveries.add(new LoadLineage.Delivery(s, DatasetRef.file(file.getFileName().toString(), SourceHeaders.sha256(file)),
                        SourceHeaders.of(file, s.format(), cs), DatasetRef.table(s.odsTable(), tables.currentSnapshotId(tables.name(s.odsTable())))));
            }
        }
        for (JdbcDelivery d : job.jdbc()) {
            SourceSpec s = d.source();
            deliveries.add(new LoadLineage.Delivery(s, DatasetRef.source(s.origin(), d.range().describe(d.jdbc().watermarkColumn())),
                    d.columns(), DatasetRef.table(s.odsTable(), tables.currentSnapshotId(tables.name(s.odsTable())))));
        }
        List<DatasetRef> referenced = new ArrayList<>();
        for (String t : c.referencedTables()) {
            String full = tables.name(t);
            referenced.add(DatasetRef.table(t, tables.exists(full) ? tables.currentSnapshotId(full) : java.util.OptionalLong.empty()));
        }
        DatasetRef base = DatasetRef.table(c.qualifiedName(), tables.currentSnapshotId(tables.name(c.qualifiedName())));
        RunLineage l = LoadLineage.of(run, c, deliveries, base, referenced);
        lineage.append(l);
        return l;
    }
}
