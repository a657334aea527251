package org.citylake.warehouse.services;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.citylake.warehouse.Profile;

/**
 * An S3-compatible server on loopback: s3proxy (Maven Central's {@code jar-with-dependencies}) storing buckets
 * under {@code <state.dir>/s3/buckets}, so exchange peers and an S3 warehouse can be used through the MinIO SDK
 * or S3FileIO exactly as against MinIO. Not in the default set: {@code citylake services up --only s3}.
 *
 * <p>Endpoint: the profile's {@code s3.endpoint} (local: {@code http://127.0.0.1:19000}). Keys: {@code
 * s3.access.key} / {@code s3.secret.key} ({@code CITYLAKE_S3_ACCESS_KEY} / {@code CITYLAKE_S3_SECRET_KEY});
 * when both are empty a pair is generated on first start and kept in {@code <state.dir>/secrets/s3.properties}
 * (mode 600), so clients of this machine's server can read them from there.
 */
final class S3Service {
    static final String MARKER = "-Dcitylake.service=s3";
    static final String VERSION = "4.1.0";

    private final Profile profile;
    private final Supplier<ArtifactCache> cache;
    private final PrintStream progress;
    private final ServiceProcess process;

    S3Service(Profile profile, Supplier<ArtifactCache> cache, PrintStream progress) {
        this.profile = profile;
        this.cache = cache;
        this.progress = progress;
        this.process = new ServiceProcess(profile.stateDir().resolve("run/s3.pid"), MARKER);
    }

    static URI endpoint(Profile profile) {
        URI uri = URI.create(profile.get("s3.endpoint", "http://127.0.0.1:19000").trim());
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("citylake can only start an S3 server for s3.endpoint = http://HOST:PORT, not '" + uri + "'");
        }
        return uri;
    }

    /** The access and secret key clients use: the profile's, or the pair generated on first start. */
    static S3Keys keys(Profile profile) {
        String access = profile.get("s3.access.key", "");
        String secret = profile.get("s3.secret.key", "");
        if (!access.isBlank() && !secret.isBlank()) {
            return new S3Keys(access, secret, Optional.empty());
        }
        Path file = profile.stateDir().resolve("secrets/s3.properties");
        try {
            java.util.Properties props = new java.util.Properties();
            if (!Files.isRegularFile(file)) {
                Files.createDirectories(file.getParent());
                byte[] bytes = new byte[24];
                new SecureRandom().nextBytes(bytes);
                props.setProperty("access.key", "citylake");
                props.setProperty("secret.key", HexFormat.of().formatHex(bytes));
                Path tmp = Files.createTempFile(file.getParent(), "s3", ".tmp"); // created 0600
                try (var w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    props.store(w, "keys of citylake's local S3 server (services up --only s3)");
                }
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(r);
            }
            return new S3Keys(props.getProperty("access.key"), props.getProperty("secret.key"), Optional.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the S3 key file " + file, e);
        }
    }

    Path log() {
        return profile.stateDir().resolve("logs/s3proxy.log");
    }

    ServiceStatus status() {
        Optional<ProcessHandle> live = process.live();
        URI uri = endpoint(profile);
        boolean running = live.isPresent() && PortProbe.isOpen(uri.getHost(), uri.getPort());
        return new ServiceStatus(ServiceKind.S3, running, live.map(ProcessHandle::pid).orElse(-1L), uri.toString(), log());
    }

    void up() {
        FileLocks.withLock(profile.stateDir().resolve("run/s3.lock"), () -> {
            URI uri = endpoint(profile);
            if (status().running()) {
                progress.printf("S3 server already running (pid %d) at %s%n", process.live().get().pid(), uri);
                return;
            }
            process.stop(Duration.ofSeconds(10));
            if (PortProbe.isOpen(uri.getHost(), uri.getPort())) {
                throw new ServiceStartException("Port " + uri.getPort() + " on " + uri.getHost() + " is already taken by a process"
                        + " citylake did not start. Stop it, or choose another endpoint with CITYLAKE_S3_ENDPOINT.");
            }
            Path jar = cache.get().s3proxy();
            S3Keys keys = keys(profile);
            Path config = writeConfig(uri, keys);
            List<String> cmd = new ArrayList<>(JavaRuntime.detachPrefix());
            cmd.add(JavaRuntime.currentJava());
            cmd.add(MARKER);
            cmd.add("-Xmx" + profile.get("s3.heap", "256m"));
            cmd.addAll(List.of("-jar", jar.toString(), "--properties", config.toString()));
            Process p;
            try {
                Files.createDirectories(log().getParent());
                progress.printf("Starting the S3 server (s3proxy %s) on %s (log: %s)%n", VERSION, uri, log());
                p = new ProcessBuilder(cmd).directory(profile.stateDir().toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                        .redirectErrorStream(true).start();
                process.write(p.pid());
            } catch (IOException e) {
                throw new ServiceStartException("Cannot start s3proxy: " + e.getMessage(), e);
            }
            try {
                double s = Readiness.await("S3 server", p::isAlive, () -> PortProbe.isOpen(uri.getHost(), uri.getPort()),
                        Duration.ofSeconds(profile.getInt("services.start.timeout.seconds")), List.of(log()), progress);
                progress.printf("S3 server is up (pid %d, %.1f s) at %s; keys: %s%n", p.pid(), s, uri,
                        keys.file().map(f -> "in " + f).orElse("the profile's s3.access.key / s3.secret.key"));
            } catch (RuntimeException e) {
                p.destroyForcibly();
                process.clear();
                throw e;
            }
        });
    }

    void down() {
        FileLocks.withLock(profile.stateDir().resolve("run/s3.lock"), () -> {
            var pid = process.stop(Duration.ofSeconds(10));
            if (pid.isEmpty()) {
                progress.println("S3 server is not running (nothing citylake started)");
            } else {
                progress.printf("Stopped the S3 server (pid %d)%n", pid.getAsLong());
            }
        });
    }

    /** s3proxy's properties (mode 600: they hold the secret key), with buckets on the filesystem under the state dir. */
    private Path writeConfig(URI uri, S3Keys keys) {
        Path dir = profile.stateDir().resolve("s3");
        Path file = dir.resolve("s3proxy.properties");
        try {
            Files.createDirectories(dir.resolve("buckets"));
            Path tmp = Files.createTempFile(dir, "s3proxy", ".tmp"); // created 0600
            Files.writeString(tmp, config(uri, keys, dir.resolve("buckets")), StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    static String config(URI uri, S3Keys keys, Path buckets) {
        return String.join("\n",
                "s3proxy.endpoint=http://" + uri.getHost() + ":" + uri.getPort(),
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + keys.accessKey(),
                "s3proxy.credential=" + keys.secretKey(),
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + buckets,
                "");
    }
}
