package org.citylake.warehouse.services;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.citylake.warehouse.Profile;

/**
 * A private PostgreSQL server from the machine's Debian packages ({@code /usr/lib/postgresql/<v>/bin}): the Hive
 * Metastore's database in the cluster profile, and a JDBC source for pipelines. citylake runs {@code initdb} into
 * {@code <state.dir>/postgres/data} once, starts the server with {@code pg_ctl} on loopback only, on the profile's
 * port, with password (SCRAM) authentication for the profile's user, and stops it with a fast shutdown.
 *
 * <p>PostgreSQL refuses to run as root. When citylake itself runs as root (CI, containers), every server command
 * runs as an unprivileged OS user ({@code postgres.os.user}, default {@code postgres}, the account Debian's
 * package creates; created with {@code useradd --system} when missing) through {@code runuser}, and that user
 * owns {@code <state.dir>/postgres}. Clients ({@code psql}, JDBC) connect over TCP with the password and may run
 * as anyone.
 *
 * <p>The password is {@code postgres.password} ({@code CITYLAKE_POSTGRES_PASSWORD}); when that is empty one is
 * generated on first start and kept in {@code <state.dir>/secrets/postgres.password} (mode 600).
 */
public final class PostgresService {
    static final String PID_MARKER = "postgres";
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final Profile profile;
    private final PrintStream progress;
    private final ServiceProcess process;

    PostgresService(Profile profile, PrintStream progress) {
        this.profile = profile;
        this.progress = progress;
        this.process = new ServiceProcess(profile.stateDir().resolve("run/postgres.pid"), PID_MARKER);
    }

    /** The profile's PostgreSQL: {@link #up()} starts it, the getters say how to connect. */
    public static PostgresService of(Profile profile, PrintStream progress) {
        return new PostgresService(profile, progress);
    }

    public String host() {
        return profile.get("postgres.host", "127.0.0.1");
    }

    public int port() {
        return Integer.parseInt(profile.get("postgres.port", "15432").trim());
    }

    /** The login role citylake creates as the cluster's superuser (owner of every database it creates). */
    public String user() {
        String user = profile.get("postgres.user", "citylake").trim();
        requireIdentifier(user, "postgres.user");
        return user;
    }

    /** The role's password: the profile's, or the one generated on first start. */
    public String password() {
        String configured = profile.get("postgres.password", "");
        if (!configured.isBlank()) {
            return configured;
        }
        Path file = passwordFile();
        try {
            if (!Files.isRegularFile(file)) {
                Files.createDirectories(file.getParent());
                byte[] bytes = new byte[18];
                new SecureRandom().nextBytes(bytes);
                Path tmp = Files.createTempFile(file.getParent(), "postgres", ".tmp"); // created 0600
                Files.writeString(tmp, HexFormat.of().formatHex(bytes) + "\n", StandardCharsets.US_ASCII);
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the PostgreSQL password file " + file, e);
        }
    }

    /** {@code jdbc:postgresql://host:port/database}. */
    public String jdbcUrl(String database) {
        requireIdentifier(database, "database");
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /**
     * {@code <state.dir>/postgres}, unless citylake runs as root and that directory lies below one that other
     * users cannot search (a state dir under {@code /root}, mode 700): the unprivileged server could not reach its
     * data there, so it gets {@code /var/tmp/citylake-postgres/<hash of the state dir>} instead, one per state dir.
     */
    Path baseDir() {
        Path preferred = profile.stateDir().resolve("postgres");
        if (!OsUser.runningAsRoot() || OsUser.othersCanSearch(preferred.getParent())) {
            return preferred;
        }
        return FALLBACK_ROOT.resolve(shortHash(preferred.toAbsolutePath().normalize().toString()));
    }

    static final Path FALLBACK_ROOT = Path.of("/var/tmp/citylake-postgres");

    private static String shortHash(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Path dataDir() {
        return baseDir().resolve("data");
    }

    private Path socketDir() {
        return baseDir().resolve("socket");
    }

    private Path passwordFile() {
        return profile.stateDir().resolve("secrets/postgres.password");
    }

    /** Written by the server (as the OS user), so it lives in the directory that user owns. */
    public Path logFile() {
        return baseDir().resolve("postgres.log");
    }

    ServiceStatus status() {
        Optional<ProcessHandle> live = process.live();
        return new ServiceStatus(ServiceKind.POSTGRES, live.isPresent() && healthy(), live.map(ProcessHandle::pid).orElse(-1L),
                jdbcUrl("postgres"), logFile());
    }

    /** Accepting connections, as {@code pg_isready} sees it over TCP. */
    public boolean healthy() {
        if (!PortProbe.isOpen(host(), port())) {
            return false;
        }
        Optional<Path> bin = PostgresBinaries.locate(profile);
        if (bin.isEmpty()) {
            return false;
        }
        try {
            Commands.run(List.of(bin.get().resolve("pg_isready").toString(), "-q", "-h", host(), "-p", String.valueOf(port())),
                    profile.homeDir(), Map.of(), line -> { });
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Starts the server unless it is already healthy; initialises the cluster on first use. */
    public void up() {
        FileLocks.withLock(profile.stateDir().resolve("run/postgres.lock"), () -> {
            Optional<ProcessHandle> live = process.live();
            Duration timeout = Duration.ofSeconds(profile.getInt("services.start.timeout.seconds"));
            if (live.isPresent()) {
                if (healthy()) {
                    progress.printf("PostgreSQL already running (pid %d) at %s%n", live.get().pid(), jdbcUrl("postgres"));
                    return;
                }
                ProcessHandle handle = live.get();
                Readiness.await("PostgreSQL", handle::isAlive, this::healthy, timeout, List.of(logFile()), progress);
                return;
            }
            process.clear();
            if (PortProbe.isOpen(host(), port())) {
                throw new ServiceStartException("Port " + port() + " on " + host() + " is already taken by a process citylake did"
                        + " not start. Stop it, or choose another port with CITYLAKE_POSTGRES_PORT / -Dcitylake.postgres.port.");
            }
            Path bin = PostgresBinaries.locate(profile).orElseThrow(() -> new ServiceStartException(
                    "PostgreSQL's server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin."
                            + " Install Debian's package (apt-get install -y postgresql) or set postgres.bin.dir."));
            OsUser osUser = OsUser.forServer(profile, progress);
            prepareDirectories(osUser);
            if (!Files.isRegularFile(dataDir().resolve("PG_VERSION"))) {
                initdb(bin, osUser);
            }
            start(bin, osUser, timeout);
        });
    }

    public void down() {
        FileLocks.withLock(profile.stateDir().resolve("run/postgres.lock"), () -> {
            Optional<ProcessHandle> live = process.live();
            if (live.isEmpty()) {
                process.clear();
                progress.println("PostgreSQL is not running (nothing citylake started)");
                return;
            }
            long pid = live.get().pid();
            Optional<Path> bin = PostgresBinaries.locate(profile);
            try {
                // A fast shutdown rolls back open sessions and checkpoints: the data dir is clean for the next start.
                runAsServer(OsUser.forServer(profile, progress), List.of(bin.orElseThrow().resolve("pg_ctl").toString(),
                        "-D", dataDir().toString(), "-m", "fast", "-w", "-t", "60", "stop"));
            } catch (RuntimeException e) {
                progress.println("pg_ctl stop failed (" + e.getMessage().lines().findFirst().orElse("") + "); sending SIGTERM");
            }
            process.stop(Duration.ofSeconds(30));
            progress.printf("Stopped PostgreSQL (pid %d)%n", pid);
        });
    }

    /** Creates {@code database} (owned by {@link #user()}) unless it exists. Idempotent. */
    public void ensureDatabase(String database) {
        requireIdentifier(database, "database");
        String exists = query("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + database + "'");
        if (!exists.equals("1")) {
            query("postgres", "CREATE DATABASE " + database);
            progress.printf("Created PostgreSQL database %s%n", database);
        }
    }

    /**
     * Runs one SQL statement with {@code psql} over TCP and returns its unaligned, tuples-only output (rows on
     * lines, columns separated by {@code |}). For setup and checks, not for data.
     */
    public String query(String database, String sql) {
        requireIdentifier(database, "database");
        Path bin = PostgresBinaries.locate(profile).orElseThrow(() -> new IllegalStateException("PostgreSQL binaries not found"));
        List<String> out = new ArrayList<>();
        Commands.run(List.of(bin.resolve("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-tA",
                        "-h", host(), "-p", String.valueOf(port()), "-U", user(), "-d", database, "-c", sql),
                profile.homeDir(), Map.of("PGPASSWORD", password(), "PGCONNECT_TIMEOUT", "10"), out::add);
        return String.join("\n", out).trim();
    }

    private void prepareDirectories(OsUser osUser) {
        try {
            if (!baseDir().startsWith(profile.stateDir())) {
                progress.println("PostgreSQL's data goes to " + baseDir() + ": the OS user '" + profile.get("postgres.os.user", "postgres")
                        + "' cannot reach " + profile.stateDir());
            }
            Files.createDirectories(dataDir());
            Files.createDirectories(socketDir());
            Files.createDirectories(profile.stateDir().resolve("run"));
            Files.setPosixFilePermissions(dataDir(), PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dataDir(), e);
        }
        osUser.own(baseDir());
        osUser.requireReachable(baseDir());
    }

    private void initdb(Path bin, OsUser osUser) {
        progress.println("Initialising a PostgreSQL cluster in " + dataDir());
        long started = System.nanoTime();
        // initdb reads the password from a file the server user can read; it lives a moment, inside the private dir.
        Path pwfile = baseDir().resolve(".initdb-password");
        try {
            Files.writeString(pwfile, password() + "\n", StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
            osUser.own(pwfile);
            runAsServer(osUser, List.of(bin.resolve("initdb").toString(), "-D", dataDir().toString(), "-U", user(),
                    "--pwfile=" + pwfile, "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + pwfile, e);
        } catch (RuntimeException e) {
            // A half-initialised data dir would be mistaken for a cluster on the next start.
            deleteQuietly(dataDir());
            throw new ServiceStartException("initdb failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(pwfile);
        }
        progress.printf("  cluster initialised in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    private void start(Path bin, OsUser osUser, Duration timeout) {
        progress.printf("Starting PostgreSQL on %s:%d (log: %s)%n", host(), port(), logFile());
        long started = System.nanoTime();
        String options = "-c listen_addresses=" + host() + " -p " + port() + " -k " + socketDir();
        try {
            runAsServer(osUser, List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir().toString(), "-l", logFile().toString(),
                    "-o", options, "-w", "-t", String.valueOf(timeout.toSeconds()), "start"));
        } catch (RuntimeException e) {
            throw new ServiceStartException("PostgreSQL did not start: " + e.getMessage() + Readiness.tails(List.of(logFile())), e);
        }
        long pid = postmasterPid().orElseThrow(() -> new ServiceStartException("pg_ctl started PostgreSQL but "
                + dataDir().resolve("postmaster.pid") + " names no pid" + Readiness.tails(List.of(logFile()))));
        process.write(pid);
        Readiness.await("PostgreSQL", () -> process.live().isPresent(), this::healthy, timeout, List.of(logFile()), progress);
        progress.printf("PostgreSQL is up (pid %d, ready after %.1f s)%n", pid, (System.nanoTime() - started) / 1e9);
    }

    /** The first line of {@code postmaster.pid} is the server's pid. */
    private Optional<Long> postmasterPid() {
        try {
            List<String> lines = Files.readAllLines(dataDir().resolve("postmaster.pid"), StandardCharsets.US_ASCII);
            return lines.isEmpty() || !lines.get(0).trim().matches("\\d+") ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void runAsServer(OsUser osUser, List<String> command) {
        Commands.run(osUser.wrap(command), profile.homeDir(), Map.of("LC_ALL", "C"), line -> progress.println("  [postgres] " + line));
    }

    private static void requireIdentifier(String name, String what) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " must be a lower-case SQL identifier ([a-z_][a-z0-9_]*), got '" + name + "'");
        }
    }

    private static void deleteQuietly(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> s = Files.walk(path)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort: the caller reports the original failure
        }
    }
}
