package org.citylake.pipelines.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.citylake.pipelines.standards.ResidentIdNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeSetGeneratorTest {
    static final Path HOME = Path.of(System.getProperty("citylake.home", "..")).toAbsolutePath().normalize();
    static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    static final Instant FROM = Instant.parse("2026-11-25T04:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void aboutOnePercentOfTheSamePopulationChangesWithValidRowsOfEveryKind() throws IOException {
        GeneratorOptions o = GeneratorOptions.defaults(tmp.resolve("full"), HOME.resolve("conf")).withPersons(3000).withSeed(5).withDefectRate(0.0);
        new SourceDataGenerator(QUIET).generate(o);
        Map<String, String[]> registry = new HashMap<>();
        for (String line : Files.readAllLines(tmp.resolve("full/population_registry.csv"), Charset.forName("GBK")).subList(1, 3001)) {
            String[] f = line.split(",", -1);
            registry.put(f[0], f);
        }

        ChangeSetGenerator.Summary s = new ChangeSetGenerator(QUIET).generate(o.withOutDir(tmp.resolve("changes")), 0.01, FROM);
        List<String> lines = Files.readAllLines(s.file(), StandardCharsets.UTF_8);
        assertThat(s.file().getFileName().toString()).isEqualTo("population_changes_20261125120000.csv");
        assertThat(lines.get(0)).isEqualTo(String.join(",", ChangeSetGenerator.HEADER));
        int total = s.byKind().values().stream().mapToInt(Integer::intValue).sum();
        assertThat(lines).hasSize(total + 1);
        assertThat(total).isBetween(20, 30);
        assertThat(s.byKind()).containsKeys("move", "correction", "death", "birth");
        Set<String> keys = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            assertThat(f).hasSize(13);
            assertThat(keys.add(f[2])).as("one change per person: " + line).isTrue();
            assertThat(ResidentIdNumber.isValidChecksum(f[2])).as(line).isTrue();
            switch (f[0]) {
                case "I" -> assertThat(registry).as("a newborn is nobody yet: " + line).doesNotContainKey(f[2]);
                case "U" -> assertThat(registry).as("an update names a registered person: " + line).containsKey(f[2]);
                case "D" -> assertThat(String.join("", List.of(f).subList(3, 13))).as("a delete carries only the key").isEmpty();
                default -> throw new AssertionError("op " + f[0]);
            }
        }
        ChangeSetGenerator.Move m = s.move().orElseThrow();
        assertThat(registry.get(m.residentId())[7]).isEqualTo(m.oldAddress());
        assertThat(m.newAddress()).isNotEqualTo(m.oldAddress());
        // Deterministic: the same options and start give the same file.
        ChangeSetGenerator.Summary again = new ChangeSetGenerator(QUIET).generate(o.withOutDir(tmp.resolve("again")), 0.01, FROM);
        assertThat(Files.readAllLines(again.file(), StandardCharsets.UTF_8)).isEqualTo(lines);
    }
}
