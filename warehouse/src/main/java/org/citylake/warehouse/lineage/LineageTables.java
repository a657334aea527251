package org.citylake.warehouse.lineage;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.citylake.catalog.lineage.ColumnEdge;
import org.citylake.catalog.lineage.DatasetEdge;
import org.citylake.catalog.lineage.DatasetRef;
import org.citylake.catalog.lineage.JobRun;
import org.citylake.catalog.lineage.RunLineage;

/**
 * The lineage record in the lake — {@code governance.lineage_runs}, {@code lineage_edges} and
 * {@code lineage_columns} — so the embedded default needs no Atlas. Append-only: a run is never
 * rewritten, a rerun is a new run. The edges and columns of a run are appended before its run row,
 * so a reader that starts from runs never sees a run whose edges are missing.
 */
public final class LineageTables {
    public static final String NAMESPACE = "governance";
    static final StructType RUNS = StructType.fromDDL("run_id string, job string, batch_id string, user_name string, "
            + "started_at timestamp, ended_at timestamp, status string, rows_in bigint, rows_accepted bigint, "
            + "rows_quarantined bigint, rows_out bigint, message string");
    static final StructType EDGES = StructType.fromDDL("run_id string, input_kind string, input_name string, input_version string, "
            + "output_kind string, output_name string, output_version string, relation string");
    static final StructType COLUMNS = StructType.fromDDL("run_id string, output_name string, output_column string, "
            + "input_kind string, input_name string, input_column string, transformation string");

    private final SparkSession spark;
    private final String catalog;

    public LineageTables(SparkSession spark, String catalog) {
        this.spark = spark;
        this.catalog = catalog;
    }

    public String runs() {
        return catalog + "." + NAMESPACE + ".lineage_runs";
    }

    public String edges() {
        return catalog + "." + NAMESPACE + ".lineage_edges";
    }

    public String columns() {
        return catalog + "." + NAMESPACE + ".lineage_columns";
    }

    public void createIfMissing() {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + catalog + "." + NAMESPACE);
        create(runs(), RUNS, "job runs: who ran which job on which batch, when, how it ended, rows moved");
        create(edges(), EDGES, "dataset lineage per run: input (file@sha256, table@snapshot) → output table@snapshot");
        create(columns(), COLUMNS, "column lineage per run: output column ← input column (source header or ods column) via transformation");
    }

    private void create(String table, StructType schema, String comment) {
        spark.sql("CREATE TABLE IF NOT EXISTS " + table + " (" + schema.toDDL() + ") USING iceberg COMMENT '" + comment.replace("'", "''")
                + "' TBLPROPERTIES ('format-version'='2', 'citylake.layer'='governance')");
    }

    public void append(RunLineage l) {
        createIfMissing();
        String id = l.run().runId();
        List<Row> edges = l.datasets().stream().map(e -> RowFactory.create(id, e.input().kind().code(), e.input().name(), e.input().version(),
                e.output().kind().code(), e.output().name(), e.output().version(), e.relation())).toList();
        List<Row> cols = l.columns().stream().map(c -> RowFactory.create(id, c.outputDataset(), c.outputColumn(), c.inputKind().code(),
                c.inputDataset(), c.inputColumn(), c.transformation())).toList();
        JobRun r = l.run();
        write(edges, EDGES, edges());
        write(cols, COLUMNS, columns());
        write(List.of(RowFactory.create(r.runId(), r.job(), r.batchId(), r.user(), Timestamp.from(r.startedAt()), Timestamp.from(r.endedAt()),
                r.status().name(), r.rowsIn(), r.rowsAccepted(), r.rowsQuarantined(), r.rowsOut(), r.message())), RUNS, runs());
    }

    private void write(List<Row> rows, StructType schema, String table) {
        if (rows.isEmpty()) {
            return;
        }
        try {
            spark.createDataFrame(rows, schema).coalesce(1).writeTo(table).append();
        } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalStateException(table + " vanished between create and append", e);
        }
    }

    /** Every run recorded, oldest first. */
    public List<JobRun> readRuns() {
        List<JobRun> out = new ArrayList<>();
        for (Row r : spark.table(runs()).orderBy("started_at").collectAsList()) {
            out.add(new JobRun(r.getString(0), r.getString(1), r.getString(2), r.getString(3), instant(r.get(4)), instant(r.get(5)),
                    JobRun.Status.valueOf(r.getString(6)), r.getLong(7), r.getLong(8), r.getLong(9), r.getLong(10), r.getString(11)));
        }
        return out;
    }

    public List<DatasetEdge> readEdges() {
        List<DatasetEdge> out = new ArrayList<>();
        Dataset<Row> t = spark.table(edges()).select(EDGES.fieldNames()[0], java.util.Arrays.copyOfRange(EDGES.fieldNames(), 1, EDGES.size()));
        for (Row r : t.collectAsList()) {
            out.add(new DatasetEdge(r.getString(0), new DatasetRef(DatasetRef.Kind.ofCode(r.getString(1)), r.getString(2), r.getString(3)),
                    new DatasetRef(DatasetRef.Kind.ofCode(r.getString(4)), r.getString(5), r.getString(6)), r.getString(7)));
        }
        return out;
    }

    public List<ColumnEdge> readColumns() {
        List<ColumnEdge> out = new ArrayList<>();
        Dataset<Row> t = spark.table(columns()).select(COLUMNS.fieldNames()[0], java.util.Arrays.copyOfRange(COLUMNS.fieldNames(), 1, COLUMNS.size()));
        for (Row r : t.collectAsList()) {
            out.add(new ColumnEdge(r.getString(0), r.getString(1), r.getString(2), DatasetRef.Kind.ofCode(r.getString(3)), r.getString(4),
                    r.getString(5), r.getString(6)));
        }
        return out;
    }

    public boolean exists() {
        return spark.catalog().tableExists(runs());
    }

    /** Sessions run with the java.time API (LakeSession) or without it (plain tests): accept both. */
    private static java.time.Instant instant(Object v) {
        return v instanceof Timestamp t ? t.toInstant() : (java.time.Instant) v;
    }
}
