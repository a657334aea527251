package org.citylake.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Facts about the machine and the run that a benchmark figure is meaningless without: the commit it
 * measured, cores, memory and Java, and the peak resident set of a process (Linux {@code VmHWM}).
 */
record BenchMachine(String commit, int cores, double memoryGib, String java, String os) {

    static BenchMachine current(Path home) {
        return new BenchMachine(commit(home), Runtime.getRuntime().availableProcessors(), totalMemoryGib(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }

    /** Peak resident set size in bytes of a live process, from /proc; empty where there is no /proc or no such process. */
    static OptionalLong peakRssBytes(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024L);
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    static long selfPid() {
        return ProcessHandle.current().pid();
    }

    String describe() {
        return String.format(Locale.ROOT, "commit %s · %d cores · %.1f GiB · %s · %s", commit, cores, memoryGib, java, os);
    }

    private static double totalMemoryGib() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize() / (1024.0 * 1024 * 1024);
        }
        return Double.NaN;
    }

    /** The checked-out commit, marked {@code -dirty} when the work tree has changes (a figure of uncommitted code). */
    private static String commit(Path home) {
        String head = git(home, "rev-parse", "--short=12", "HEAD");
        if (head.isEmpty()) {
            return "unknown";
        }
        return git(home, "status", "--porcelain", "--untracked-files=no").isEmpty() ? head : head + "-dirty";
    }

    private static String git(Path home, String... args) {
        try {
            Process p = new ProcessBuilder(concat(List.of("git", "-C", home.toString()), args)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static List<String> concat(List<String> head, String... tail) {
        java.util.ArrayList<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}
