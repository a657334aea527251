package org.citylake.warehouse.services;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The last lines of a log file, for error messages: a failed start should explain itself without a second command. */
final class LogTail {
    /** Lines shown when a service fails to start. */
    static final int DEFAULT_LINES = 40;
    /** Only the end of a log matters, and server logs can be large; never read more than this. */
    private static final int MAX_BYTES = 256 * 1024;

    private LogTail() {
    }

    static List<String> lastLines(Path log, int lines) {
        if (!Files.isRegularFile(log)) {
            return List.of();
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            int size = (int) Math.min(length, MAX_BYTES);
            byte[] bytes = new byte[size];
            file.seek(length - size);
            file.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            List<String> all = Arrays.asList(text.split("\r?\n", -1));
            if (!all.isEmpty() && all.get(all.size() - 1).isEmpty()) {
                all = all.subList(0, all.size() - 1);
            }
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
        }
    }

    /** A message block: a header naming the file, then its last lines indented. */
    static String describe(Path log) {
        List<String> tail = lastLines(log, DEFAULT_LINES);
        if (tail.isEmpty()) {
            return "Log " + log + " is empty or missing.";
        }
        StringBuilder out = new StringBuilder("Last ").append(tail.size()).append(" lines of ").append(log).append(':');
        for (String line : tail) {
            out.append(System.lineSeparator()).append("  | ").append(line);
        }
        return out.toString();
    }

    /** Whether the end of {@code log} (its last 256 KiB) contains {@code text}: readiness from a server's own words. */
    static boolean contains(Path log, String text) {
        return lastLines(log, Integer.MAX_VALUE).stream().anyMatch(line -> line.contains(text));
    }
}
