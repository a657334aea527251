package org.citylake.warehouse.services;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Function;

/**
 * Downloads single artifacts from a Maven repository over HTTPS, verified against the {@code .sha1}
 * the repository publishes next to each file. Used for the big server archives that are not worth
 * routing through the local Maven repository (~/.m2 is shared with builds).
 */
final class MavenCentral {
    static final String DEFAULT_BASE = "https://repo.maven.apache.org/maven2";
    static final String BASE_ENV = "CITYLAKE_MAVEN_REPO";

    private final String base;
    private final PrintStream progress;
    private final HttpClient http;

    MavenCentral(String base, PrintStream progress) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.progress = progress;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
    }

    static MavenCentral fromEnvironment(Function<String, String> env, PrintStream progress) {
        String base = env.apply(BASE_ENV);
        return new MavenCentral(base == null || base.isBlank() ? DEFAULT_BASE : base.trim(), progress);
    }

    /** Coordinates of one file in a Maven repository. */
    record Artifact(String groupId, String artifactId, String version, String classifier, String extension) {
        String fileName() {
            return artifactId + "-" + version + (classifier == null || classifier.isEmpty() ? "" : "-" + classifier) + "." + extension;
        }

        String path() {
            return groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/" + fileName();
        }

        @Override
        public String toString() {
            return groupId + ":" + artifactId + ":" + version + ":" + extension + (classifier == null ? "" : ":" + classifier);
        }
    }

    String url(Artifact artifact) {
        return base + "/" + artifact.path();
    }

    /**
     * Downloads {@code artifact} to {@code target} unless it is already there. The bytes go to a temp file
     * in the same directory and are renamed only after the SHA-1 matched, so a crash or a concurrent reader
     * never sees a partial file under the final name.
     */
    Path download(Artifact artifact, Path target) {
        if (Files.isRegularFile(target)) {
            return target;
        }
        String url = url(artifact);
        try {
            Files.createDirectories(target.getParent());
            String expectedSha1 = fetchSha1(url + ".sha1");
            Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            try {
                String actualSha1 = fetchTo(url, tmp, artifact.fileName());
                if (!actualSha1.equalsIgnoreCase(expectedSha1)) {
                    throw new IOException("Checksum mismatch for " + url + ": expected SHA-1 " + expectedSha1 + ", got " + actualSha1);
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot download " + artifact + " from " + url + " (set " + BASE_ENV
                    + " to use another repository): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while downloading " + url, e);
        }
    }

    private String fetchSha1(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(url), HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " for " + url);
        }
        return parseSha1(response.body(), url);
    }

    /** A .sha1 file is the hex digest, sometimes followed by the file name; anything else is refused. */
    static String parseSha1(String body, String url) throws IOException {
        String token = body.trim().split("\\s+")[0].toLowerCase(Locale.ROOT);
        if (!token.matches("[0-9a-f]{40}")) {
            throw new IOException("Not a SHA-1 digest at " + url + ": '" + body.trim() + "'");
        }
        return token;
    }

    private String fetchTo(String url, Path tmp, String label) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(request(url), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("HTTP " + response.statusCode() + " for " + url);
        }
        long total = response.headers().firstValueAsLong("content-length").orElse(-1);
        MessageDigest sha1 = sha1();
        long done = 0;
        long started = System.nanoTime();
        int lastDecile = -1;
        long lastPrint = 0;
        progress.printf("Downloading %s (%s) from %s%n", label, total > 0 ? mib(total) + " MiB" : "size unknown", url);
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(tmp)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                sha1.update(buffer, 0, n);
                done += n;
                // One line per 10 % (or per 5 s when the size is unknown): readable in a log, visible on a terminal.
                long now = System.nanoTime();
                if (total > 0) {
                    int decile = (int) (done * 10 / total);
                    if (decile != lastDecile && decile < 10) {
                        lastDecile = decile;
                        progress.printf("  %s: %3d%% (%d / %d MiB)%n", label, decile * 10, mib(done), mib(total));
                    }
                } else if (now - lastPrint > 5_000_000_000L) {
                    lastPrint = now;
                    progress.printf("  %s: %d MiB%n", label, mib(done));
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        progress.printf("  %s: 100%% (%d MiB in %.1f s)%n", label, mib(done), seconds);
        if (total > 0 && done != total) {
            throw new IOException("Truncated download of " + url + ": " + done + " of " + total + " bytes");
        }
        return HexFormat.of().formatHex(sha1.digest());
    }

    private static HttpRequest request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(30)).GET().build();
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-1", e);
        }
    }

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }
}
