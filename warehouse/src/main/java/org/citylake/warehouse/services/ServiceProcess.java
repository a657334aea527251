package org.citylake.warehouse.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A server process known by its pid file. citylake only ever stops processes whose pid it recorded, and
 * only when the live process with that pid still looks like the server (pids get reused after a reboot).
 */
final class ServiceProcess {
    private final Path pidFile;
    private final String commandMarker;

    /**
     * @param commandMarker text the process's command line must contain (e.g. the main class), so a reused
     *                      pid that now belongs to something else is never reported as ours, let alone killed
     */
    ServiceProcess(Path pidFile, String commandMarker) {
        this.pidFile = pidFile;
        this.commandMarker = commandMarker;
    }

    Path pidFile() {
        return pidFile;
    }

    OptionalLong recordedPid() {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return OptionalLong.empty();
            }
            String text = Files.readString(pidFile, StandardCharsets.US_ASCII).trim();
            return text.matches("\\d+") ? OptionalLong.of(Long.parseLong(text)) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** The live process named by the pid file, if it is still the server we started. */
    Optional<ProcessHandle> live() {
        OptionalLong pid = recordedPid();
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid.getAsLong()).filter(ProcessHandle::isAlive).filter(this::looksLikeOurs);
    }

    private boolean looksLikeOurs(ProcessHandle handle) {
        // When the OS hides the command line we cannot tell; trust the pid file rather than orphan a server.
        return handle.info().commandLine().map(cmd -> cmd.contains(commandMarker)).orElse(true);
    }

    void write(long pid) {
        try {
            Files.createDirectories(pidFile.getParent());
            Path tmp = pidFile.resolveSibling(pidFile.getFileName() + ".tmp");
            Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, pidFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + pidFile, e);
        }
    }

    void clear() {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + pidFile, e);
        }
    }

    /**
     * Stops the recorded process: SIGTERM first (both servers shut down cleanly on it: Derby is closed,
     * Trino drains), SIGKILL when it has not exited within {@code grace}. Returns the pid stopped, if any.
     */
    OptionalLong stop(Duration grace) {
        Optional<ProcessHandle> live = live();
        if (live.isEmpty()) {
            clear();
            return OptionalLong.empty();
        }
        ProcessHandle handle = live.get();
        handle.destroy();
        if (!awaitExit(handle, grace)) {
            handle.destroyForcibly();
            awaitExit(handle, Duration.ofSeconds(10));
        }
        if (handle.isAlive()) {
            throw new IllegalStateException("Process " + handle.pid() + " (" + pidFile + ") did not exit after SIGKILL");
        }
        clear();
        return OptionalLong.of(handle.pid());
    }

    private static boolean awaitExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !handle.isAlive();
        }
    }
}
