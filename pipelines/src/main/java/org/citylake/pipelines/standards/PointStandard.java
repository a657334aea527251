package org.citylake.pipelines.standards;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * A point written as one value, {@code lon,lat}, optionally prefixed by its coordinate system
 * ({@code gcj02:117.3,31.86}, {@code BD-09:…}, {@code 百度:…}). Points in GCJ-02 or BD-09 are
 * converted to CGCS2000 and marked fixed, the message naming the origin system; the result keeps
 * 8 decimals (about a millimetre).
 */
public final class PointStandard implements Standard {
    private static final int SCALE = 8;
    private final CoordinateStandard lon = new CoordinateStandard(CoordinateStandard.Axis.LONGITUDE);
    private final CoordinateStandard lat = new CoordinateStandard(CoordinateStandard.Axis.LATITUDE);

    @Override
    public Verdict apply(String value) {
        String v = CharWidth.toHalfWidth(value).strip();
        CoordinateSystem system = CoordinateSystem.CGCS2000;
        int colon = v.indexOf(':');
        if (colon >= 0) {
            Optional<CoordinateSystem> s = CoordinateSystem.parse(v.substring(0, colon));
            if (s.isEmpty()) {
                return Verdict.invalid(ReasonCode.BAD_COORDINATE, "'" + value + "' names an unknown coordinate system '"
                        + v.substring(0, colon).strip() + "' (CGCS2000, WGS84, GCJ02, BD09)");
            }
            system = s.get();
            v = v.substring(colon + 1).strip();
        }
        String[] parts = v.split("\\s*[,;\\s]\\s*");
        if (parts.length != 2) {
            return Verdict.invalid(ReasonCode.BAD_COORDINATE, "'" + value + "' is not a point 'lon,lat'");
        }
        Verdict x = lon.apply(parts[0]);
        Verdict y = lat.apply(parts[1]);
        if (x.isInvalid() || y.isInvalid()) {
            return Verdict.invalid(ReasonCode.BAD_COORDINATE, "'" + value + "': " + (x.isInvalid() ? x.message() : y.message()));
        }
        if (system == CoordinateSystem.CGCS2000 || system == CoordinateSystem.WGS84) {
            return Verdict.normalized(value, x.value() + "," + y.value());
        }
        Coordinate c = CoordinateConverter.toCgcs2000(system, new Coordinate(Double.parseDouble(x.value()), Double.parseDouble(y.value())));
        return Verdict.fixed(format(c.lon()) + "," + format(c.lat()), "converted from " + system.label() + " to CGCS2000");
    }

    static String format(double degrees) {
        return BigDecimal.valueOf(degrees).setScale(SCALE, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
