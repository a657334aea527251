package org.citylake.warehouse.services;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.TrinoAccess;
import org.citylake.warehouse.TrinoPasswords;
import org.citylake.warehouse.serving.AccessRules;
import org.citylake.warehouse.serving.ServingPublisher;

/**
 * A single-node Trino 476 (coordinator and worker in one JVM on Java ≥ 24) with the Iceberg catalog on the
 * local Hive Metastore. Started through Trino's own launcher, which daemonises the server and writes the
 * pid file citylake names, so {@code down} and {@code status} know exactly which process is ours.
 */
final class TrinoService {
    /** Every Trino server JVM has this on its command line (the classpath of the install dir). */
    static final String COMMAND_MARKER = "trino-server-" + ArtifactCache.TRINO_VERSION;
    static final String JDBC_USER = AccessRules.ADMIN_USER;
    private static final Pattern NOT_STARTING = Pattern.compile("\"starting\"\\s*:\\s*false");

    private final Profile profile;
    private final Supplier<ArtifactCache> cache;
    private final Function<String, String> env;
    private final PrintStream progress;
    private final ServiceProcess process;
    private final TrinoAccess access;
    private final HttpClient http;

    TrinoService(Profile profile, Supplier<ArtifactCache> cache, Function<String, String> env, PrintStream progress) {
        this.profile = profile;
        this.cache = cache;
        this.env = env;
        this.progress = progress;
        this.process = new ServiceProcess(profile.stateDir().resolve("run/trino.pid"), COMMAND_MARKER);
        this.access = TrinoAccess.of(profile, env);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    Path logFile() {
        return profile.stateDir().resolve("logs/trino.log");
    }

    /** The launcher's log: the JVM's stdout/stderr, where a failure before logging starts shows up. */
    Path launcherLogFile() {
        return profile.stateDir().resolve("logs/trino-launcher.log");
    }

    private String baseUrl() {
        return access.baseUrl();
    }

    /** Plain HTTP, or HTTPS trusting the certificate (which exists only once citylake wrote it or was given it). */
    private HttpClient http() {
        if (!access.passwordAuth()) {
            return http;
        }
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).sslContext(access.sslContext()).build();
    }

    ServiceStatus status() {
        Optional<ProcessHandle> live = process.live();
        return new ServiceStatus(ServiceKind.TRINO, live.isPresent() && healthy(), live.map(ProcessHandle::pid).orElse(-1L),
                access.jdbcUrl(), logFile());
    }

    /** Healthy = the server says it finished starting and answers {@code SELECT 1} over JDBC. */
    boolean healthy() {
        return serverStarted() && selectOne();
    }

    private boolean serverStarted() {
        if (access.passwordAuth() && !java.nio.file.Files.isRegularFile(access.truststore())) {
            return false;
        }
        try {
            HttpResponse<String> r = http().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/info"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && NOT_STARTING.matcher(r.body()).find();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean selectOne() {
        try (Connection c = access.connect(JDBC_USER); Statement s = c.createStatement()) {
            s.setQueryTimeout(60);
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                return rs.next() && rs.getInt(1) == 1;
            }
        } catch (SQLException e) {
            return false;
        }
    }

    void up() {
        FileLocks.withLock(profile.stateDir().resolve("run/trino.lock"), () -> {
            Duration timeout = Duration.ofSeconds(profile.getInt("services.start.timeout.seconds"));
            Optional<ProcessHandle> live = process.live();
            if (live.isPresent()) {
                if (healthy()) {
                    progress.printf("Trino already running (pid %d) at %s%n", live.get().pid(), access.jdbcUrl());
                    return;
                }
                progress.printf("Trino pid %d is running but not answering yet; waiting%n", live.get().pid());
                ProcessHandle handle = live.get();
                Readiness.await("Trino", handle::isAlive, this::healthy, timeout, logs(), progress);
                return;
            }
            process.clear();
            if (PortProbe.isOpen(profile.get("trino.host"), profile.getInt("trino.port"))) {
                throw new ServiceStartException("Port " + profile.getInt("trino.port") + " on " + profile.get("trino.host")
                        + " is already taken by a process citylake did not start. Stop it, or choose another port with"
                        + " CITYLAKE_TRINO_PORT / -Dcitylake.trino.port.");
            }
            Path javaHome = TrinoJava.locate(env);
            Path home = cache.get().trino();
            writeConfig();
            start(home, javaHome, timeout);
        });
    }

    void down() {
        FileLocks.withLock(profile.stateDir().resolve("run/trino.lock"), () -> {
            var stopped = process.stop(Duration.ofSeconds(30));
            if (stopped.isPresent()) {
                progress.printf("Stopped Trino (pid %d)%n", stopped.getAsLong());
            } else {
                progress.println("Trino is not running (nothing citylake started)");
            }
        });
    }

    private List<Path> logs() {
        return List.of(launcherLogFile(), logFile());
    }

    /** Regenerated on every start; stale catalog files from an earlier catalog name are removed. */
    private void writeConfig() {
        Path etc = TrinoConfig.etcDir(profile);
        try {
            ArtifactCache.deleteTree(etc.resolve("catalog"));
            for (Map.Entry<String, String> file : TrinoConfig.files(profile).entrySet()) {
                Path target = etc.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            }
            // Trino refuses to start without its rules file; until the first publish only the admin user has rights.
            Path rules = AccessRules.file(profile);
            if (!Files.exists(rules)) {
                AccessRules.write(rules, AccessRules.adminOnly());
            }
            if (access.passwordAuth()) {
                TrinoCertificate.ensure(TrinoAccess.keystore(profile), access.truststore(), profile.get("trino.host"));
                // The admin and every app of conf/apps; the serving publisher rewrites it when apps change.
                access.passwords().writePasswordDb(TrinoPasswords.passwordDb(profile), ServingPublisher.trinoUsers(profile));
                progress.printf("Trino: HTTPS with passwords (certificate %s; passwords: %s)%n", access.truststore(),
                        access.passwords().source(JDBC_USER));
            }
            Files.createDirectories(TrinoConfig.dataDir(profile));
            Files.createDirectories(logFile().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Trino config under " + etc, e);
        }
    }

    private void start(Path home, Path javaHome, Duration timeout) {
        progress.printf("Starting Trino on %s with %s (log: %s)%n", baseUrl(), javaHome, logFile());
        long started = System.nanoTime();
        List<String> cmd = List.of(home.resolve("bin/launcher").toString(),
                "--etc-dir=" + TrinoConfig.etcDir(profile),
                "--data-dir=" + TrinoConfig.dataDir(profile),
                "--pid-file=" + process.pidFile(),
                "--server-log-file=" + logFile(),
                "--launcher-log-file=" + launcherLogFile(),
                "start");
        try {
            Map<String, String> launcherEnv = new java.util.HashMap<>(TrinoConfig.environment(profile, env));
            launcherEnv.put("JAVA_HOME", javaHome.toString());
            launcherEnv.put("PATH", javaHome.resolve("bin") + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            Commands.run(cmd, TrinoConfig.dataDir(profile), launcherEnv,
                    line -> progress.println("  [launcher] " + line));
        } catch (RuntimeException e) {
            throw new ServiceStartException("Trino's launcher failed: " + e.getMessage() + Readiness.tails(logs()), e);
        }
        long pid = process.recordedPid().orElseThrow(() -> new ServiceStartException(
                "Trino's launcher wrote no pid file at " + process.pidFile() + Readiness.tails(logs())));
        try {
            double seconds = Readiness.await("Trino", () -> process.live().isPresent(), this::healthy, timeout, logs(), progress);
            progress.printf("Trino is up (pid %d, SELECT 1 answered %.1f s after start)%n", pid,
                    Math.max(seconds, (System.nanoTime() - started) / 1e9));
        } catch (ServiceStartException e) {
            process.stop(Duration.ofSeconds(10));
            throw e;
        }
    }
}
