package org.citylake.pipelines.standards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CoordinateConverterTest {
    // Reference outputs of the widely used coordtransform library for the point (116.404, 39.915).
    static final Coordinate TIANANMEN = new Coordinate(116.404, 39.915);
    static final double EXACT = 1e-9;

    @Test
    void matchesPublishedReferencePairs() {
        Coordinate gcj = CoordinateConverter.wgs84ToGcj02(TIANANMEN);
        assertThat(gcj.lon()).isCloseTo(116.41024449916938, within(EXACT));
        assertThat(gcj.lat()).isCloseTo(39.91640428150164, within(EXACT));
        Coordinate bd = CoordinateConverter.gcj02ToBd09(TIANANMEN);
        assertThat(bd.lon()).isCloseTo(116.41036949371029, within(EXACT));
        assertThat(bd.lat()).isCloseTo(39.92133699351021, within(EXACT));
        Coordinate published = CoordinateConverter.bd09ToGcj02Published(TIANANMEN);
        assertThat(published.lon()).isCloseTo(116.39762729119315, within(EXACT));
        assertThat(published.lat()).isCloseTo(39.90865673957631, within(EXACT));
        // The refined inverse stays within the published formula's own error, and inverts exactly.
        Coordinate refined = CoordinateConverter.bd09ToGcj02(TIANANMEN);
        assertThat(refined.distanceDegrees(published)).isLessThan(2e-5);
        assertThat(CoordinateConverter.gcj02ToBd09(refined).distanceDegrees(TIANANMEN)).isLessThan(1e-9);
    }

    @Test
    void hefeiPointBothWays() {
        Coordinate wgs = new Coordinate(117.305, 31.868);   // near 瑶海区 government, CGCS2000
        Coordinate gcj = CoordinateConverter.fromCgcs2000(CoordinateSystem.GCJ02, wgs);
        // GCJ-02 shifts Hefei a few hundred metres east and south.
        assertThat(gcj.lon() - wgs.lon()).isBetween(0.003, 0.008);
        assertThat(gcj.lat() - wgs.lat()).isBetween(-0.004, -0.001);
        assertThat(CoordinateConverter.toCgcs2000(CoordinateSystem.GCJ02, gcj).distanceDegrees(wgs)).isLessThan(1e-6);
        Coordinate bd = CoordinateConverter.fromCgcs2000(CoordinateSystem.BD09, wgs);
        assertThat(CoordinateConverter.toCgcs2000(CoordinateSystem.BD09, bd).distanceDegrees(wgs)).isLessThan(1e-6);
    }

    @Test
    void roundTripsAcrossTheDistrictAreBelowAMicroDegree() {
        Random r = new Random(4490);
        for (int i = 0; i < 1000; i++) {
            Coordinate wgs = new Coordinate(117.28 + r.nextDouble() * 0.14, 31.84 + r.nextDouble() * 0.11);
            for (CoordinateSystem s : CoordinateSystem.values()) {
                Coordinate back = CoordinateConverter.toCgcs2000(s, CoordinateConverter.fromCgcs2000(s, wgs));
                assertThat(back.distanceDegrees(wgs)).as("%s %s", s, wgs).isLessThan(1e-6);
            }
        }
    }

    @Test
    void outsideChinaNothingMoves() {
        Coordinate paris = new Coordinate(2.35, 48.85);
        assertThat(CoordinateConverter.wgs84ToGcj02(paris)).isEqualTo(paris);
        assertThat(CoordinateConverter.gcj02ToWgs84(paris)).isEqualTo(paris);
    }

    @Test
    void systemNames() {
        assertThat(CoordinateSystem.parse("gcj02")).contains(CoordinateSystem.GCJ02);
        assertThat(CoordinateSystem.parse("BD-09")).contains(CoordinateSystem.BD09);
        assertThat(CoordinateSystem.parse("高德")).contains(CoordinateSystem.GCJ02);
        assertThat(CoordinateSystem.parse("cgcs2000")).contains(CoordinateSystem.CGCS2000);
        assertThat(CoordinateSystem.parse("utm")).isEmpty();
    }
}
