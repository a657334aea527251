package org.citylake.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.SourceSpec;
import org.citylake.catalog.contract.TableContract;
import org.citylake.catalog.dictionary.Dictionaries;
import org.citylake.pipelines.generate.SourceDataGenerator;
import org.citylake.pipelines.job.Progress;
import org.citylake.quality.QualityVerifier;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.SqlText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Benchmarks against baselines measured in the same run (issue 9): each prints its figures and ratios,
 * the peak RSS of every JVM of the stack, and appends them to {@code bench/results/<bench>.csv} with the
 * commit and the machine's facts. Not a test: nothing here passes or fails on time.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure citylake against a baseline in the same run, on generated data (seeded).",
                "Runs on a lake of its own under <state>/bench (wiped first) with HMS and Trino on their own ports",
                "(bench.hms.port 19084, bench.trino.port 18081), stopped at the end. Figures are appended to",
                "bench/results/<bench>.csv. The scripts under bench/ call these."},
        subcommands = {BenchCommand.Load.class, BenchCommand.Incremental.class, BenchCommand.QualityScan.class, BenchCommand.Lookup.class,
                BenchCommand.All.class},
        footer = {"", "Examples:", "  citylake bench load --persons 1000000", "  citylake bench all --persons 100000 --seed 7"})
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Options every benchmark takes. */
    static final class Scale {
        @Option(names = "--persons", defaultValue = "1000000", description = "Persons to generate (default: ${DEFAULT-VALUE}).")
        int persons;

        @Option(names = "--seed", defaultValue = "20260101", description = "Random seed of the generated population (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--defect-rate", defaultValue = "0.02", description = "Share of generated rows with a defect (default: ${DEFAULT-VALUE}).")
        double defectRate;

        @Option(names = "--results", description = "Directory of the results CSV files (default: bench/results under the citylake home).")
        Path results;
    }

    abstract static class Bench implements Callable<Integer> {
        @Mixin
        ProfileOption profile;

        @Mixin
        Scale scale;

        final PrintStream out = System.out;

        abstract List<String> benches();

        @Override
        public Integer call() throws Exception {
            Profile p = profile.load();
            BenchMachine machine = BenchMachine.current(p.homeDir());
            Path results = scale.results != null ? scale.results : p.homeDir().resolve("bench/results");
            out.println("bench  " + String.join(" + ", benches()) + " · " + String.format(Locale.ROOT, "%,d", scale.persons) + " persons, seed "
                    + scale.seed + " · " + machine.describe());
            // Figures taken while other work loads the machine are not comparable; the load is recorded beside them.
            double loadAtStart = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            List<BenchResults> recorded = new ArrayList<>();
            try (BenchStack stack = BenchStack.start(p)) {
                Runner r = new Runner(stack, scale, machine, results, out);
                for (String b : benches()) {
                    recorded.add(switch (b) {
                        case "full-load" -> r.fullLoad();
                        case "incremental" -> r.incremental();
                        case "quality-scan" -> r.qualityScan();
                        case "trino-lookup" -> r.trinoLookup();
                        default -> throw new IllegalStateException(b);
                    });
                }
                Map<String, OptionalLong> rss = stack.peakRss();
                long total = 0;
                out.println();
                out.println("peak RSS (VmHWM) of each JVM:");
                for (Map.Entry<String, OptionalLong> e : rss.entrySet()) {
                    out.printf(Locale.ROOT, "  %-14s %s%n", e.getKey(), e.getValue().isPresent() ? mib(e.getValue().getAsLong()) : "n/a");
                    total += e.getValue().orElse(0);
                }
                out.printf(Locale.ROOT, "  %-14s %s   (budget: 8 GiB for the whole local stack)%n", "total", mib(total));
                for (BenchResults res : recorded) {
                    for (Map.Entry<String, OptionalLong> e : rss.entrySet()) {
                        e.getValue().ifPresent(v -> res.add("peak_rss_" + e.getKey(), v / (1024.0 * 1024), "MiB", ""));
                    }
                    res.add("peak_rss_total", total / (1024.0 * 1024), "MiB", "<= 8192");
                    res.add("load_average_at_start", loadAtStart, "1-min load", "");
                }
            }
            Instant at = Instant.now();
            for (BenchResults res : recorded) {
                out.println("results appended to " + res.append(at));
            }
            return 0;
        }

        static String mib(long bytes) {
            return String.format(Locale.ROOT, "%,8.0f MiB", bytes / (1024.0 * 1024));
        }
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = {"Benchmark 1: the governed full load of base.person (collect, cleanse, quarantine, dedup, Deequ,",
                    "write-audit-publish) against a bare Spark read-CSV → write-Iceberg of the same files. Goal ≤ 1.5×."})
    static final class Load extends Bench {
        @Override
        List<String> benches() {
            return List.of("full-load");
        }
    }

    @Command(name = "incremental", mixinStandardHelpOptions = true,
            description = {"Benchmark 2: a 1 % change set (moves, corrections, deaths, births) loaded incrementally against the",
                    "governed full load of the same population, in one run. Goal ≤ 0.05."})
    static final class Incremental extends Bench {
        @Override
        List<String> benches() {
            return List.of("incremental");
        }
    }

    @Command(name = "quality", mixinStandardHelpOptions = true,
            description = {"Benchmark 3: all of base.person's Deequ checks in one pass against one count(*) scan of the",
                    "same table (Iceberg's metadata count switched off, so it is a scan). Goal ≤ 1.2×."})
    static final class QualityScan extends Bench {
        @Override
        List<String> benches() {
            return List.of("quality-scan");
        }
    }

    @Command(name = "lookup", mixinStandardHelpOptions = true,
            description = {"Benchmark 4: point lookups by resident_id on base.person through Trino JDBC: p50/p95 over",
                    "200 queries after a warm-up, beside SELECT 1 on the same connection. Goal p95 < 150 ms."})
    static final class Lookup extends Bench {
        @Override
        List<String> benches() {
            return List.of("trino-lookup");
        }
    }

    @Command(name = "all", mixinStandardHelpOptions = true,
            description = {"Benchmarks 1 to 4 in one run on one generated population and one stack."})
    static final class All extends Bench {
        @Override
        List<String> benches() {
            return List.of("full-load", "incremental", "quality-scan", "trino-lookup");
        }
    }

    /** The measurements, sharing one stack and one loaded population. */
    static final class Runner {
        private static final int WARM_UP_PERSONS = 2_000;
        private static final int QUALITY_REPEATS = 3;
        private static final int LOOKUPS = 200;
        private static final int LOOKUP_WARM_UP = 30;

        private final BenchStack stack;
        private final Scale scale;
        private final BenchMachine machine;
        private final Path resultsDir;
        private final PrintStream out;
        private final TableContract person;
        private boolean loaded;
        /** The governed full load's time when this run measured one (the incremental benchmark's baseline). */
        private Double governedFullSeconds;
        /** The stage times of the last governed load. */
        private Progress lastProgress;

        Runner(BenchStack stack, Scale scale, BenchMachine machine, Path resultsDir, PrintStream out) {
            this.stack = stack;
            this.scale = scale;
            this.machine = machine;
            this.resultsDir = resultsDir;
            this.out = out;
            this.person = ContractLoader.loadAll(stack.profile.confDir().resolve("contracts")).stream()
                    .filter(c -> c.qualifiedName().equals("base.person")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No contract for base.person under " + stack.profile.confDir()));
        }

        BenchResults fullLoad() {
            Path small = personFiles(WARM_UP_PERSONS);
            Path big = personFiles(scale.persons);
            out.println("\n== full-load: warm-up on " + WARM_UP_PERSONS + " persons (JIT, class loading, first table creation) ==");
            bareLoad(small);
            governedLoad(small);
            stack.dropAllTables();

            out.println("\n== full-load: baseline, bare Spark read-CSV → write-Iceberg of the same files ==");
            double bare = BenchStack.seconds(() -> bareLoad(big));
            out.printf(Locale.ROOT, "baseline  %.1f s%n", bare);
            out.println("\n== full-load: governed, citylake's batch pipeline ==");
            BatchPipeline.Outcome[] outcome = new BatchPipeline.Outcome[1];
            double governed = BenchStack.seconds(() -> outcome[0] = governedLoad(big));
            loaded = true;
            governedFullSeconds = governed;
            long rowsIn = outcome[0].loads().stream().mapToLong(l -> l.rowsIn()).sum();
            double ratio = governed / bare;
            out.printf(Locale.ROOT, "%nfull-load  %,d source rows · bare %.1f s · governed %.1f s · ratio %.2f× (goal ≤ 1.5×) · %,.0f rows/s governed · published: %s%n",
                    rowsIn, bare, governed, ratio, rowsIn / governed, outcome[0].allPublished());
            BenchResults results = new BenchResults(resultsDir, "full-load", machine, scale.persons, scale.seed)
                    .add("source_rows", rowsIn, "rows", "")
                    .add("bare_seconds", bare, "s", "")
                    .add("governed_seconds", governed, "s", "")
                    .add("governed_over_bare", ratio, "ratio", "<= 1.5");
            // Where the governed time went (wall time per pipeline stage, as 'citylake load' prints it).
            lastProgress.stageTimes().forEach((stage, d) -> results.add("stage_" + stage + "_seconds", d.toNanos() / 1e9, "s", ""));
            return results;
        }

        BenchResults incremental() {
            if (governedFullSeconds == null) {
                Path big = personFiles(scale.persons);
                out.println("\n== incremental: warm-up on " + WARM_UP_PERSONS + " persons ==");
                governedLoad(personFiles(WARM_UP_PERSONS));
                stack.dropAllTables();
                out.println("\n== incremental: baseline, the governed full load ==");
                governedFullSeconds = BenchStack.seconds(() -> governedLoad(big));
                loaded = true;
            }
            Path changes = stack.dataDir.resolve("changes-" + scale.persons + "-seed-" + scale.seed);
            org.citylake.warehouse.FileTrees.delete(changes);
            org.citylake.pipelines.generate.ChangeSetGenerator.Summary summary = new org.citylake.pipelines.generate.ChangeSetGenerator(out)
                    .generate(org.citylake.pipelines.generate.GeneratorOptions.defaults(changes, stack.profile.confDir())
                            .withPersons(scale.persons).withSeed(scale.seed).withDefectRate(scale.defectRate), 0.01,
                            Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            out.println("\n== incremental: the 1 % change set, loaded incrementally ==");
            BatchPipeline.Outcome[] outcome = new BatchPipeline.Outcome[1];
            double incremental = BenchStack.seconds(() -> {
                outcome[0] = BatchPipeline.run(stack.profile, stack.spark, changes, new Progress(out), org.citylake.pipelines.job.LoadMode.INCREMENTAL);
            });
            if (!outcome[0].allPublished()) {
                throw new IllegalStateException("The incremental batch was not published (" + outcome[0].publications() + ")");
            }
            long rows = outcome[0].loads().stream().mapToLong(l -> l.rowsIn()).sum();
            double ratio = incremental / governedFullSeconds;
            out.printf(Locale.ROOT, "%nincremental  %,d change rows (%s) · full %.1f s · incremental %.1f s · ratio %.3f (goal ≤ 0.05)%n",
                    rows, summary.byKind(), governedFullSeconds, incremental, ratio);
            return new BenchResults(resultsDir, "incremental", machine, scale.persons, scale.seed)
                    .add("change_rows", rows, "rows", "")
                    .add("full_governed_seconds", governedFullSeconds, "s", "")
                    .add("incremental_seconds", incremental, "s", "")
                    .add("incremental_over_full", ratio, "ratio", "<= 0.05");
        }

        BenchResults qualityScan() {
            ensureLoaded();
            String table = stack.catalog + ".base.person";
            Dictionaries dictionaries = Dictionaries.load(stack.profile.confDir());
            QualityVerifier verifier = new QualityVerifier(dictionaries, name -> Optional.of(stack.spark.table(stack.catalog + "." + name)));
            LocalDate asOf = LocalDate.now(ZoneId.of("Asia/Shanghai"));
            // Iceberg answers count(*) from manifest statistics unless told not to; the baseline must be a scan.
            stack.spark.conf().set("spark.sql.iceberg.aggregate-push-down.enabled", "false");
            out.println("\n== quality-scan: " + QUALITY_REPEATS + " rounds of count(*) / full-row scan / Deequ, interleaved ==");
            List<Double> counts = new ArrayList<>();
            List<Double> fullRows = new ArrayList<>();
            List<Double> deequ = new ArrayList<>();
            long[] rows = new long[1];
            int[] checks = new int[1];
            for (int i = 0; i < QUALITY_REPEATS; i++) {
                counts.add(BenchStack.seconds(() -> rows[0] = stack.spark.sql("SELECT count(*) FROM " + table).first().getLong(0)));
                Dataset<Row> all = stack.spark.table(table);
                fullRows.add(BenchStack.seconds(() -> all.select(functions.xxhash64(all.columns().length == 0 ? new org.apache.spark.sql.Column[0]
                        : java.util.Arrays.stream(all.columns()).map(functions::col).toArray(org.apache.spark.sql.Column[]::new)).as("h"))
                        .agg(functions.sum("h")).first()));
                deequ.add(BenchStack.seconds(() -> checks[0] = verifier.verify(stack.spark, stack.spark.table(table), person, "bench", asOf).results().size()));
                out.printf(Locale.ROOT, "round %d  count(*) %.2f s · full-row scan %.2f s · Deequ (%d checks) %.2f s%n",
                        i + 1, counts.get(i), fullRows.get(i), checks[0], deequ.get(i));
            }
            stack.spark.conf().unset("spark.sql.iceberg.aggregate-push-down.enabled");
            double count = BenchStack.median(counts);
            double full = BenchStack.median(fullRows);
            double d = BenchStack.median(deequ);
            out.printf(Locale.ROOT, "%nquality-scan  %,d rows · %d checks · medians: count(*) %.2f s · full-row scan %.2f s · Deequ %.2f s%n"
                    + "              Deequ / count(*) = %.2f× (goal ≤ 1.2×) · Deequ / full-row scan = %.2f×%n",
                    rows[0], checks[0], count, full, d, d / count, d / full);
            return new BenchResults(resultsDir, "quality-scan", machine, scale.persons, scale.seed)
                    .add("rows", rows[0], "rows", "")
                    .add("checks", checks[0], "checks", "")
                    .add("count_seconds", count, "s", "")
                    .add("full_row_scan_seconds", full, "s", "")
                    .add("deequ_seconds", d, "s", "")
                    .add("deequ_over_count", d / count, "ratio", "<= 1.2")
                    .add("deequ_over_full_row_scan", d / full, "ratio", "");
        }

        BenchResults trinoLookup() {
            ensureLoaded();
            List<String> ids = stack.spark.table(stack.catalog + ".base.person").select("resident_id")
                    .orderBy(functions.rand(scale.seed)).limit(LOOKUPS + LOOKUP_WARM_UP).collectAsList().stream()
                    .map(r -> r.getString(0)).toList();
            if (ids.size() < LOOKUPS + LOOKUP_WARM_UP) {
                throw new IllegalStateException("base.person has only " + ids.size() + " rows; the lookup benchmark needs "
                        + (LOOKUPS + LOOKUP_WARM_UP));
            }
            String sqlPrefix = "SELECT * FROM " + SqlText.trinoName(stack.catalog, "base", "person") + " WHERE resident_id = ";
            List<Double> lookups = new ArrayList<>();
            List<Double> ones = new ArrayList<>();
            long found = 0;
            out.println("\n== trino-lookup: " + LOOKUP_WARM_UP + " warm-up, then " + LOOKUPS + " lookups and " + LOOKUPS
                    + " SELECT 1, interleaved, one connection ==");
            org.citylake.warehouse.TrinoAccess access = org.citylake.warehouse.TrinoAccess.of(stack.profile);
            try (Connection c = access.connect("citylake"); Statement st = c.createStatement()) {
                for (int i = 0; i < LOOKUP_WARM_UP; i++) {
                    timed(st, sqlPrefix + SqlText.trinoLiteral(ids.get(i)));
                    timed(st, "SELECT 1");
                }
                for (int i = 0; i < LOOKUPS; i++) {
                    long start = System.nanoTime();
                    found += timed(st, sqlPrefix + SqlText.trinoLiteral(ids.get(LOOKUP_WARM_UP + i)));
                    lookups.add((System.nanoTime() - start) / 1e6);
                    start = System.nanoTime();
                    timed(st, "SELECT 1");
                    ones.add((System.nanoTime() - start) / 1e6);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Trino at " + access.jdbcUrl() + ": " + e.getMessage(), e);
            }
            double p50 = BenchStack.percentile(lookups, 50);
            double p95 = BenchStack.percentile(lookups, 95);
            double one50 = BenchStack.percentile(ones, 50);
            double one95 = BenchStack.percentile(ones, 95);
            long files = stack.spark.sql("SELECT count(*) FROM " + stack.catalog + ".base.person.files WHERE content = 0").first().getLong(0);
            out.printf(Locale.ROOT, "%ntrino-lookup  %d lookups (%d rows found) on %d data files · lookup p50 %.1f ms, p95 %.1f ms (goal p95 < 150 ms)"
                    + " · SELECT 1 p50 %.1f ms, p95 %.1f ms%n", LOOKUPS, found, files, p50, p95, one50, one95);
            return new BenchResults(resultsDir, "trino-lookup", machine, scale.persons, scale.seed)
                    .add("data_files", files, "files", "")
                    .add("lookup_p50_ms", p50, "ms", "")
                    .add("lookup_p95_ms", p95, "ms", "< 150")
                    .add("select1_p50_ms", one50, "ms", "")
                    .add("select1_p95_ms", one95, "ms", "");
        }

        /** base.person's full-extract sources: the files a full load reads (change feeds are the incremental benchmark's). */
        private List<SourceSpec> fullExtractSources() {
            return person.sources().stream().filter(s -> !s.deliversChanges() && !s.file().contains("*")).toList();
        }

        /** Runs a query and reads every row (a lookup is not done until its rows arrived); returns the row count. */
        private static long timed(Statement st, String sql) throws SQLException {
            long n = 0;
            try (ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    n++;
                }
            }
            return n;
        }

        private void ensureLoaded() {
            if (!loaded) {
                out.println("\n== loading " + String.format(Locale.ROOT, "%,d", scale.persons) + " persons first (not measured) ==");
                governedLoad(personFiles(scale.persons));
                loaded = true;
            }
        }

        private BatchPipeline.Outcome governedLoad(Path input) {
            lastProgress = new Progress(out);
            BatchPipeline.Outcome o = BatchPipeline.run(stack.profile, stack.spark, input, lastProgress);
            if (!o.allPublished()) {
                throw new IllegalStateException("The governed load was not published (" + o.publications()
                        + "); a benchmark of a held batch would measure the wrong thing");
            }
            return o;
        }

        /** The baseline: Spark's CSV reader straight into Iceberg tables, one per source file, nothing checked. */
        private void bareLoad(Path input) {
            stack.spark.sql("CREATE NAMESPACE IF NOT EXISTS " + stack.catalog + ".bench").count();
            for (SourceSpec s : fullExtractSources()) {
                Dataset<Row> raw = stack.spark.read().option("header", "true")
                        .option("encoding", s.encoding() == null ? "UTF-8" : s.encoding().name())
                        .csv(input.resolve(s.file()).toString());
                try {
                    raw.writeTo(stack.catalog + ".bench." + SqlText.identifier("raw_" + s.name())).createOrReplace();
                } catch (Exception e) {
                    throw new IllegalStateException("bare load of " + s.file() + ": " + e.getMessage(), e);
                }
            }
        }

        /**
         * A directory holding only base.person's source files for {@code persons} persons (hard links into
         * the generated set, which is kept under {@code <state>/bench-data} and reused by later runs).
         */
        private Path personFiles(int persons) {
            Path all = stack.dataDir.resolve("persons-" + persons + "-seed-" + scale.seed + "-defects-" + scale.defectRate);
            Path only = all.resolve("person-only");
            try {
                if (!Files.exists(all.resolve(SourceDataGenerator.MANIFEST_FILE))) {
                    out.println("generating " + String.format(Locale.ROOT, "%,d", persons) + " persons into " + all + " (kept for later runs)");
                    GenerateCommand.generate(all, persons, scale.seed, scale.defectRate);
                }
                if (!Files.isDirectory(only)) {
                    Path tmp = Files.createTempDirectory(all, "person-only");
                    for (SourceSpec s : fullExtractSources()) {
                        Files.createLink(tmp.resolve(s.file()), all.resolve(s.file()));
                    }
                    Files.move(tmp, only);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot prepare benchmark data in " + all, e);
            }
            return only;
        }
    }
}
