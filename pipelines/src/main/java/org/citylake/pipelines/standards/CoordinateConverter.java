package org.citylake.pipelines.standards;

/**
 * Conversions between WGS 84/CGCS2000, GCJ-02 and BD-09.
 *
 * <p>WGS 84 → GCJ-02 is the publicly circulated form of the national obfuscation (Krasovsky
 * ellipsoid, a polynomial-and-sine offset of a few hundred metres). It has no closed inverse, so
 * GCJ-02 → WGS 84 iterates the forward transform (fixed-point on the offset) until the error is far
 * below a millimetre. BD-09 is GCJ-02 rotated and shifted by Baidu's published formula; the
 * published inverse is itself only approximate (errors up to about 1e-6°, a decimetre), so
 * {@link #bd09ToGcj02} starts from it and refines the same way. Points outside China are not
 * offset by GCJ-02 and pass unchanged.
 */
public final class CoordinateConverter {
    private static final double A = 6378245.0;                   // Krasovsky 1940 semi-major axis
    private static final double EE = 0.00669342162296594323;     // its first eccentricity squared
    private static final double X_PI = Math.PI * 3000.0 / 180.0; // Baidu's rotation constant
    private static final double CONVERGED = 1e-10;

    private CoordinateConverter() {
    }

    /** Converts {@code c} in {@code from} to CGCS2000 (≈ WGS 84). */
    public static Coordinate toCgcs2000(CoordinateSystem from, Coordinate c) {
        return switch (from) {
            case CGCS2000, WGS84 -> c;
            case GCJ02 -> gcj02ToWgs84(c);
            case BD09 -> gcj02ToWgs84(bd09ToGcj02(c));
        };
    }

    /** Converts CGCS2000 (≈ WGS 84) {@code c} to {@code to}. */
    public static Coordinate fromCgcs2000(CoordinateSystem to, Coordinate c) {
        return switch (to) {
            case CGCS2000, WGS84 -> c;
            case GCJ02 -> wgs84ToGcj02(c);
            case BD09 -> gcj02ToBd09(wgs84ToGcj02(c));
        };
    }

    public static Coordinate wgs84ToGcj02(Coordinate wgs) {
        if (outOfChina(wgs)) {
            return wgs;
        }
        double dLat = transformLat(wgs.lon() - 105.0, wgs.lat() - 35.0);
        double dLon = transformLon(wgs.lon() - 105.0, wgs.lat() - 35.0);
        double radLat = wgs.lat() / 180.0 * Math.PI;
        double magic = Math.sin(radLat);
        magic = 1 - EE * magic * magic;
        double sqrtMagic = Math.sqrt(magic);
        dLat = (dLat * 180.0) / ((A * (1 - EE)) / (magic * sqrtMagic) * Math.PI);
        dLon = (dLon * 180.0) / (A / sqrtMagic * Math.cos(radLat) * Math.PI);
        return new Coordinate(wgs.lon() + dLon, wgs.lat() + dLat);
    }

    /** The iterative inverse: find w with wgs84ToGcj02(w) = gcj. */
    public static Coordinate gcj02ToWgs84(Coordinate gcj) {
        Coordinate w = gcj;
        for (int i = 0; i < 50; i++) {
            Coordinate g = wgs84ToGcj02(w);
            double dLon = g.lon() - gcj.lon();
            double dLat = g.lat() - gcj.lat();
            w = new Coordinate(w.lon() - dLon, w.lat() - dLat);
            if (Math.abs(dLon) < CONVERGED && Math.abs(dLat) < CONVERGED) {
                break;
            }
        }
        return w;
    }

    public static Coordinate gcj02ToBd09(Coordinate gcj) {
        double x = gcj.lon();
        double y = gcj.lat();
        double z = Math.sqrt(x * x + y * y) + 0.00002 * Math.sin(y * X_PI);
        double theta = Math.atan2(y, x) + 0.000003 * Math.cos(x * X_PI);
        return new Coordinate(z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006);
    }

    /** The inverse of {@link #gcj02ToBd09}, refined from the published approximation. */
    public static Coordinate bd09ToGcj02(Coordinate bd) {
        Coordinate g = bd09ToGcj02Published(bd);
        for (int i = 0; i < 20; i++) {
            Coordinate b = gcj02ToBd09(g);
            double dLon = b.lon() - bd.lon();
            double dLat = b.lat() - bd.lat();
            g = new Coordinate(g.lon() - dLon, g.lat() - dLat);
            if (Math.abs(dLon) < CONVERGED && Math.abs(dLat) < CONVERGED) {
                break;
            }
        }
        return g;
    }

    /** Baidu's published closed-form BD-09 → GCJ-02, as other tools compute it; approximate. */
    public static Coordinate bd09ToGcj02Published(Coordinate bd) {
        double x = bd.lon() - 0.0065;
        double y = bd.lat() - 0.006;
        double z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * X_PI);
        double theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * X_PI);
        return new Coordinate(z * Math.cos(theta), z * Math.sin(theta));
    }

    /** The rough rectangle outside which GCJ-02 applies no offset. */
    static boolean outOfChina(Coordinate c) {
        return c.lon() < 72.004 || c.lon() > 137.8347 || c.lat() < 0.8293 || c.lat() > 55.8271;
    }

    private static double transformLat(double x, double y) {
        double ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
        ret += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        ret += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
        ret += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        return ret;
    }

    private static double transformLon(double x, double y) {
        double ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
        ret += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        ret += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
        ret += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        return ret;
    }
}
