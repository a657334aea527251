package org.citylake.pipelines.generate;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What to generate: where to, from which conf dir (dictionaries), how many persons, which seed,
 * what fraction of rows gets a defect, and the as-of date that stands in for "today" so output
 * never depends on the clock.
 */
public record GeneratorOptions(Path outDir, Path confDir, int persons, long seed, double defectRate, LocalDate asOf) {
    public static final int DEFAULT_PERSONS = 20_000;
    public static final long DEFAULT_SEED = 20260101L;
    public static final double DEFAULT_DEFECT_RATE = 0.02;
    public static final LocalDate DEFAULT_AS_OF = LocalDate.of(2026, 11, 1);

    public GeneratorOptions {
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(confDir, "confDir");
        Objects.requireNonNull(asOf, "asOf");
        if (persons < 100 || persons > 50_000_000) {
            throw new IllegalArgumentException("persons must be 100..50,000,000: " + persons);
        }
        if (defectRate < 0 || defectRate > 0.5) {
            throw new IllegalArgumentException("defect rate must be 0..0.5: " + defectRate);
        }
    }

    public static GeneratorOptions defaults(Path outDir, Path confDir) {
        return new GeneratorOptions(outDir, confDir, DEFAULT_PERSONS, DEFAULT_SEED, DEFAULT_DEFECT_RATE, DEFAULT_AS_OF);
    }

    public GeneratorOptions withPersons(int value) {
        return new GeneratorOptions(outDir, confDir, value, seed, defectRate, asOf);
    }

    public GeneratorOptions withSeed(long value) {
        return new GeneratorOptions(outDir, confDir, persons, value, defectRate, asOf);
    }

    public GeneratorOptions withDefectRate(double value) {
        return new GeneratorOptions(outDir, confDir, persons, seed, value, asOf);
    }

    public GeneratorOptions withAsOf(LocalDate value) {
        return new GeneratorOptions(outDir, confDir, persons, seed, defectRate, value);
    }

    public GeneratorOptions withOutDir(Path value) {
        return new GeneratorOptions(value, confDir, persons, seed, defectRate, asOf);
    }
}
