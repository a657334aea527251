package org.citylake.pipelines.standards;

import java.util.Locale;
import java.util.Optional;

/**
 * Geographic coordinate systems departments' coordinates come in. The lake stores CGCS2000; at the
 * scale of a district it coincides with WGS 84 to a few centimetres, so the two are treated alike.
 * GCJ-02 (国测局 "Mars" coordinates: Amap, Tencent) and BD-09 (Baidu) are deliberately offset.
 */
public enum CoordinateSystem {
    CGCS2000("CGCS2000", "cgcs2000", "4490"),
    WGS84("WGS 84", "wgs84", "wgs-84", "4326", "gps"),
    GCJ02("GCJ-02", "gcj02", "gcj-02", "amap", "gaode", "高德", "火星"),
    BD09("BD-09", "bd09", "bd-09", "baidu", "百度");

    private final String label;
    private final String[] aliases;

    CoordinateSystem(String label, String... aliases) {
        this.label = label;
        this.aliases = aliases;
    }

    /** How people write it: "GCJ-02". */
    public String label() {
        return label;
    }

    /** The system a prefix such as "gcj02", "BD-09" or "百度" names; empty when none. */
    public static Optional<CoordinateSystem> parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (CoordinateSystem s : values()) {
            if (s.label.toLowerCase(Locale.ROOT).equals(n)) {
                return Optional.of(s);
            }
            for (String a : s.aliases) {
                if (a.equals(n)) {
                    return Optional.of(s);
                }
            }
        }
        return Optional.empty();
    }
}
