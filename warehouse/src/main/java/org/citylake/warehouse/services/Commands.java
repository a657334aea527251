package org.citylake.warehouse.services;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Runs a short helper command to completion (mvn, tar, the schema tool), streaming its output line by line. */
final class Commands {
    private Commands() {
    }

    /**
     * Runs {@code command} in {@code dir} and fails with the last output lines when it exits non-zero, so the
     * caller's exception says what went wrong.
     */
    static void run(List<String> command, Path dir, Map<String, String> env, Consumer<String> lines) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Deque<String> recent = new ArrayDeque<>();
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.accept(line);
                    recent.addLast(line);
                    if (recent.size() > LogTail.DEFAULT_LINES) {
                        recent.removeFirst();
                    }
                }
            }
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException("Command failed with exit code " + exit + ": " + String.join(" ", command)
                        + System.lineSeparator() + "Last output:" + System.lineSeparator() + "  | " + String.join(System.lineSeparator() + "  | ", recent));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command.get(0) + " (is it installed and on the PATH?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", command), e);
        }
    }
}
