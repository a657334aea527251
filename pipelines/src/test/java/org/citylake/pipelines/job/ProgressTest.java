package org.citylake.pipelines.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Progress progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String lastLine() {
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void stageTimesAddUpPerStageInTheOrderTheyFirstRan() {
        progress.timed("collect", () -> sleep(30));
        progress.timed("cleanse", () -> sleep(10));
        progress.timed("collect", () -> sleep(30));

        assertThat(progress.stageTimes().keySet()).containsExactly("collect", "cleanse");
        assertThat(progress.stageTimes().get("collect").toMillis()).isGreaterThanOrEqualTo(60);
        progress.printStageTimes();
        assertThat(lastLine()).contains("times").contains("collect ").contains("cleanse ").contains("other ");
    }

    @Test
    void aTimesLineSinceAMarkLeavesOutWhatCameBefore() {
        progress.timed("collect", () -> sleep(200));
        Progress.Mark secondLoad = progress.mark();
        progress.timed("cleanse", () -> sleep(20));

        progress.printStageTimes(secondLoad);
        String line = lastLine();
        // The first load's collect is not the second load's: it is left out, not summed in.
        assertThat(line).contains("cleanse ").doesNotContain("collect");
        progress.printStageTimes();
        assertThat(lastLine()).containsPattern("collect \\d+\\.\\d s").contains("cleanse ");
    }

    @Test
    void theTimeAStageThrowsInStillCounts() {
        try {
            progress.timed("publish", (Runnable) () -> {
                sleep(20);
                throw new IllegalStateException("commit failed");
            });
        } catch (IllegalStateException expected) {
            // the stage's time is kept all the same
        }
        assertThat(progress.stageTimes().get("publish").toMillis()).isGreaterThanOrEqualTo(20);
    }
}
