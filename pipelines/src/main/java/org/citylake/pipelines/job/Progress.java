package org.citylake.pipelines.job;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Progress lines for long jobs: elapsed time, stage, what and how many rows; and the wall time spent
 * in each stage of the job ({@link #timed}), printed at the end ({@link #printStageTimes}) so an operator
 * sees where a slow load went without a profiler.
 *
 * <p>Stage times are wall time on the driver and include the Spark jobs a stage runs. Timed sections
 * must not nest (an inner section would be counted twice); a stage timed more than once (collect of
 * each source, verify of each table) adds up.
 */
public final class Progress {
    private final PrintStream out;
    private final long started = System.nanoTime();
    private final Map<String, Long> nanosByStage = new LinkedHashMap<>();

    public Progress(PrintStream out) {
        this.out = out;
    }

    public static Progress silent() {
        return new Progress(new PrintStream(java.io.OutputStream.nullOutputStream()));
    }

    public void stage(String stage, String what) {
        out.printf(Locale.ROOT, "[%s] %-10s %s%n", elapsed(), stage, what);
        out.flush();
    }

    public void rows(String stage, String what, long rows) {
        out.printf(Locale.ROOT, "[%s] %-10s %s · %,d rows%n", elapsed(), stage, what, rows);
        out.flush();
    }

    /** Runs {@code work} and adds its wall time to {@code stage}; the time counts even when it throws. */
    public <T> T timed(String stage, Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            add(stage, System.nanoTime() - start);
        }
    }

    /** {@link #timed(String, Supplier)} for work without a result. */
    public void timed(String stage, Runnable work) {
        timed(stage, () -> {
            work.run();
            return null;
        });
    }

    /** Starts timing {@code stage} until the section is closed (closing twice counts once). */
    public Section start(String stage) {
        return new Section(stage, System.nanoTime());
    }

    /** A timed stretch of a stage, for try-with-resources or an explicit {@link #close}. */
    public final class Section implements AutoCloseable {
        private final String stage;
        private final long start;
        private boolean closed;

        private Section(String stage, long start) {
            this.stage = stage;
            this.start = start;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                add(stage, System.nanoTime() - start);
            }
        }
    }

    private synchronized void add(String stage, long nanos) {
        nanosByStage.merge(stage, nanos, Long::sum);
    }

    /** Wall time per stage, in the order the stages first ran. */
    public synchronized Map<String, Duration> stageTimes() {
        Map<String, Duration> copy = new LinkedHashMap<>();
        nanosByStage.forEach((k, v) -> copy.put(k, Duration.ofNanos(v)));
        return Collections.unmodifiableMap(copy);
    }

    /** The stage times and the clock now, so that a later times line can cover only what came after. */
    public synchronized Mark mark() {
        return new Mark(System.nanoTime(), Map.copyOf(nanosByStage));
    }

    /** A moment of the job: when it was and each stage's time up to it. */
    public record Mark(long nanoTime, Map<String, Long> nanosByStage) {
    }

    /** One line: each stage's seconds, and what the timed stages leave of the job's wall time so far. */
    public void printStageTimes() {
        printStageTimes(new Mark(started, Map.of()));
    }

    /**
     * One line for what happened since {@code since}: each stage's seconds and what the timed stages
     * leave of the wall time since then. A process that runs several loads (the demo's two rounds)
     * prints each load's own times, not the sum so far.
     */
    public void printStageTimes(Mark since) {
        Map<String, Long> times = new LinkedHashMap<>();
        stageTimes().forEach((k, v) -> {
            long d = v.toNanos() - since.nanosByStage().getOrDefault(k, 0L);
            if (d > 0) {
                times.put(k, d);
            }
        });
        if (times.isEmpty()) {
            return;
        }
        StringBuilder line = new StringBuilder();
        long timed = 0;
        for (Map.Entry<String, Long> e : times.entrySet()) {
            line.append(line.length() == 0 ? "" : " · ").append(String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue() / 1e9));
            timed += e.getValue();
        }
        long other = Math.max(0, System.nanoTime() - since.nanoTime() - timed);
        line.append(String.format(Locale.ROOT, " · other %.1f s", other / 1e9));
        stage("times", line.toString());
    }

    public String elapsed() {
        double s = (System.nanoTime() - started) / 1e9;
        return String.format(Locale.ROOT, "%02d:%04.1f", (int) (s / 60), s % 60);
    }

    public PrintStream out() {
        return out;
    }
}
