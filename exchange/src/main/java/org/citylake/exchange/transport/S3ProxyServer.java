package org.citylake.exchange.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * A real S3 API on the local filesystem: s3proxy (Maven Central, {@code jar-with-dependencies}) run as a
 * child process on loopback, so exchange code is tested through the MinIO SDK exactly as against MinIO.
 * The jar is downloaded once into the cache dir (SHA-1 checked against Maven Central), never committed.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String VERSION = "4.1.0";
    static final String ARTIFACT_PATH = "org/gaul/s3proxy/" + VERSION + "/s3proxy-" + VERSION + "-jar-with-dependencies.jar";

    private final Process process;
    private final int port;
    private final Path log;

    private S3ProxyServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The jar in {@code cacheDir/s3proxy-<version>/}, downloaded on first use (temp file, checked, renamed). */
    public static Path ensureJar(Path cacheDir, PrintStream progress) {
        Path dir = cacheDir.resolve("s3proxy-" + VERSION);
        Path jar = dir.resolve("s3proxy-" + VERSION + "-jar-with-dependencies.jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        String base = System.getenv().getOrDefault("CITYLAKE_MAVEN_REPO", "https://repo.maven.apache.org/maven2").replaceFirst("/$", "");
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                if (Files.isRegularFile(jar)) {
                    return jar; // another process downloaded it while we waited
                }
                progress.println("Downloading s3proxy " + VERSION + " from " + base + " into " + dir + " (first use)");
                HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build();
                String expected = http.send(HttpRequest.newBuilder(URI.create(base + "/" + ARTIFACT_PATH + ".sha1")).build(),
                        HttpResponse.BodyHandlers.ofString()).body().trim().split("\\s+")[0];
                Path tmp = Files.createTempFile(dir, "s3proxy", ".part");
                try {
                    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base + "/" + ARTIFACT_PATH)).build(),
                            HttpResponse.BodyHandlers.ofInputStream());
                    if (r.statusCode() != 200) {
                        throw new IOException("HTTP " + r.statusCode() + " for " + base + "/" + ARTIFACT_PATH);
                    }
                    MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
                    try (InputStream in = r.body(); var out = Files.newOutputStream(tmp)) {
                        byte[] buf = new byte[1 << 16];
                        for (int n; (n = in.read(buf)) > 0; ) {
                            sha1.update(buf, 0, n);
                            out.write(buf, 0, n);
                        }
                    }
                    String actual = HexFormat.of().formatHex(sha1.digest());
                    if (!actual.equalsIgnoreCase(expected)) {
                        throw new IOException("SHA-1 mismatch for s3proxy: expected " + expected + ", got " + actual);
                    }
                    // createTempFile makes it private (0600); the cache is shared between checkouts and users.
                    Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                    Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot download s3proxy: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot download s3proxy: " + e.getMessage(), e);
        }
    }

    /** Starts s3proxy on 127.0.0.1:{@code port} storing buckets under {@code baseDir}; returns once it answers HTTP. */
    public static S3ProxyServer start(Path jar, Path baseDir, int port, String identity, String credential, Duration timeout) {
        try {
            Files.createDirectories(baseDir.resolve("buckets"));
            Path props = baseDir.resolve("s3proxy.properties");
            Files.writeString(props, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + identity,
                    "s3proxy.credential=" + credential,
                    "jclouds.provider=filesystem-nio2",
                    "jclouds.filesystem.basedir=" + baseDir.resolve("buckets"),
                    "") , StandardCharsets.UTF_8);
            Path log = baseDir.resolve("s3proxy.log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar.toString(), "--properties", props.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Files.writeString(baseDir.resolve("s3proxy.pid"), p.pid() + "\n");
            S3ProxyServer server = new S3ProxyServer(p, port, log);
            server.awaitReady(timeout);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start s3proxy: " + e.getMessage(), e);
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited with " + process.exitValue() + "; log " + log + ":\n" + tail());
            }
            try {
                // Any HTTP answer (403 for an anonymous request) means the S3 API is listening.
                http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                sleep();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted waiting for s3proxy", e);
            }
        }
        close();
        throw new IllegalStateException("s3proxy did not answer on " + endpoint() + " within " + timeout.toSeconds() + " s; log:\n" + tail());
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
