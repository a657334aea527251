package org.citylake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchResultsTest {
    @TempDir
    Path dir;

    final BenchMachine machine = new BenchMachine("abc123-dirty", 2, 23.5, "OpenJDK 17, build 1", "Linux amd64");

    @Test
    void appendsOneRowPerFigureUnderOneHeaderAcrossRuns() throws Exception {
        new BenchResults(dir, "full-load", machine, 1_000_000, 7).add("governed_over_bare", 1.25, "ratio", "<= 1.5")
                .append(Instant.parse("2026-11-25T18:00:00Z"));
        new BenchResults(dir, "full-load", machine, 1_000_000, 7).add("bare_seconds", 42.0, "s", "")
                .append(Instant.parse("2026-11-25T19:00:00Z"));
        List<String> lines = Files.readAllLines(dir.resolve("full-load.csv"));
        assertThat(lines).containsExactly(BenchResults.HEADER,
                "2026-11-25T18:00:00Z,full-load,abc123-dirty,1000000,7,governed_over_bare,1.25000,ratio,<= 1.5,2,23.5,\"OpenJDK 17, build 1\"",
                "2026-11-25T19:00:00Z,full-load,abc123-dirty,1000000,7,bare_seconds,42.0000,s,,2,23.5,\"OpenJDK 17, build 1\"");
    }

    @Test
    void nearestRankPercentilesAndMedian() {
        List<Double> ms = new java.util.ArrayList<>();
        for (int i = 100; i >= 1; i--) {
            ms.add((double) i);
        }
        assertThat(BenchStack.percentile(ms, 50)).isEqualTo(50.0);
        assertThat(BenchStack.percentile(ms, 95)).isEqualTo(95.0);
        assertThat(BenchStack.percentile(List.of(3.0), 95)).isEqualTo(3.0);
        assertThat(BenchStack.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
        assertThat(BenchStack.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    }

    @Test
    void peakRssOfThisJvmIsReadFromProc() {
        java.util.OptionalLong self = BenchMachine.peakRssBytes(BenchMachine.selfPid());
        assertThat(self).isPresent();
        assertThat(self.getAsLong()).isGreaterThan(10L * 1024 * 1024);
        assertThat(BenchMachine.peakRssBytes(Long.MAX_VALUE)).isEmpty();
    }
}
