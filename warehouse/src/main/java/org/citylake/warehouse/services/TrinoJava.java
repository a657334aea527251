package org.citylake.warehouse.services;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a Java runtime for Trino 476, which refuses to start below Java 24.0.1, while citylake itself runs
 * on Java 17. Order: {@code CITYLAKE_TRINO_JAVA} (a JAVA_HOME or a java binary), then the newest suitable
 * JDK under {@code /usr/lib/jvm}, judged by its {@code release} file.
 */
final class TrinoJava {
    static final String ENV = "CITYLAKE_TRINO_JAVA";
    static final int[] MINIMUM = {24, 0, 1};
    static final Path DEFAULT_JVM_ROOT = Path.of("/usr/lib/jvm");

    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"?([0-9][0-9.]*)");

    private TrinoJava() {
    }

    static Path locate(Function<String, String> env) {
        return locate(env, DEFAULT_JVM_ROOT);
    }

    /** Returns a JAVA_HOME whose {@code bin/java} runs Trino, or fails saying how to provide one. */
    static Path locate(Function<String, String> env, Path jvmRoot) {
        String configured = env.apply(ENV);
        if (configured != null && !configured.isBlank()) {
            Path home = javaHomeOf(Path.of(configured.trim()));
            Optional<int[]> version = releaseVersion(home);
            if (version.isEmpty() || !atLeastMinimum(version.get())) {
                throw new IllegalStateException(ENV + "=" + configured + " is not a Java " + minimum() + " or newer"
                        + " (found " + version.map(TrinoJava::format).orElse("no readable release file in " + home) + ")."
                        + " Trino 476 needs it; point " + ENV + " at such a JDK's home directory.");
            }
            return home;
        }
        List<Path> candidates = new ArrayList<>();
        if (Files.isDirectory(jvmRoot)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(jvmRoot)) {
                for (Path dir : dirs) {
                    if (Files.isDirectory(dir) && Files.isExecutable(dir.resolve("bin/java"))
                            && releaseVersion(dir).filter(TrinoJava::atLeastMinimum).isPresent()) {
                        candidates.add(dir);
                    }
                }
            } catch (IOException e) {
                // treated as "none found": the message below tells the operator what to do
            }
        }
        // Newest first; a directory name breaks ties so the choice is stable across runs.
        return candidates.stream()
                .max(Comparator.<Path, int[]>comparing(p -> releaseVersion(p).orElseThrow(), TrinoJava::compare)
                        .thenComparing(Path::toString))
                .orElseThrow(() -> new IllegalStateException("Trino 476 needs Java " + minimum() + " or newer and none was found"
                        + " under " + jvmRoot + ". Install one (e.g. a Temurin 25 JDK) and/or set " + ENV
                        + " to its home directory (or its bin/java)."));
    }

    /** A java binary ({@code …/bin/java}) stands for its JDK home; a directory is taken as the home. */
    static Path javaHomeOf(Path configured) {
        Path p = configured;
        try {
            if (Files.exists(p)) {
                p = p.toRealPath();
            }
        } catch (IOException e) {
            // keep the path as given; the version check reports it
        }
        if (Files.isRegularFile(p) && p.getParent() != null && p.getParent().getFileName() != null
                && p.getParent().getFileName().toString().equals("bin") && p.getParent().getParent() != null) {
            return p.getParent().getParent();
        }
        return p;
    }

    /** JAVA_VERSION from a JDK's {@code release} file, e.g. {@code "25.0.3"} → [25, 0, 3]. */
    static Optional<int[]> releaseVersion(Path javaHome) {
        Path release = javaHome.resolve("release");
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        try {
            Matcher m = JAVA_VERSION.matcher(Files.readString(release));
            if (!m.find()) {
                return Optional.empty();
            }
            String[] parts = m.group(1).split("\\.");
            int[] version = new int[3];
            for (int i = 0; i < Math.min(3, parts.length); i++) {
                version[i] = parts[i].isEmpty() ? 0 : Integer.parseInt(parts[i]);
            }
            return Optional.of(version);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static boolean atLeastMinimum(int[] version) {
        return compare(version, MINIMUM) >= 0;
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            int c = Integer.compare(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static String minimum() {
        return format(MINIMUM);
    }

    private static String format(int[] v) {
        return v[0] + "." + v[1] + "." + v[2];
    }
}
