package org.citylake.pipelines.generate;

import java.util.SplittableRandom;

/**
 * Decides, per row of one file, whether the row gets a defect and of which kind: a Bernoulli draw
 * at the defect rate, then a kind by the file's weights. The decision depends only on the seed,
 * the file's stream and the row index, so the generator can ask "is person #i clean in the
 * registry?" long after the registry was written, without remembering.
 */
final class DefectInjector {
    private final long seed;
    private final long stream;
    private final double rate;
    private final WeightedChoice<DefectKind> kinds;

    DefectInjector(long seed, long stream, double rate, WeightedChoice<DefectKind> kinds) {
        this.seed = seed;
        this.stream = stream;
        this.rate = rate;
        this.kinds = kinds;
    }

    /** The defect kind for this row, or null for a clean row. */
    DefectKind draw(long row) {
        if (rate <= 0) {
            return null;
        }
        SplittableRandom r = Seeds.forRow(seed, stream, row);
        return r.nextDouble() < rate ? kinds.pick(r) : null;
    }

    /** A random stream for shaping this row's defect (which character, which bad value …). */
    SplittableRandom shaping(long row) {
        return Seeds.forRow(seed, stream + 1000, row);
    }
}
