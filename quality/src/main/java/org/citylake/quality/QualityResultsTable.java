package org.citylake.quality;

import java.sql.Timestamp;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The history of check results: the Iceberg table {@code <catalog>.governance.quality_results}, one row
 * per rule per verified batch. Each report is appended as one Iceberg commit, so a report is either
 * wholly in the table or not at all, and every snapshot is one verification run.
 *
 * <p>Appending the same batch twice records two runs (distinguished by {@code run_at}); readers that want
 * the latest verdict per batch pick the newest {@code run_at}.
 */
public final class QualityResultsTable {
    public static final String NAMESPACE = "governance";
    public static final String TABLE = "quality_results";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    static final StructType SCHEMA = StructType.fromDDL("table_name string, batch_id string, run_at timestamp, "
            + "column_name string, rule string, level string, status string, metric double, threshold string, "
            + "message string, row_count bigint");

    private final SparkSession spark;
    private final String catalog;

    /** {@code catalog} is a Spark catalog name backed by Iceberg, e.g. {@code lake}. */
    public QualityResultsTable(SparkSession spark, String catalog) {
        this.spark = Objects.requireNonNull(spark, "spark");
        if (!IDENTIFIER.matcher(Objects.requireNonNull(catalog, "catalog")).matches()) {
            throw new IllegalArgumentException("not a catalog name: '" + catalog + "'");
        }
        this.catalog = catalog;
    }

    /** {@code <catalog>.governance.quality_results}. */
    public String name() {
        return catalog + "." + NAMESPACE + "." + TABLE;
    }

    public void createIfMissing() {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + catalog + "." + NAMESPACE);
        spark.sql("CREATE TABLE IF NOT EXISTS " + name() + " (" + SCHEMA.toDDL() + ") USING iceberg "
                + "TBLPROPERTIES ('format-version' = '2')");
    }

    /** Appends every result of {@code report} in one commit; creates the table first if needed. */
    public void append(QualityReport report) {
        createIfMissing();
        Timestamp runAt = Timestamp.from(report.runAt());
        List<Row> rows = report.results().stream().map(r -> RowFactory.create(report.table(), report.batchId(), runAt,
                r.column(), r.rule(), r.level().code(), r.status().name(),
                r.metric().isPresent() ? r.metric().getAsDouble() : null,
                r.threshold(), r.message(), report.rowCount())).toList();
        try {
            spark.createDataFrame(rows, SCHEMA).writeTo(name()).append();
        } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalStateException(name() + " vanished between create and append", e);
        }
    }
}
