package org.citylake.warehouse.lineage.atlas;

import org.citylake.catalog.lineage.ColumnNode;
import org.citylake.catalog.lineage.DatasetRef;

/**
 * How citylake names what it publishes to Atlas: every entity is found again by its {@code qualifiedName},
 * which is what makes publishing idempotent. Tables are {@code <db>.<table>@<cluster>}, source files
 * {@code <file>@<cluster>}, columns {@code <db>.<table>.<column>@<cluster>} or {@code <file>:<header>@<cluster>}.
 */
public record AtlasNames(String cluster) {
    public static final String TABLE = "citylake_table";
    public static final String SOURCE_FILE = "citylake_source_file";
    public static final String COLUMN = "citylake_column";
    public static final String PROCESS = "citylake_process";
    public static final String COLUMN_LINEAGE = "citylake_column_lineage";
    public static final String PERSONAL_INFO = "citylake_personal_info";

    public AtlasNames {
        if (cluster == null || cluster.isBlank() || cluster.contains("@")) {
            throw new IllegalArgumentException("atlas.cluster must be a non-empty name without '@', got '" + cluster + "'");
        }
    }

    public String dataset(String name) {
        return name + "@" + cluster;
    }

    public String column(ColumnNode node) {
        return node + "@" + cluster;
    }

    /** {@code load base.person/collect/ods.population_registry@yaohai}: one step of a job, writing one dataset. */
    public String process(String job, String relation, String output) {
        return job + "/" + relation + "/" + output + "@" + cluster;
    }

    /** {@code population_registry.csv:公民身份号码->ods.population_registry.resident_id@yaohai}. */
    public String columnLineage(ColumnNode input, ColumnNode output) {
        return input + "->" + output + "@" + cluster;
    }

    public static String datasetType(DatasetRef.Kind kind) {
        return kind == DatasetRef.Kind.SOURCE_FILE ? SOURCE_FILE : TABLE;
    }

    /** {@code citylake_grade_core} for GB/T 43697 core data, and so on. */
    public static String gradeClassification(org.citylake.catalog.contract.Grade grade) {
        return "citylake_grade_" + grade.code();
    }

    /**
     * Where a lineage target names a column: {@code base.person.resident_id} (three parts) or a file's
     * {@code population_registry.csv:公民身份号码}; {@code base.person} and a bare file name are datasets.
     */
    public String qualifiedNameOf(String target) {
        int colon = target.indexOf(':');
        if (colon > 0) {
            return column(new ColumnNode(DatasetRef.Kind.SOURCE_FILE, target.substring(0, colon), target.substring(colon + 1)));
        }
        return target + "@" + cluster;
    }

    public static boolean isColumnTarget(String target) {
        return target.indexOf(':') > 0 || target.split("\\.").length == 3;
    }
}
