package org.citylake.warehouse.services;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a freshly started server to become healthy, failing early and with its log when it dies. */
final class Readiness {
    private Readiness() {
    }

    /**
     * Polls {@code healthy} until it is true. Fails when {@code alive} turns false (the server died: no point
     * waiting out the timeout) or when {@code timeout} passes; both messages end with the logs' last lines.
     *
     * @return the seconds it took
     */
    static double await(String name, Supplier<Boolean> alive, BooleanSupplier healthy, Duration timeout,
                        List<Path> logs, PrintStream progress) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long nextNote = start + 15_000_000_000L;
        while (true) {
            if (healthy.getAsBoolean()) {
                return (System.nanoTime() - start) / 1e9;
            }
            if (!alive.get()) {
                throw new ServiceStartException(name + " exited during startup." + tails(logs));
            }
            long now = System.nanoTime();
            if (now > deadline) {
                throw new ServiceStartException(name + " did not become healthy within " + timeout.toSeconds()
                        + " s (raise services.start.timeout.seconds if this machine is just slow)." + tails(logs));
            }
            if (now > nextNote) {
                progress.printf("  still waiting for %s (%.0f s)%n", name, (now - start) / 1e9);
                nextNote = now + 15_000_000_000L;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServiceStartException("Interrupted while waiting for " + name);
            }
        }
    }

    static String tails(List<Path> logs) {
        StringBuilder out = new StringBuilder();
        for (Path log : logs) {
            out.append(System.lineSeparator()).append(LogTail.describe(log));
        }
        return out.toString();
    }
}
