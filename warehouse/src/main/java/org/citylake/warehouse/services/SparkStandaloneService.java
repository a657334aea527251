package org.citylake.warehouse.services;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.SparkJvm;

/**
 * A Spark standalone cluster on loopback — one master and one worker — started from the Spark jars on citylake's
 * own classpath (no Spark distribution is installed). The worker launches executors with the classpath the
 * application asks for ({@code spark.executor.extraClassPath}) plus {@code <SPARK_HOME>/jars}; SPARK_HOME is a
 * private directory under the state dir whose {@code jars/} is empty, because everything an executor needs comes
 * from the application.
 *
 * <p>The master URL is the profile's {@code spark.master} ({@code spark://127.0.0.1:PORT}); the worker's budget is
 * {@code spark.worker.cores} and {@code spark.worker.memory}. The web UIs bind to ephemeral loopback ports.
 */
final class SparkStandaloneService {
    static final String MASTER_CLASS = "org.apache.spark.deploy.master.Master";
    static final String WORKER_CLASS = "org.apache.spark.deploy.worker.Worker";
    static final String REGISTERED = "Successfully registered with master";
    /**
     * Put first on each daemon's command line and used as its pid-file marker: the JDK reports at most 4 KiB of a
     * process's command line, and the classpath pushes the main class far beyond that.
     */
    static final String MASTER_MARKER = "-Dcitylake.service=spark-master";
    static final String WORKER_MARKER = "-Dcitylake.service=spark-worker";

    private final Profile profile;
    private final PrintStream progress;
    private final ServiceProcess master;
    private final ServiceProcess worker;

    SparkStandaloneService(Profile profile, PrintStream progress) {
        this.profile = profile;
        this.progress = progress;
        this.master = new ServiceProcess(profile.stateDir().resolve("run/spark-master.pid"), MASTER_MARKER);
        this.worker = new ServiceProcess(profile.stateDir().resolve("run/spark-worker.pid"), WORKER_MARKER);
    }

    /** host and port of a {@code spark://host:port} master URL; anything else is not a standalone master. */
    static URI masterUri(Profile profile) {
        String url = profile.get("spark.master").trim();
        if (!url.startsWith("spark://")) {
            throw new IllegalArgumentException("citylake can only start a standalone master for spark.master = spark://HOST:PORT,"
                    + " not '" + url + "' (local[*] needs no cluster; YARN and Kubernetes are reached with spark-submit, see docs/cluster.md)");
        }
        URI uri = URI.create(url);
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("spark.master must be spark://HOST:PORT, got '" + url + "'");
        }
        return uri;
    }

    Path masterLog() {
        return profile.stateDir().resolve("logs/spark-master.log");
    }

    Path workerLog() {
        return profile.stateDir().resolve("logs/spark-worker.log");
    }

    private Path sparkHome() {
        return profile.stateDir().resolve("spark/home");
    }

    ServiceStatus status() {
        String endpoint = profile.get("spark.master");
        Optional<ProcessHandle> m = master.live();
        boolean running = m.isPresent() && worker.live().isPresent() && masterListening();
        return new ServiceStatus(ServiceKind.SPARK, running, m.map(ProcessHandle::pid).orElse(-1L), endpoint, masterLog());
    }

    private boolean masterListening() {
        URI uri = masterUri(profile);
        return PortProbe.isOpen(uri.getHost(), uri.getPort());
    }

    private boolean workerRegistered() {
        return LogTail.contains(workerLog(), REGISTERED);
    }

    void up() {
        FileLocks.withLock(profile.stateDir().resolve("run/spark.lock"), () -> {
            Duration timeout = Duration.ofSeconds(profile.getInt("services.start.timeout.seconds"));
            URI uri = masterUri(profile);
            if (master.live().isPresent() && worker.live().isPresent() && masterListening()) {
                progress.printf("Spark standalone master already running (pid %d) at %s%n", master.live().get().pid(), profile.get("spark.master"));
                return;
            }
            // A lone master or worker from an interrupted start is stopped rather than guessed about.
            worker.stop(Duration.ofSeconds(10));
            master.stop(Duration.ofSeconds(10));
            if (PortProbe.isOpen(uri.getHost(), uri.getPort())) {
                throw new ServiceStartException("Port " + uri.getPort() + " on " + uri.getHost() + " is already taken by a process"
                        + " citylake did not start. Stop it, or choose another master URL with CITYLAKE_SPARK_MASTER.");
            }
            prepare();
            long started = System.nanoTime();
            Process m = launch(MASTER_CLASS, List.of("--host", uri.getHost(), "--port", String.valueOf(uri.getPort()), "--webui-port", "0"),
                    masterLog(), master, MASTER_MARKER);
            Process w = null;
            try {
                Readiness.await("Spark master", m::isAlive, this::masterListening, timeout, List.of(masterLog()), progress);
                w = launch(WORKER_CLASS, List.of("--host", uri.getHost(), "--port", "0", "--webui-port", "0",
                                "--cores", profile.get("spark.worker.cores", "2"), "--memory", profile.get("spark.worker.memory", "1536m"),
                                "--work-dir", profile.stateDir().resolve("spark/work").toString(), profile.get("spark.master").trim()),
                        workerLog(), worker, WORKER_MARKER);
                Readiness.await("Spark worker", w::isAlive, this::workerRegistered, timeout, List.of(workerLog(), masterLog()), progress);
                if (master.live().isEmpty() || worker.live().isEmpty()) {
                    throw new ServiceStartException("The Spark daemons started but their pid files do not find them; not leaving"
                            + " servers that 'services down' could not stop");
                }
            } catch (RuntimeException e) {
                // The Process handles, not the pid files: they stop what was launched even if the files are wrong.
                for (Process p : new Process[] {w, m}) {
                    if (p != null) {
                        p.destroyForcibly();
                    }
                }
                worker.clear();
                master.clear();
                throw e;
            }
            progress.printf("Spark standalone master and worker are up at %s (%.1f s)%n", profile.get("spark.master"),
                    (System.nanoTime() - started) / 1e9);
        });
    }

    void down() {
        FileLocks.withLock(profile.stateDir().resolve("run/spark.lock"), () -> {
            var w = worker.stop(Duration.ofSeconds(20));
            var m = master.stop(Duration.ofSeconds(20));
            if (w.isEmpty() && m.isEmpty()) {
                progress.println("Spark standalone is not running (nothing citylake started)");
            } else {
                progress.printf("Stopped Spark standalone (master pid %s, worker pid %s)%n",
                        m.isPresent() ? m.getAsLong() : "-", w.isPresent() ? w.getAsLong() : "-");
            }
        });
    }

    private void prepare() {
        try {
            Files.createDirectories(sparkHome().resolve("jars"));
            Files.createDirectories(profile.stateDir().resolve("spark/work"));
            Files.createDirectories(masterLog().getParent());
            Files.deleteIfExists(workerLog()); // readiness reads this log: a stale "registered" must not count
            // INFO from the deploy classes: the worker's registration line is how readiness is seen.
            Files.writeString(sparkHome().resolve("log4j2.properties"), String.join("\n",
                    "rootLogger.level = WARN",
                    "rootLogger.appenderRef.stdout.ref = console",
                    "appender.console.type = Console",
                    "appender.console.name = console",
                    "appender.console.target = SYSTEM_OUT",
                    "appender.console.layout.type = PatternLayout",
                    "appender.console.layout.pattern = %d{ISO8601} %p %c{1}: %m%n",
                    "logger.deploy.name = org.apache.spark.deploy",
                    "logger.deploy.level = INFO", ""), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + sparkHome(), e);
        }
    }

    private Process launch(String mainClass, List<String> args, Path log, ServiceProcess pid, String marker) {
        List<String> cmd = new ArrayList<>(JavaRuntime.detachPrefix());
        cmd.add(JavaRuntime.currentJava());
        cmd.add(marker);
        cmd.add("-Xmx" + profile.get("spark.daemon.heap", "256m"));
        cmd.addAll(SparkJvm.FLAGS);
        cmd.add("-Dlog4j2.configurationFile=" + sparkHome().resolve("log4j2.properties"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(cmd)
                .directory(profile.stateDir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("SPARK_HOME", sparkHome().toString());
        // Spark's launcher library asks for the Scala version of a "build" otherwise; the jars say 2.12.
        env.put("SPARK_SCALA_VERSION", "2.12");
        env.put("SPARK_LOCAL_IP", masterUri(profile).getHost());
        env.put("SPARK_LOCAL_DIRS", profile.stateDir().resolve("spark/local").toString());
        try {
            Files.writeString(log, "==== citylake: starting " + mainClass + " " + java.time.Instant.now() + " ====\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            progress.printf("Starting %s (log: %s)%n", mainClass.substring(mainClass.lastIndexOf('.') + 1), log);
            Process p = builder.start();
            pid.write(p.pid());
            return p;
        } catch (IOException e) {
            throw new ServiceStartException("Cannot start " + mainClass + ": " + e.getMessage(), e);
        }
    }
}
