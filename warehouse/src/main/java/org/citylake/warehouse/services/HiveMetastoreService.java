package org.citylake.warehouse.services;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.citylake.warehouse.Profile;

/**
 * The Hive Metastore 4.0.1 in its own Java 17 process: on embedded Derby for the {@code local} profile, or on
 * citylake's PostgreSQL ({@code hms.db: postgres}) with an S3 warehouse for the {@code cluster} profile.
 */
final class HiveMetastoreService {
    static final String MAIN_CLASS = "org.apache.hadoop.hive.metastore.HiveMetaStore";
    static final String SCHEMA_TOOL = "org.apache.hadoop.hive.metastore.tools.schematool.MetastoreSchemaTool";

    private final Profile profile;
    private final Supplier<ArtifactCache> cache;
    private final PrintStream progress;
    private final ServiceProcess process;
    private final PostgresService postgres;

    HiveMetastoreService(Profile profile, Supplier<ArtifactCache> cache, PostgresService postgres, PrintStream progress) {
        this.profile = profile;
        this.cache = cache;
        this.postgres = postgres;
        this.progress = progress;
        this.process = new ServiceProcess(profile.stateDir().resolve("run/hms.pid"), MAIN_CLASS);
    }

    Path logFile() {
        return profile.stateDir().resolve("logs/hms.log");
    }

    private Path hmsDir() {
        return profile.stateDir().resolve("hms");
    }

    private Path confDir() {
        return hmsDir().resolve("conf");
    }

    private String host() {
        return profile.get("hms.host");
    }

    private int port() {
        return profile.getInt("hms.port");
    }

    boolean healthy() {
        return PortProbe.isOpen(host(), port());
    }

    ServiceStatus status() {
        Optional<ProcessHandle> live = process.live();
        return new ServiceStatus(ServiceKind.HMS, live.isPresent() && healthy(), live.map(ProcessHandle::pid).orElse(-1L),
                profile.hmsUri(), logFile());
    }

    void up() {
        FileLocks.withLock(profile.stateDir().resolve("run/hms.lock"), () -> {
            Duration timeout = Duration.ofSeconds(profile.getInt("services.start.timeout.seconds"));
            Optional<ProcessHandle> live = process.live();
            if (live.isPresent()) {
                if (healthy()) {
                    progress.printf("Hive Metastore already running (pid %d) at %s%n", live.get().pid(), profile.hmsUri());
                    return;
                }
                progress.printf("Hive Metastore pid %d is running but not listening yet; waiting%n", live.get().pid());
                ProcessHandle handle = live.get();
                Readiness.await("Hive Metastore", handle::isAlive, this::healthy, timeout, List.of(logFile()), progress);
                return;
            }
            process.clear();
            if (healthy()) {
                throw new ServiceStartException("Port " + port() + " on " + host() + " is already taken by a process citylake"
                        + " did not start. Stop it, or choose another port with CITYLAKE_HMS_PORT / -Dcitylake.hms.port.");
            }
            ArtifactCache.HiveMetastoreInstall install = cache.get().hiveMetastore();
            writeConfig();
            if (onPostgres()) {
                initPostgresSchemaIfNeeded(install);
            } else {
                initSchemaIfNeeded(install);
            }
            start(install, timeout);
        });
    }

    void down() {
        FileLocks.withLock(profile.stateDir().resolve("run/hms.lock"), () -> {
            var stopped = process.stop(Duration.ofSeconds(30));
            if (stopped.isPresent()) {
                progress.printf("Stopped Hive Metastore (pid %d)%n", stopped.getAsLong());
            } else {
                progress.println("Hive Metastore is not running (nothing citylake started)");
            }
        });
    }

    /** Regenerated on every start so profile changes (ports, dirs) take effect. */
    private void writeConfig() {
        try {
            Files.createDirectories(confDir());
            if (!profile.s3Warehouse()) {
                Files.createDirectories(profile.warehouseDir());
            }
            Files.createDirectories(logFile().getParent());
            Files.writeString(confDir().resolve("metastore-site.xml"), HiveMetastoreConfig.metastoreSiteXml(profile), StandardCharsets.UTF_8);
            Files.writeString(confDir().resolve(HiveMetastoreConfig.LOG4J2_FILE), HiveMetastoreConfig.log4j2Properties(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Hive Metastore config under " + confDir(), e);
        }
    }

    private List<String> javaCommand(ArtifactCache.HiveMetastoreInstall install, String mainClass) {
        List<String> cmd = new ArrayList<>();
        cmd.add(JavaRuntime.currentJava());
        cmd.add("-Xmx" + profile.get("hms.heap"));
        cmd.add("-Dderby.stream.error.file=" + profile.stateDir().resolve("logs/derby.log"));
        cmd.add("-cp");
        String classpath = confDir() + File.pathSeparator + install.libDir().resolve("*");
        if (needsExtras()) {
            classpath += File.pathSeparator + cache.get().hiveMetastoreExtras().resolve("*");
        }
        cmd.add(classpath);
        cmd.add(mainClass);
        return cmd;
    }

    /**
     * The schema tool runs once, on a database that does not exist yet. It reads its scripts from
     * METASTORE_HOME, so it gets a private copy of the Derby scripts with the CLOB patch applied: the shared
     * cache stays pristine.
     */
    private void initSchemaIfNeeded(ArtifactCache.HiveMetastoreInstall install) {
        Path db = HiveMetastoreConfig.derbyDatabase(profile);
        if (Files.isDirectory(db)) {
            return;
        }
        long started = System.nanoTime();
        Path home = hmsDir().resolve("metastore-home");
        try {
            Path scripts = home.resolve("scripts/metastore/upgrade/derby");
            ArtifactCache.deleteTree(home);
            Files.createDirectories(scripts);
            try (Stream<Path> files = Files.list(install.derbyScripts())) {
                for (Path f : files.toList()) {
                    Files.copy(f, scripts.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path schema = scripts.resolve(HiveMetastoreConfig.DERBY_SCHEMA_SCRIPT);
            Files.writeString(schema, HiveMetastoreConfig.patchDerbySchema(Files.readString(schema, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the Derby schema scripts under " + home, e);
        }
        progress.println("Initialising the Hive Metastore schema in " + db);
        List<String> cmd = javaCommand(install, SCHEMA_TOOL);
        cmd.addAll(List.of("-initSchema", "-dbType", "derby"));
        try {
            Commands.run(cmd, hmsDir(), Map.of("METASTORE_HOME", home.toString()), line -> appendLog(line));
        } catch (RuntimeException e) {
            // A half-created database would make the next start skip the init and fail verification.
            try {
                ArtifactCache.deleteTree(db);
            } catch (IOException ignored) {
                // reported through the original failure
            }
            throw new ServiceStartException("Hive Metastore schema initialisation failed: " + e.getMessage(), e);
        }
        progress.printf("  schema initialised in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    private boolean onPostgres() {
        return HiveMetastoreConfig.database(profile).equals("postgres");
    }

    /** The PostgreSQL driver and Hadoop's S3A are not in the server's own classpath; only these setups need them. */
    private boolean needsExtras() {
        return onPostgres() || profile.s3Warehouse();
    }

    /**
     * What the server and the schema tool get in their environment: the database password (the site file only
     * names the variable) and the S3 key pair for S3A's environment credential provider.
     */
    private Map<String, String> secretsEnvironment() {
        Map<String, String> env = new java.util.HashMap<>();
        if (onPostgres()) {
            env.put(HiveMetastoreConfig.DB_PASSWORD_ENV, postgres.password());
        }
        if (profile.s3Warehouse()) {
            org.citylake.warehouse.S3Settings s3 = org.citylake.warehouse.S3Settings.of(profile);
            env.put("AWS_ACCESS_KEY_ID", s3.accessKey());
            env.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
            env.put("AWS_REGION", s3.region());
        }
        return env;
    }

    /**
     * The schema tool runs once per database: citylake creates the database, then the tool creates Hive 4.0's
     * tables (lock tables included) from the unpatched PostgreSQL script; PostgreSQL compares TEXT columns, so no
     * patch like Derby's is needed. A failed init drops the database so the next start retries from scratch.
     */
    private void initPostgresSchemaIfNeeded(ArtifactCache.HiveMetastoreInstall install) {
        String db = HiveMetastoreConfig.postgresDatabase(profile);
        postgres.ensureDatabase(db);
        String present = postgres.query(db, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'VERSION'");
        if (present.equals("1")) {
            return;
        }
        long started = System.nanoTime();
        progress.println("Initialising the Hive Metastore schema in PostgreSQL database " + db);
        List<String> cmd = javaCommand(install, SCHEMA_TOOL);
        cmd.addAll(List.of("-initSchema", "-dbType", "postgres"));
        Map<String, String> env = new java.util.HashMap<>(secretsEnvironment());
        env.put("METASTORE_HOME", install.distDir().toString());
        try {
            Commands.run(cmd, hmsDir(), env, this::appendLog);
        } catch (RuntimeException e) {
            try {
                postgres.query("postgres", "DROP DATABASE IF EXISTS " + db);
            } catch (RuntimeException ignored) {
                // reported through the original failure
            }
            throw new ServiceStartException("Hive Metastore schema initialisation on PostgreSQL failed: " + e.getMessage(), e);
        }
        progress.printf("  schema initialised in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    private void appendLog(String line) {
        try {
            Files.writeString(logFile(), line + System.lineSeparator(), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void start(ArtifactCache.HiveMetastoreInstall install, Duration timeout) {
        List<String> cmd = new ArrayList<>(JavaRuntime.detachPrefix());
        cmd.addAll(javaCommand(install, MAIN_CLASS));
        progress.printf("Starting Hive Metastore on %s (log: %s)%n", profile.hmsUri(), logFile());
        Process child;
        try {
            appendLog("==== citylake: starting Hive Metastore " + java.time.Instant.now() + " ====");
            ProcessBuilder builder = new ProcessBuilder(cmd)
                    .directory(hmsDir().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .redirectErrorStream(true);
            builder.environment().putAll(secretsEnvironment());
            child = builder.start();
        } catch (IOException e) {
            throw new ServiceStartException("Cannot start the Hive Metastore: " + e.getMessage(), e);
        }
        process.write(child.pid());
        try {
            double seconds = Readiness.await("Hive Metastore", child::isAlive, this::healthy, timeout, List.of(logFile()), progress);
            progress.printf("Hive Metastore is up (pid %d, port open after %.1f s)%n", child.pid(), seconds);
        } catch (ServiceStartException e) {
            // Never leave a half-started server behind a failed command.
            process.stop(Duration.ofSeconds(10));
            throw e;
        }
    }
}
