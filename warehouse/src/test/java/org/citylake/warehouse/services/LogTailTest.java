package org.citylake.warehouse.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {
    @TempDir
    Path dir;

    @Test
    void keepsTheLastLines() throws Exception {
        Path log = dir.resolve("server.log");
        Files.writeString(log, IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i).collect(Collectors.joining("\n", "", "\n")));
        List<String> tail = LogTail.lastLines(log, 40);
        assertThat(tail).hasSize(40).startsWith("line 61").endsWith("line 100");
        assertThat(LogTail.lastLines(dir.resolve("missing.log"), 40)).isEmpty();
    }

    @Test
    void aServerThatDiesDuringStartupFailsWithItsLogTail() throws Exception {
        Path log = dir.resolve("hms.log");
        Files.writeString(log, "starting\nException in thread \"main\" java.lang.NoClassDefFoundError: com/example/Missing\n");
        PrintStream progress = new PrintStream(new ByteArrayOutputStream());

        assertThatThrownBy(() -> Readiness.await("Hive Metastore", () -> false, () -> false, Duration.ofSeconds(5), List.of(log), progress))
                .isInstanceOf(ServiceStartException.class)
                .hasMessageStartingWith("Hive Metastore exited during startup.")
                .hasMessageContaining("Last 2 lines of " + log)
                .hasMessageContaining("  | Exception in thread \"main\" java.lang.NoClassDefFoundError: com/example/Missing");
    }

    @Test
    void aServerThatNeverGetsHealthyTimesOutWithItsLogTail() throws Exception {
        Path log = dir.resolve("trino.log");
        Files.writeString(log, "still loading plugins\n");
        PrintStream progress = new PrintStream(new ByteArrayOutputStream());

        assertThatThrownBy(() -> Readiness.await("Trino", () -> true, () -> false, Duration.ofMillis(300), List.of(log, dir.resolve("none.log")), progress))
                .isInstanceOf(ServiceStartException.class)
                .hasMessageContaining("Trino did not become healthy within 0 s")
                .hasMessageContaining("services.start.timeout.seconds")
                .hasMessageContaining("  | still loading plugins")
                .hasMessageContaining("none.log is empty or missing");
    }
}
