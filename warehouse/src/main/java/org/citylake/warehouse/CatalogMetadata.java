package org.citylake.warehouse;

import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.SparkSession;
import org.citylake.catalog.metadata.BusinessMetadata;

/**
 * Puts a contract's {@link BusinessMetadata} on an Iceberg table, so a contract change reaches the
 * Hive Metastore and Trino with the next load. Goes through the Iceberg API rather than one
 * {@code ALTER} per column because every statement is a metadata commit: here all column comments
 * are one schema commit and all properties one property commit, and nothing is committed when the
 * table already says what the contract says (a rerun leaves the metadata history untouched).
 */
public final class CatalogMetadata {
    private final SparkSession spark;

    public CatalogMetadata(SparkSession spark) {
        this.spark = spark;
    }

    /** What changed on the table: number of column comments and properties written, keys removed. */
    public record Applied(int comments, int properties, Set<String> removed) {
        public boolean changedAnything() {
            return comments + properties + removed.size() > 0;
        }
    }

    /** Applies {@code metadata} to {@code table} ({@code lake.base.person}); columns the table lacks are skipped. */
    public Applied apply(String table, BusinessMetadata metadata) {
        Table t = load(table);
        int comments = applyColumnComments(t, metadata.columnComments());
        Map<String, String> existing = t.properties();
        Map<String, String> changed = metadata.changedProperties(existing);
        Set<String> stale = metadata.staleKeys(existing);
        boolean commentChanged = !metadata.tableComment().equals(existing.get("comment"));
        if (!changed.isEmpty() || !stale.isEmpty() || commentChanged) {
            UpdateProperties props = t.updateProperties();
            changed.forEach(props::set);
            stale.forEach(props::remove);
            // Iceberg keeps the table comment as the "comment" property; Spark, HMS and Trino all read it there.
            props.set("comment", metadata.tableComment());
            props.commit();
        }
        return new Applied(comments, changed.size() + (commentChanged ? 1 : 0), stale);
    }

    /** Sets the column comments that differ, in one schema commit (none if all match); returns how many changed. */
    public int applyColumnComments(String table, Map<String, String> comments) {
        return applyColumnComments(load(table), comments);
    }

    private static int applyColumnComments(Table t, Map<String, String> wanted) {
        UpdateSchema schema = t.updateSchema();
        int comments = 0;
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            Types.NestedField f = t.schema().findField(e.getKey());
            if (f != null && !e.getValue().equals(f.doc())) {
                schema.updateColumnDoc(e.getKey(), e.getValue());
                comments++;
            }
        }
        if (comments > 0) {
            schema.commit();
        }
        return comments;
    }

    /** The table's properties as the catalog holds them now. */
    public Map<String, String> properties(String table) {
        return load(table).properties();
    }

    private Table load(String table) {
        try {
            return Spark3Util.loadIcebergTable(spark, table);
        } catch (org.apache.spark.sql.catalyst.parser.ParseException | org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalStateException("Cannot load Iceberg table " + table, e);
        }
    }
}
