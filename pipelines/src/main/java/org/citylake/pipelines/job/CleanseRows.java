package org.citylake.pipelines.job;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.citylake.catalog.contract.ChangeFeed;
import org.citylake.catalog.contract.ColumnContract;
import org.citylake.catalog.contract.TableContract;
import org.citylake.pipelines.cleanse.CleansingPlan;
import org.citylake.pipelines.cleanse.QuarantineReason;
import org.citylake.pipelines.cleanse.RecordCleanser;
import org.citylake.pipelines.change.ChangeOp;
import org.citylake.pipelines.change.ChangeSequence;
import org.citylake.pipelines.standards.ReasonCode;

/**
 * The cleansing task body: one output row per ODS row, with typed values and every reason the
 * row is rejected ({@code _reasons}) and every non-blocking finding ({@code _findings}).
 *
 * <p>Rows of a change-set source ({@code mode: changes}) also carry their operation and sequence,
 * read from the source's op and sequence fields (kept in ODS {@code _extra}); an I or U row is
 * cleansed like any other record (it is the record's after-image), a D row needs only a valid key.
 */
final class CleanseRows implements MapPartitionsFunction<Row, Row> {
    /** One reason or finding: stable code, column, contract rule, message. */
    static final StructType REASON = DataTypes.createStructType(List.of(
            DataTypes.createStructField("code", DataTypes.StringType, false),
            DataTypes.createStructField("column_name", DataTypes.StringType, true),
            DataTypes.createStructField("rule", DataTypes.StringType, true),
            DataTypes.createStructField("message", DataTypes.StringType, true)));
    static final DataType REASONS = DataTypes.createArrayType(REASON, false);

    private final CleansingPlan plan;
    private final List<String> names;
    private final Map<String, Integer> priority;
    private final Map<String, String> coordinateSystems;
    private final CleansingPlan keyPlan;
    private final List<String> keyNames;
    private final Map<String, ChangeFeed> feeds;

    /**
     * @param coordinateSystems source name → the coordinate system it declares (sources that declare one)
     * @param keyPlan the plan of the key columns alone, for deletes
     * @param feeds source name → its change feed (change-set sources only)
     */
    CleanseRows(CleansingPlan plan, List<String> names, Map<String, Integer> priority, Map<String, String> coordinateSystems,
                CleansingPlan keyPlan, List<String> keyNames, Map<String, ChangeFeed> feeds) {
        this.plan = plan;
        this.names = List.copyOf(names);
        this.priority = new LinkedHashMap<>(priority);
        this.coordinateSystems = new LinkedHashMap<>(coordinateSystems);
        this.keyPlan = keyPlan;
        this.keyNames = List.copyOf(keyNames);
        this.feeds = new LinkedHashMap<>(feeds);
    }

    /** Contract columns (typed), then row metadata, reasons and findings. */
    static StructType schema(TableContract contract) {
        List<StructField> f = new ArrayList<>();
        for (ColumnContract c : contract.columns()) {
            f.add(DataTypes.createStructField(c.name(), BaseLibraryLoad.sparkType(c), true));
        }
        f.add(DataTypes.createStructField("_batch_id", DataTypes.StringType, true));
        f.add(DataTypes.createStructField("_source", DataTypes.StringType, true));
        f.add(DataTypes.createStructField("_source_file", DataTypes.StringType, true));
        f.add(DataTypes.createStructField("_line", DataTypes.LongType, true));
        f.add(DataTypes.createStructField("_priority", DataTypes.IntegerType, true));
        f.add(DataTypes.createStructField("_raw", DataTypes.StringType, true));
        f.add(DataTypes.createStructField("_reasons", REASONS, false));
        f.add(DataTypes.createStructField("_findings", REASONS, false));
        f.add(DataTypes.createStructField("_fixed", DataTypes.IntegerType, false));
        f.add(DataTypes.createStructField("_op", DataTypes.StringType, true));
        f.add(DataTypes.createStructField("_sequence", DataTypes.LongType, true));
        f.add(DataTypes.createStructField("_changed_at", DataTypes.TimestampType, true));
        return DataTypes.createStructType(f);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        RecordCleanser cleanser = new RecordCleanser(plan);
        RecordCleanser keyCleanser = new RecordCleanser(keyPlan);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return input.hasNext();
            }

            @Override
            public Row next() {
                return cleanse(cleanser, keyCleanser, input.next());
            }
        };
    }

    private Row cleanse(RecordCleanser cleanser, RecordCleanser keyCleanser, Row r) {
        int n = names.size();
        Object[] v = new Object[n + 12];
        String source = r.getAs("_source");
        v[n] = r.getAs("_batch_id");
        v[n + 1] = source;
        v[n + 2] = r.getAs("_source_file");
        v[n + 3] = r.getAs("_line");
        v[n + 4] = priority.getOrDefault(source, Integer.MAX_VALUE);
        v[n + 5] = r.getAs("_raw");
        String parseError = r.getAs("_parse_error");
        List<QuarantineReason> reasons;
        List<QuarantineReason> findings = List.of();
        int fixed = 0;
        if (parseError != null) {
            reasons = List.of(QuarantineReason.fromParseError(parseError));
        } else {
            Map<String, String> raw = new LinkedHashMap<>();
            for (String name : names) {
                raw.put(name, r.getAs(name));
            }
            ChangeFeed feed = feeds.get(source);
            List<QuarantineReason> changeReasons = new ArrayList<>();
            ChangeOp op = null;
            if (feed != null) {
                Map<String, String> extra = r.getJavaMap(r.fieldIndex("_extra"));
                String rawOp = extra == null ? null : extra.get(feed.opColumn());
                String rawSeq = extra == null ? null : extra.get(feed.sequenceColumn());
                op = ChangeOp.parse(rawOp).orElse(null);
                if (op == null) {
                    changeReasons.add(QuarantineReason.of(ReasonCode.BAD_CHANGE_OP, "", "change_op",
                            feed.opColumn() + " '" + (rawOp == null ? "" : rawOp) + "' is not I, U or D"));
                }
                java.util.Optional<ChangeSequence> seq = ChangeSequence.parse(rawSeq, feed.sequenceKind());
                if (seq.isEmpty()) {
                    changeReasons.add(QuarantineReason.of(ReasonCode.BAD_CHANGE_SEQUENCE, "", "change_sequence",
                            feed.sequenceColumn() + " '" + (rawSeq == null ? "" : rawSeq) + "' is not a " + feed.sequenceKind().name().toLowerCase(java.util.Locale.ROOT)));
                } else {
                    v[n + 10] = seq.get().value();
                    v[n + 11] = seq.get().changedAt().orElse(null);
                }
                v[n + 9] = op == null ? null : op.code();
            }
            RecordCleanser.Outcome o;
            if (op == ChangeOp.DELETE) {
                // A delete names the record; its other fields may be empty or stale and must not block it.
                Map<String, String> keyRaw = new LinkedHashMap<>();
                keyNames.forEach(k -> keyRaw.put(k, raw.get(k)));
                o = keyCleanser.cleanse(keyRaw, null);
            } else {
                o = cleanser.cleanse(raw, coordinateSystems.get(source));
            }
            reasons = new ArrayList<>(changeReasons);
            reasons.addAll(o.reasons());
            findings = o.findings();
            fixed = o.fixedValues();
            if (reasons.isEmpty()) {
                if (op == ChangeOp.DELETE) {
                    for (int i = 0; i < keyNames.size(); i++) {
                        v[names.indexOf(keyNames.get(i))] = o.values()[i];
                    }
                } else {
                    System.arraycopy(o.values(), 0, v, 0, n);
                }
            }
        }
        if (reasons.isEmpty()) {
            // The text as received is kept for quarantine; an accepted row's is in ODS already, and carrying
            // it through the cached cleanse output would only cost memory in every later stage.
            v[n + 5] = null;
        }
        v[n + 6] = rows(reasons);
        v[n + 7] = rows(findings);
        v[n + 8] = fixed;
        return RowFactory.create(v);
    }

    /** A Java array: what Spark's row encoder takes for an array column. */
    private static Row[] rows(List<QuarantineReason> reasons) {
        Row[] out = new Row[reasons.size()];
        for (int i = 0; i < out.length; i++) {
            QuarantineReason q = reasons.get(i);
            out[i] = RowFactory.create(q.code(), q.column(), q.rule(), q.message());
        }
        return out;
    }
}
