package org.citylake.warehouse.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.citylake.warehouse.Profile;

/**
 * Finds PostgreSQL's server binaries: {@code postgres.bin.dir} when set, else the newest major version Debian's
 * {@code postgresql} package installed under {@code /usr/lib/postgresql/<major>/bin} (Debian keeps initdb and
 * pg_ctl off the PATH).
 */
final class PostgresBinaries {
    static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

    private PostgresBinaries() {
    }

    static Optional<Path> locate(Profile profile) {
        String configured = profile.get("postgres.bin.dir", "").trim();
        if (!configured.isEmpty()) {
            Path dir = Path.of(configured);
            return hasServer(dir) ? Optional.of(dir) : Optional.empty();
        }
        return newestUnder(DEBIAN_ROOT);
    }

    static Optional<Path> newestUnder(Path root) {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .sorted(Comparator.comparingDouble((Path v) -> Double.parseDouble(v.getFileName().toString())).reversed())
                    .map(v -> v.resolve("bin"))
                    .filter(PostgresBinaries::hasServer)
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static boolean hasServer(Path bin) {
        return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"));
    }
}
