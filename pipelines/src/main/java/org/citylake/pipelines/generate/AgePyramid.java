package org.citylake.pipelines.generate;

import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Ages drawn from five-year bands shaped like China's 2020 census (七普): a bulge at 30–59, a
 * shrinking young base and an ageing tail to about 105. Birth dates never pass the as-of date.
 */
final class AgePyramid {
    /** Share (percent) of the population in bands 0–4, 5–9, …, 95–99, 100–105. */
    private static final double[] BAND_SHARES = {
        5.8, 6.5, 6.0, 5.2, 5.3, 6.6, 8.8, 7.0, 6.6, 8.2, 8.7, 7.2, 5.2, 5.2, 3.6, 2.2, 1.5, 0.8, 0.3, 0.07, 0.01
    };
    private final WeightedChoice<Integer> bands;

    AgePyramid() {
        WeightedChoice.Builder<Integer> builder = WeightedChoice.builder();
        for (int i = 0; i < BAND_SHARES.length; i++) {
            builder.add(i, BAND_SHARES[i]);
        }
        bands = builder.build();
    }

    LocalDate birthDate(SplittableRandom random, LocalDate asOf) {
        int band = bands.pick(random);
        int width = band == BAND_SHARES.length - 1 ? 6 : 5;
        int ageDays = (band * 5) * 365 + random.nextInt(width * 365);
        return asOf.minusDays(ageDays);
    }
}
