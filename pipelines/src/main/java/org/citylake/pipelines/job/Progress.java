package org.citylake.pipelines.job;

import java.io.PrintStream;
import java.util.Locale;

/** Progress lines for long jobs: elapsed time, stage, what and how many rows. */
public final class Progress {
    private final PrintStream out;
    private final long started = System.nanoTime();

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

    public String elapsed() {
        double s = (System.nanoTime() - started) / 1e9;
        return String.format(Locale.ROOT, "%02d:%04.1f", (int) (s / 60), s % 60);
    }

    public PrintStream out() {
        return out;
    }
}
