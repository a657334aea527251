package org.citylake.pipelines.standards;

import java.util.Locale;

/** The name of a coordinate system as departments write it (GCJ-02, 高德, BD-09, 百度, WGS84, CGCS2000), normalised to its code. */
public final class CoordinateSystemStandard implements Standard {
    @Override
    public Verdict apply(String value) {
        return CoordinateSystem.parse(value)
                .map(s -> Verdict.normalized(value, s.name().toLowerCase(Locale.ROOT)))
                .orElseGet(() -> Verdict.invalid(ReasonCode.BAD_COORDINATE_SYSTEM,
                        "'" + value + "' is not a coordinate system citylake knows (CGCS2000, WGS 84, GCJ-02, BD-09)"));
    }
}
