package org.citylake.pipelines.generate;

import java.util.SplittableRandom;

/**
 * Keyed random streams: the random source for (stream, row) depends only on the seed, the stream
 * and the row index. That is what lets the generator re-create person #i when a company needs a
 * legal representative, instead of holding a million persons in memory.
 */
final class Seeds {
    static final long PLACES = 1;
    static final long PLACE_DEFECTS = 2;
    static final long PERSONS = 3;
    static final long REGISTRY_DEFECTS = 4;
    static final long GRID = 5;
    static final long GRID_DEFECTS = 6;
    static final long ENTITIES = 7;
    static final long MARKET_DEFECTS = 8;
    static final long CERTIFICATES = 9;
    static final long CERTIFICATE_DEFECTS = 10;
    static final long CHANGES = 11;

    private Seeds() {
    }

    static SplittableRandom forRow(long seed, long stream, long row) {
        return new SplittableRandom(mix(seed, stream, row));
    }

    /** SplitMix64 finaliser applied twice, so neighbouring rows get unrelated streams. */
    static long mix(long seed, long stream, long row) {
        long z = finalise(seed + stream * 0x9E3779B97F4A7C15L);
        return finalise(z + row * 0xC2B2AE3D27D4EB4FL);
    }

    private static long finalise(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
