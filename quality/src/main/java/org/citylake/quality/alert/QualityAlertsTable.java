package org.citylake.quality.alert;

import java.sql.Timestamp;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * {@code <catalog>.governance.quality_alerts}: one row per alert, with how each webhook delivery went, so a
 * steward can see an alert even when every webhook was down. One commit per report.
 */
public final class QualityAlertsTable {
    static final StructType SCHEMA = StructType.fromDDL("table_name string, batch_id string, rule string, level string, metric double, "
            + "threshold string, message string, raised_at timestamp, delivery string");

    private final SparkSession spark;
    private final String catalog;

    public QualityAlertsTable(SparkSession spark, String catalog) {
        this.spark = Objects.requireNonNull(spark, "spark");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    public String name() {
        return catalog + ".governance.quality_alerts";
    }

    /** {@code delivery} is parallel to {@code alerts}: the outcome of sending each one. */
    public void append(List<Alert> alerts, List<String> delivery) {
        if (alerts.isEmpty()) {
            return;
        }
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + catalog + ".governance");
        spark.sql("CREATE TABLE IF NOT EXISTS " + name() + " (" + SCHEMA.toDDL() + ") USING iceberg"
                + " COMMENT 'failed checks and anomalies, one row per alert, with webhook delivery status'"
                + " TBLPROPERTIES ('format-version'='2', 'citylake.layer'='governance')");
        List<Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            Alert a = alerts.get(i);
            rows.add(RowFactory.create(a.table(), a.batchId(), a.rule(), a.level().code(),
                    a.metric().isPresent() ? a.metric().getAsDouble() : null, a.threshold(), a.message(), Timestamp.from(a.raisedAt()),
                    delivery.get(i)));
        }
        try {
            spark.createDataFrame(rows, SCHEMA).writeTo(name()).append();
        } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalStateException(name() + " vanished between create and append", e);
        }
    }
}
