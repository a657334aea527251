package org.citylake.pipelines.jdbc;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.citylake.catalog.contract.ColumnContract;
import org.citylake.catalog.contract.JdbcSource;
import org.citylake.catalog.contract.SourceSpec;
import org.citylake.catalog.contract.TableContract;

/**
 * Reads a JDBC source with Spark's JDBC reader, in two steps: {@link #plan} asks the database for
 * the range to take (row count, highest watermark above the last committed one, the partition key's
 * bounds) and its column names; {@link #read} then reads exactly that range, split into
 * {@code num_partitions} parallel key ranges when the source declares a numeric partition column.
 *
 * <p>Every column is read as the database's own text ({@code CAST(c AS VARCHAR)}), so a value of an
 * unexpected type or a NULL reaches the contract's standards as it is and is quarantined with their
 * reason code; it never fails the read. Identifiers are quoted the ANSI way ({@code "c"}): names
 * are as the database spells them (PostgreSQL: lower case unless created quoted). Tested against
 * PostgreSQL.
 */
public final class JdbcSourceReader {
    /** The partition key as read (native type: Spark splits the read by it); never an ODS column. */
    static final String KEY = "_citylake_key";
    static final int FETCH_SIZE = 10_000;

    private JdbcSourceReader() {
    }

    /**
     * What a collect of {@code source} would take: rows with a watermark above {@code after} (every row
     * when empty), bounded above by the highest watermark now. Empty when there is nothing to take.
     */
    public static Optional<JdbcDelivery> plan(SourceSpec source, JdbcConnection connection, Optional<String> after) {
        JdbcSource jdbc = source.jdbcSource().orElseThrow();
        String wm = quote(jdbc.watermarkColumn());
        String sql = "SELECT COUNT(*), MAX(" + wm + ")"
                + jdbc.partitionColumnName().map(p -> ", MIN(" + quote(p) + "), MAX(" + quote(p) + ")").orElse("")
                + " FROM " + relation(jdbc) + after.map(a -> " WHERE " + wm + " > " + literal(jdbc, a)).orElse("");
        try (Connection c = connection.open(); Statement st = c.createStatement()) {
            List<String> columns = new ArrayList<>();
            try (ResultSet none = st.executeQuery("SELECT * FROM " + relation(jdbc) + " WHERE 1 = 0")) {
                ResultSetMetaData md = none.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    columns.add(md.getColumnLabel(i));
                }
            }
            if (!columns.contains(jdbc.watermarkColumn())) {
                throw new IllegalStateException(source.name() + ": " + jdbc.origin(source.name()) + " has no watermark column '"
                        + jdbc.watermarkColumn() + "' (columns: " + columns + ")");
            }
            try (ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                long rows = rs.getLong(1);
                if (rows == 0) {
                    return Optional.empty();
                }
                Optional<String> upTo = Optional.ofNullable(rs.getString(2));
                OptionalLong min = OptionalLong.empty();
                OptionalLong max = OptionalLong.empty();
                if (jdbc.partitionColumnName().isPresent()) {
                    min = key(rs, 3, source, jdbc);
                    max = key(rs, 4, source, jdbc);
                }
                return Optional.of(new JdbcDelivery(source, connection, new JdbcRange(after, upTo, rows, min, max), columns));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot query the bounds of JDBC source " + source.name() + " (" + jdbc.origin(source.name())
                    + " at " + connection + "): " + e.getMessage(), e);
        }
    }

    private static OptionalLong key(ResultSet rs, int i, SourceSpec source, JdbcSource jdbc) throws SQLException {
        String v = rs.getString(i);
        if (v == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(new BigDecimal(v.strip()).longValueExact());
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalStateException(source.name() + ": partition_column " + jdbc.partitionColumn()
                    + " must be a whole-number column (read splits by its range), got " + v, e);
        }
    }

    /**
     * The delivery's rows as an ODS-shaped dataset ({@code odsSchema}: the contract's columns as text,
     * then {@code _extra}, {@code _batch_id}, {@code _source}, {@code _source_file}, {@code _line},
     * {@code _ingested_at}, {@code _raw}, {@code _parse_error}). A database column maps to a contract
     * column by the contract's aliases, as a file header does; others land in {@code _extra}. The
     * row's {@code _line} is its partition key (else a numeric watermark, else a hash of the row): an
     * identity stable across reruns. A row whose watermark is NULL (only a first or a full read sees one) is
     * quarantined as {@code jdbc_null_watermark}: no incremental load could ever take it again.
     */
    public static Read read(SparkSession spark, TableContract contract, JdbcDelivery d, String batchId, StructType odsSchema) {
        JdbcSource jdbc = d.jdbc();
        String wm = quote(jdbc.watermarkColumn());
        List<String> select = new ArrayList<>();
        for (String c : d.columns()) {
            select.add("CAST(" + quote(c) + " AS VARCHAR) AS " + quote(c));
        }
        jdbc.partitionColumnName().ifPresent(p -> select.add(quote(p) + " AS " + KEY));
        List<String> where = new ArrayList<>();
        d.range().after().ifPresent(a -> where.add(wm + " > " + literal(jdbc, a)));
        if (d.range().upTo().isPresent()) {
            String upTo = wm + " <= " + literal(jdbc, d.range().upTo().get());
            where.add(d.range().incremental() ? upTo : "(" + upTo + " OR " + wm + " IS NULL)");
        } else {
            where.add(wm + " IS NULL");
        }
        String subquery = "(SELECT " + String.join(", ", select) + " FROM " + relation(jdbc) + " WHERE " + String.join(" AND ", where)
                + ") citylake_src";
        DataFrameReader reader = spark.read().format("jdbc").options(d.connection().sparkOptions()).option("dbtable", subquery)
                .option("fetchsize", String.valueOf(FETCH_SIZE));
        int partitions = 1;
        if (jdbc.partitionColumnName().isPresent() && d.range().minKey().isPresent() && jdbc.numPartitions() > 1) {
            long lo = d.range().minKey().getAsLong();
            long hi = d.range().maxKey().getAsLong();
            // Spark makes num_partitions strides over [lower, upper]; the first and last also take anything outside.
            partitions = (int) Math.max(1, Math.min(jdbc.numPartitions(), hi - lo + 1));
            if (partitions > 1) {
                reader = reader.option("partitionColumn", KEY).option("lowerBound", String.valueOf(lo))
                        .option("upperBound", String.valueOf(hi + 1)).option("numPartitions", String.valueOf(partitions));
            }
        }
        Dataset<Row> rows = reader.load();
        return new Read(toOds(contract, d, rows, batchId, odsSchema), partitions);
    }

    /** The ODS rows of a read and how many parallel reads Spark was told to make. */
    public record Read(Dataset<Row> rows, int partitions) {
    }

    private static Dataset<Row> toOds(TableContract contract, JdbcDelivery d, Dataset<Row> rows, String batchId, StructType odsSchema) {
        JdbcSource jdbc = d.jdbc();
        Set<String> mapped = new HashSet<>();
        List<Column> out = new ArrayList<>();
        for (ColumnContract cc : contract.columns()) {
            Optional<String> from = d.columns().stream()
                    .filter(h -> !mapped.contains(h) && contract.columnForHeader(h).map(x -> x.name().equals(cc.name())).orElse(false))
                    .findFirst();
            from.ifPresent(mapped::add);
            out.add(from.map(h -> col(quoteSpark(h))).orElse(lit(null).cast(DataTypes.StringType)).as(cc.name()));
        }
        List<Column> extra = new ArrayList<>();
        for (String h : d.columns()) {
            if (!mapped.contains(h)) {
                extra.add(lit(h));
                extra.add(col(quoteSpark(h)));
            }
        }
        StructField extraField = odsSchema.apply("_extra");
        out.add((extra.isEmpty() ? lit(null).cast(extraField.dataType()) : map(extra.toArray(Column[]::new))).as("_extra"));
        out.add(lit(batchId).as("_batch_id"));
        out.add(lit(d.source().name()).as("_source"));
        out.add(lit(jdbc.origin(d.source().name())).as("_source_file"));
        Column raw = to_json(struct(d.columns().stream().map(h -> col(quoteSpark(h))).toArray(Column[]::new)));
        Column line;
        if (jdbc.partitionColumnName().isPresent()) {
            line = col(KEY).cast(DataTypes.LongType);
        } else if (jdbc.watermarkKind() == JdbcSource.WatermarkKind.NUMBER) {
            line = col(quoteSpark(jdbc.watermarkColumn())).cast(DataTypes.LongType);
        } else {
            line = pmod(xxhash64(raw), lit(Long.MAX_VALUE));
        }
        out.add(line.as("_line"));
        out.add(lit(new java.sql.Timestamp(System.currentTimeMillis())).as("_ingested_at"));
        out.add(raw.as("_raw"));
        out.add(when(col(quoteSpark(jdbc.watermarkColumn())).isNull(), lit(NULL_WATERMARK + ": " + jdbc.watermarkColumn()
                + " is NULL, so no incremental load can take this row; the source must set it on every insert and update"))
                .as("_parse_error"));
        return rows.select(out.toArray(Column[]::new));
    }

    /** The reason code of a row without a watermark (see {@code ReasonCode.JDBC_NULL_WATERMARK}). */
    static final String NULL_WATERMARK = "jdbc_null_watermark";

    static String relation(JdbcSource jdbc) {
        if (jdbc.query() != null) {
            return "(" + jdbc.query() + ") citylake_q";
        }
        List<String> parts = new ArrayList<>();
        for (String p : jdbc.table().split("\\.")) {
            parts.add(quote(p));
        }
        return String.join(".", parts);
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String quoteSpark(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** A watermark value as SQL: a number as is (checked), a timestamp as a string literal the database compares. */
    static String literal(JdbcSource jdbc, String value) {
        if (jdbc.watermarkKind() == JdbcSource.WatermarkKind.NUMBER) {
            return new BigDecimal(value.strip()).toPlainString();
        }
        return "'" + value.replace("'", "''") + "'";
    }
}
