package org.citylake.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.citylake.pipelines.generate.GenerationResult;
import org.citylake.pipelines.generate.GeneratorOptions;
import org.citylake.pipelines.generate.SourceDataGenerator;
import org.citylake.warehouse.Profile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate realistic department files for Yaohai district, with injected defects:",
                "population_registry.csv (GBK), grid_residents.csv, market_registry.jsonl, certificates.csv (BOM),",
                "places.csv, plus defects.jsonl (file, line, kind, expected outcome) and manifest.json.",
                "The output is byte-for-byte the same for the same seed."},
        footer = {"", "Examples:", "  citylake generate --out /tmp/src",
                "  citylake generate --out /tmp/big --persons 1000000 --seed 7 --defect-rate 0.01"})
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Directory to write the files into (created if missing).")
    Path out;

    @Option(names = "--persons", defaultValue = "20000", description = "Number of persons (default: ${DEFAULT-VALUE}).")
    int persons;

    @Option(names = "--seed", defaultValue = "20260101", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--defect-rate", defaultValue = "0.02", description = "Fraction of rows with one injected defect (default: ${DEFAULT-VALUE}).")
    double defectRate;

    @Override
    public Integer call() {
        GenerationResult r = generate(out, persons, seed, defectRate);
        System.out.println("wrote " + r.rowsByFile().size() + " files and " + r.totalDefects() + " defects to " + r.outDir());
        return 0;
    }

    static GenerationResult generate(Path out, int persons, long seed, double defectRate) {
        GeneratorOptions o = GeneratorOptions.defaults(out.toAbsolutePath(), Profile.home().resolve("conf"))
                .withPersons(persons).withSeed(seed).withDefectRate(defectRate);
        return new SourceDataGenerator(System.out).generate(o);
    }
}
