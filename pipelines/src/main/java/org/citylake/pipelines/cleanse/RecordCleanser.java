package org.citylake.pipelines.cleanse;

import org.citylake.pipelines.standards.ReasonCode;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.citylake.pipelines.standards.CharWidth;
import org.citylake.pipelines.standards.Coordinate;
import org.citylake.pipelines.standards.CoordinateConverter;
import org.citylake.pipelines.standards.CoordinateSystem;
import org.citylake.pipelines.standards.Verdict;

/**
 * Applies a {@link CleansingPlan} to one record's raw fields: standardise each value, enforce
 * required columns, convert to the column type, then check the row-local error rules. The outcome
 * is either typed values (accepted) or every reason the record was rejected.
 */
public final class RecordCleanser implements Serializable {
    /** Outcome for one record: {@code values} in plan column order when accepted, else the reasons. */
    public record Outcome(Object[] values, List<QuarantineReason> reasons, List<QuarantineReason> findings, int fixedValues) {
        public boolean accepted() {
            return reasons.isEmpty();
        }
    }

    private final CleansingPlan plan;

    public RecordCleanser(CleansingPlan plan) {
        this.plan = plan;
    }

    public Outcome cleanse(Map<String, String> raw) {
        return cleanse(raw, null);
    }

    /**
     * @param declaredCoordinateSystem the source's coordinate system for rows that do not name one
     *     (null: none declared); GCJ-02 and BD-09 coordinates are converted to CGCS2000 first
     */
    public Outcome cleanse(Map<String, String> raw, String declaredCoordinateSystem) {
        int converted = 0;
        if (plan.coordinates() != null && plan.coordinates().convertible()) {
            raw = new java.util.HashMap<>(raw);
            converted = toCgcs2000(raw, declaredCoordinateSystem);
        }
        List<ColumnPlan> cols = plan.columns();
        Object[] values = new Object[cols.size()];
        List<QuarantineReason> reasons = new ArrayList<>(1);
        int fixed = converted;
        for (int i = 0; i < cols.size(); i++) {
            ColumnPlan c = cols.get(i);
            String text = raw.get(c.name());
            if (text == null || text.strip().isEmpty() || text.strip().equalsIgnoreCase("null")) {
                if (!c.nullable()) {
                    reasons.add(QuarantineReason.of(ReasonCode.MISSING_REQUIRED, c.name(), "required", c.name() + " is required but empty"));
                }
                continue;
            }
            Verdict v = c.standard().apply(text);
            if (v.isInvalid()) {
                reasons.add(new QuarantineReason(v.reasonCode(), c.name(), "standard:" + c.standardName(), c.name() + ": " + v.message()));
                continue;
            }
            if (v.status() == Verdict.Status.FIXED) {
                fixed++;
            }
            Object typed;
            try {
                typed = toType(c, v.value());
            } catch (RuntimeException e) {
                reasons.add(QuarantineReason.of(ReasonCode.BAD_TYPE, c.name(), "type", c.name() + " '" + text + "' is not a " + c.kind().name().toLowerCase()));
                continue;
            }
            QuarantineReason broken = null;
            for (ColumnPlan.RowRule rule : c.rules()) {
                broken = rule.check(c.name(), typed);
                if (broken != null) {
                    break;
                }
            }
            if (broken != null) {
                reasons.add(broken);
            } else {
                values[i] = typed; // only values that passed may feed the row checks below
            }
        }
        List<QuarantineReason> findings = new ArrayList<>(0);
        for (RowCheck check : plan.rowChecks()) {
            QuarantineReason r = check.check(values);
            if (r != null) {
                (check.blocking() ? reasons : findings).add(r);
            }
        }
        return new Outcome(values, List.copyOf(reasons), List.copyOf(findings), fixed);
    }

    /**
     * Converts a GCJ-02 / BD-09 longitude-latitude pair to CGCS2000 in place and records the system
     * it came in under the origin column. Values that are not numbers are left for the standards
     * to reject. Returns 1 when a pair was converted.
     */
    private int toCgcs2000(Map<String, String> raw, String declared) {
        CleansingPlan.CoordinateColumns cc = plan.coordinates();
        String named = cc.origin() == null ? null : raw.get(cc.origin());
        String systemText = named != null && !named.isBlank() ? named : declared;
        if (systemText == null) {
            return 0;
        }
        java.util.Optional<CoordinateSystem> system = CoordinateSystem.parse(systemText);
        if (system.isEmpty()) {
            return 0; // the origin column's standard reports it
        }
        if (cc.origin() != null && (named == null || named.isBlank())) {
            raw.put(cc.origin(), system.get().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (system.get() != CoordinateSystem.GCJ02 && system.get() != CoordinateSystem.BD09) {
            return 0;
        }
        try {
            double lon = Double.parseDouble(CharWidth.removeWhitespace(raw.get(cc.longitude())));
            double lat = Double.parseDouble(CharWidth.removeWhitespace(raw.get(cc.latitude())));
            Coordinate c = CoordinateConverter.toCgcs2000(system.get(), new Coordinate(lon, lat));
            raw.put(cc.longitude(), String.format(java.util.Locale.ROOT, "%.7f", c.lon()));
            raw.put(cc.latitude(), String.format(java.util.Locale.ROOT, "%.7f", c.lat()));
            return 1;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    static Object toType(ColumnPlan c, String value) {
        return switch (c.kind()) {
            case STRING -> value;
            case DATE -> LocalDate.parse(value);
            case TIMESTAMP -> java.time.Instant.parse(value);
            case INT -> new BigDecimal(value).intValueExact();
            case BIGINT -> new BigDecimal(value).longValueExact();
            case DOUBLE -> Double.parseDouble(value);
            case BOOLEAN -> switch (value.toLowerCase()) {
                case "true", "1", "是", "y", "yes" -> Boolean.TRUE;
                case "false", "0", "否", "n", "no" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException(value);
            };
            case DECIMAL -> {
                BigDecimal d = new BigDecimal(value);
                BigDecimal scaled = d.setScale(c.scale(), RoundingMode.UNNECESSARY);
                if (scaled.precision() > c.precision()) {
                    throw new ArithmeticException("too many digits");
                }
                yield scaled;
            }
        };
    }
}
