package org.citylake.pipelines.generate;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates the five source files of Yaohai district with injected defects and their ground truth.
 *
 * <p>Order matters: places first (persons live there), then person IDs are resolved to be unique,
 * then the registry, the grid collection, the market registry (representatives are clean registry
 * persons) and certificates (holders are clean persons and entities). Memory stays at one long per
 * person plus the places and entities, because persons are re-derived from their keyed random stream.
 */
public final class SourceDataGenerator {
    static final String DISTRICT_CODE = "340102";
    public static final String DEFECTS_FILE = "defects.jsonl";
    public static final String MANIFEST_FILE = "manifest.json";

    private final PrintStream progress;

    public SourceDataGenerator(PrintStream progress) {
        this.progress = progress;
    }

    public GenerationResult generate(GeneratorOptions options) {
        try {
            return run(options);
        } catch (IOException e) {
            throw new UncheckedIOException("generation failed in " + options.outDir(), e);
        }
    }

    private GenerationResult run(GeneratorOptions options) throws IOException {
        Path out = options.outDir();
        Files.createDirectories(out);
        int persons = options.persons();
        int gridOnly = Math.max(1, (int) Math.round(persons * GridResidentsFile.COVERAGE * 0.04));
        int total = persons + gridOnly;
        progress.printf("citylake generator: %,d persons, seed %d, defect rate %.3f, as of %s -> %s%n",
                persons, options.seed(), options.defectRate(), options.asOf(), out);

        DistrictDivisions divisions = DistrictDivisions.load(options.confDir(), DISTRICT_CODE);
        RegionCodeBook regions = RegionCodeBook.load(options.confDir(), DISTRICT_CODE);
        AddressBook addresses = AddressBook.generate(divisions, Math.max(10, persons / 8), options.seed(),
                DistrictExtent.fromPlaceContract(options.confDir()));
        NameGenerator names = new NameGenerator(Charset.forName("GBK"));
        PersonFactory factory = new PersonFactory(options.seed(), options.asOf(), names, regions, addresses, DISTRICT_CODE);
        DefectInjector registryDefects = new DefectInjector(options.seed(), Seeds.REGISTRY_DEFECTS,
                options.defectRate(), PopulationRegistryFile.defectKinds());
        PersonIndex index = resolveIds(factory, total, persons, registryDefects);

        Map<String, Long> rows = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        Map<String, Integer> defectsByKind;
        try (DefectLedger ledger = new DefectLedger(out.resolve(DEFECTS_FILE))) {
            GenerationContext ctx = new GenerationContext(options, divisions, regions, addresses, factory, index,
                    persons, total, registryDefects, ledger, progress);
            rows.put(PlacesFile.FILE, PlacesFile.write(out.resolve(PlacesFile.FILE), ctx));
            rows.put(PopulationRegistryFile.FILE, PopulationRegistryFile.write(out.resolve(PopulationRegistryFile.FILE), ctx));
            rows.put(GridResidentsFile.FILE, GridResidentsFile.write(out.resolve(GridResidentsFile.FILE), ctx));
            List<MarketRegistryFile.Written> entities =
                    MarketRegistryFile.write(out.resolve(MarketRegistryFile.FILE), ctx, Math.max(10, persons / 10));
            rows.put(MarketRegistryFile.FILE, (long) entities.size() + ledger.countFor(MarketRegistryFile.FILE, DefectKind.EXACT_DUPLICATE_ROW));
            rows.put(CertificatesFile.FILE, CertificatesFile.write(out.resolve(CertificatesFile.FILE), ctx, entities, Math.max(10, persons / 4)));
            defectsByKind = ledger.countsByKind();
        }
        for (String name : rows.keySet()) {
            files.add(out.resolve(name));
        }
        files.add(out.resolve(DEFECTS_FILE));
        Path manifest = out.resolve(MANIFEST_FILE);
        Files.writeString(manifest, manifest(options, rows, defectsByKind) + "\n", StandardCharsets.UTF_8);
        files.add(manifest);
        GenerationResult result = new GenerationResult(out, rows, defectsByKind, files);
        progress.printf("  %-26s %,12d defects%n", DEFECTS_FILE, result.totalDefects());
        return result;
    }

    /**
     * Gives every person a unique ID: keep the drawn sequence if free, otherwise step by two (same
     * sex) to the next free one. A person whose registry row will carry {@code lowercase_x} gets
     * a sequence whose check character is X, so the defect can exist.
     */
    static PersonIndex resolveIds(PersonFactory factory, int total, int registryPersons, DefectInjector registryDefects) {
        PersonIndex index = new PersonIndex(total);
        for (int i = 0; i < total; i++) {
            PersonFactory.IdDraft draft = factory.idDraft(i);
            boolean wantX = i < registryPersons && registryDefects.draw(i) == DefectKind.LOWERCASE_X;
            if (!(wantX && claim(index, i, draft, true)) && !claim(index, i, draft, false)) {
                throw new IllegalStateException("no free ID sequence for person " + i + " born " + draft.birthDate());
            }
        }
        return index;
    }

    private static boolean claim(PersonIndex index, int person, PersonFactory.IdDraft draft, boolean checkMustBeX) {
        for (int step = 0; step < 500; step++) {
            int sequence = (draft.sequence() + 2 * step) % 1000;
            long body = PersonIndex.body(draft.region(), draft.birthDate(), sequence);
            if (checkMustBeX && org.citylake.pipelines.standards.ResidentIdNumber.checkCharacter(PersonIndex.first17(body)) != 'X') {
                continue;
            }
            if (!index.contains(body) && index.claim(person, body)) {
                return true;
            }
        }
        return false;
    }

    private static String manifest(GeneratorOptions o, Map<String, Long> rows, Map<String, Integer> defects) {
        Map<String, String[]> formats = Map.of(
                PlacesFile.FILE, new String[] {"UTF-8", "csv"},
                PopulationRegistryFile.FILE, new String[] {"GBK", "csv"},
                GridResidentsFile.FILE, new String[] {"UTF-8", "csv"},
                MarketRegistryFile.FILE, new String[] {"UTF-8", "jsonl"},
                CertificatesFile.FILE, new String[] {"UTF-8-BOM", "csv"});
        List<Map<String, Object>> files = new ArrayList<>();
        rows.forEach((name, count) -> {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", name);
            f.put("encoding", formats.get(name)[0]);
            f.put("format", formats.get(name)[1]);
            f.put("data_rows", count);
            files.add(f);
        });
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generator", "citylake-source-data-generator");
        m.put("district", DISTRICT_CODE);
        m.put("seed", o.seed());
        m.put("persons", o.persons());
        m.put("defect_rate", o.defectRate());
        m.put("as_of", o.asOf().toString());
        m.put("files", files);
        m.put("defects_file", DEFECTS_FILE);
        m.put("defects_by_kind", new LinkedHashMap<>(defects));
        return JsonText.object(m);
    }

    /** Usage: SourceDataGenerator OUT_DIR CONF_DIR [persons] [seed] [defectRate] [asOf]. */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: SourceDataGenerator OUT_DIR CONF_DIR [persons] [seed] [defectRate] [asOf yyyy-MM-dd]");
            System.exit(2);
        }
        GeneratorOptions o = GeneratorOptions.defaults(Path.of(args[0]), Path.of(args[1]));
        if (args.length > 2) {
            o = o.withPersons(Integer.parseInt(args[2]));
        }
        if (args.length > 3) {
            o = o.withSeed(Long.parseLong(args[3]));
        }
        if (args.length > 4) {
            o = o.withDefectRate(Double.parseDouble(args[4]));
        }
        if (args.length > 5) {
            o = o.withAsOf(LocalDate.parse(args[5]));
        }
        long start = System.nanoTime();
        new SourceDataGenerator(System.out).generate(o);
        System.out.printf("done in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }
}
