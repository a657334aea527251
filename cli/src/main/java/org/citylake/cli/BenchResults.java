package org.citylake.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Appends a benchmark's figures to {@code bench/results/<bench>.csv}, one row per figure, each with the
 * commit and machine facts, so figures from different commits and machines can be compared later.
 */
final class BenchResults {
    static final String HEADER = "recorded_at,bench,commit,persons,seed,metric,value,unit,goal,cores,memory_gib,java";

    /** One measured figure; {@code goal} is the target in words ("<= 1.5") or empty. */
    record Figure(String metric, double value, String unit, String goal) {
    }

    private final Path file;
    private final String bench;
    private final BenchMachine machine;
    private final long persons;
    private final long seed;
    private final List<Figure> figures = new ArrayList<>();

    BenchResults(Path dir, String bench, BenchMachine machine, long persons, long seed) {
        this.file = dir.resolve(bench + ".csv");
        this.bench = bench;
        this.machine = machine;
        this.persons = persons;
        this.seed = seed;
    }

    BenchResults add(String metric, double value, String unit, String goal) {
        figures.add(new Figure(metric, value, unit, goal));
        return this;
    }

    /** Writes every figure added so far (the header first if the file is new) and returns the file. */
    Path append(Instant at) {
        StringBuilder sb = new StringBuilder();
        for (Figure f : figures) {
            sb.append(String.join(",", at.toString(), bench, machine.commit(), Long.toString(persons), Long.toString(seed),
                    f.metric(), String.format(Locale.ROOT, "%.6g", f.value()), f.unit(), csv(f.goal()),
                    Integer.toString(machine.cores()), String.format(Locale.ROOT, "%.1f", machine.memoryGib()), csv(machine.java())))
                    .append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.writeString(file, HEADER + "\n", StandardCharsets.UTF_8);
            }
            Files.writeString(file, sb, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append benchmark results to " + file, e);
        }
        return file;
    }

    static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
