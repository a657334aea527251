package org.citylake.warehouse.services;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.S3Settings;
import org.citylake.warehouse.TrinoAccess;
import org.citylake.warehouse.TrinoPasswords;
import org.citylake.warehouse.serving.AccessRules;

/**
 * The etc directory of the single-node Trino 476 for the {@code local} profile: file name → content.
 * Pure text generation so it is unit-tested without a server.
 */
final class TrinoConfig {
    private TrinoConfig() {
    }

    static Path etcDir(Profile profile) {
        return profile.stateDir().resolve("trino/etc");
    }

    static Path dataDir(Profile profile) {
        return profile.stateDir().resolve("trino/data");
    }

    static Map<String, String> files(Profile profile) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("config.properties", configProperties(profile));
        files.put("node.properties", nodeProperties(profile));
        files.put("jvm.config", jvmConfig(profile));
        files.put("log.properties", "io.trino=INFO\n");
        files.put("access-control.properties", accessControlProperties(profile));
        if (TrinoAccess.of(profile).passwordAuth()) {
            files.put("password-authenticator.properties", passwordAuthenticatorProperties(profile));
        }
        files.put("catalog/" + profile.get("trino.catalog") + ".properties", catalogProperties(profile));
        return files;
    }

    static String configProperties(Profile profile) {
        int port = profile.getInt("trino.port");
        String host = profile.get("trino.host");
        long queryMemoryMb = queryMemoryMb(profile.get("trino.heap"));
        List<String> lines = new ArrayList<>(List.of(
                "coordinator=true",
                "node-scheduler.include-coordinator=true"));
        if (TrinoAccess.of(profile).passwordAuth()) {
            // HTTPS only, on the same port: with plain HTTP open beside it a client could still name any user
            // there. The node talks to itself over TLS too, authenticated by the shared secret, which reaches
            // the server through its environment and never lands in this file.
            lines.addAll(List.of(
                    "http-server.http.enabled=false",
                    "http-server.https.enabled=true",
                    "http-server.https.port=" + port,
                    "http-server.https.keystore.path=" + TrinoAccess.keystore(profile),
                    "discovery.uri=https://" + host + ":" + port,
                    "internal-communication.https.required=true",
                    // Named explicitly, or Trino replaces the keystore with one it derives from the shared secret
                    // (a certificate no client can trust); the node trusts its own certificate.
                    "internal-communication.https.keystore.path=" + TrinoAccess.keystore(profile),
                    "internal-communication.https.truststore.path=" + TrinoAccess.of(profile).truststore(),
                    "internal-communication.shared-secret=${ENV:" + TrinoPasswords.SHARED_SECRET_ENV + "}",
                    "http-server.authentication.type=PASSWORD"));
        } else {
            lines.addAll(List.of(
                    "http-server.http.port=" + port,
                    "discovery.uri=http://" + host + ":" + port));
        }
        // Trino reserves 30 % of the heap as headroom; per-node query memory must fit in the rest.
        lines.add("query.max-memory=" + queryMemoryMb + "MB");
        lines.add("query.max-memory-per-node=" + queryMemoryMb + "MB");
        return lines(lines.toArray(String[]::new));
    }

    /** Trino's file authenticator over the bcrypt hashes citylake writes (re-read when the file changes). */
    static String passwordAuthenticatorProperties(Profile profile) {
        return lines(
                "password-authenticator.name=file",
                "file.password-file=" + TrinoPasswords.passwordDb(profile),
                "file.refresh-period=5s");
    }

    /** Query memory for a heap like "2G" or "1536m": 45 % of it, at most 1 GB (a laptop-sized lake). */
    static long queryMemoryMb(String heap) {
        long heapMb = heapMb(heap);
        return Math.max(64, Math.min(1024, heapMb * 45 / 100));
    }

    static long heapMb(String heap) {
        String h = heap.trim().toUpperCase(Locale.ROOT);
        if (!h.matches("\\d+[KMGT]?B?")) {
            throw new IllegalArgumentException("trino.heap must look like 2G or 1536m, got '" + heap + "'");
        }
        h = h.endsWith("B") ? h.substring(0, h.length() - 1) : h;
        char unit = Character.isDigit(h.charAt(h.length() - 1)) ? 'B' : h.charAt(h.length() - 1);
        long n = Long.parseLong(unit == 'B' ? h : h.substring(0, h.length() - 1));
        return switch (unit) {
            case 'K' -> n / 1024;
            case 'M' -> n;
            case 'G' -> n * 1024;
            case 'T' -> n * 1024 * 1024;
            default -> n / (1024 * 1024);
        };
    }

    static String nodeProperties(Profile profile) {
        String host = profile.get("trino.host");
        return lines(
                "node.environment=citylake",
                "node.id=citylake-" + profile.name(),
                "node.data-dir=" + dataDir(profile),
                "node.internal-address=" + host,
                "node.bind-ip=" + host);
    }

    /**
     * One flag per line, as the launcher requires; the list follows Trino 476's recommended jvm.config.
     * No header comment: this file is read as JVM flags, not as properties.
     */
    static String jvmConfig(Profile profile) {
        return String.join("\n", List.of(
                "-server",
                "-Xmx" + profile.get("trino.heap"),
                "-XX:+UseG1GC",
                "-XX:G1HeapRegionSize=32M",
                "-XX:+ExplicitGCInvokesConcurrent",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:-OmitStackTraceInFastThrow",
                "-XX:ReservedCodeCacheSize=256M",
                "-XX:PerMethodRecompilationCutoff=10000",
                "-XX:PerBytecodeRecompilationCutoff=10000",
                "-Djdk.attach.allowAttachSelf=true",
                "-Djdk.nio.maxCachedBufferSize=2000000",
                "-Dfile.encoding=UTF-8",
                "-XX:+EnableDynamicAgentLoading")) + "\n";
    }

    /**
     * File-based access control: the rules are generated from conf/apps by the serving publisher and re-read
     * every few seconds, so a grant or revoke takes effect without restarting Trino.
     */
    static String accessControlProperties(Profile profile) {
        return lines(
                "access-control.name=file",
                "security.config-file=" + AccessRules.file(profile),
                "security.refresh-period=5s");
    }

    /** Environment variables the Trino server reads the S3 key pair from; the catalog file only names them. */
    static final String S3_ACCESS_KEY_ENV = "CITYLAKE_S3_ACCESS_KEY";
    static final String S3_SECRET_KEY_ENV = "CITYLAKE_S3_SECRET_KEY";

    static String catalogProperties(Profile profile) {
        if (profile.s3Warehouse()) {
            S3Settings s3 = S3Settings.of(profile);
            return lines(withMetastoreCache(profile,
                    "connector.name=iceberg",
                    "iceberg.catalog.type=hive_metastore",
                    "hive.metastore.uri=" + profile.hmsUri(),
                    "fs.native-s3.enabled=true",
                    "s3.endpoint=" + s3.endpoint(),
                    "s3.region=" + s3.region(),
                    "s3.path-style-access=" + s3.pathStyle(),
                    // Trino expands ${ENV:X} when it loads the catalog: the keys never land in this file.
                    "s3.aws-access-key=${ENV:" + S3_ACCESS_KEY_ENV + "}",
                    "s3.aws-secret-key=${ENV:" + S3_SECRET_KEY_ENV + "}"));
        }
        return lines(withMetastoreCache(profile,
                "connector.name=iceberg",
                "iceberg.catalog.type=hive_metastore",
                "hive.metastore.uri=" + profile.hmsUri(),
                "fs.native-local.enabled=true",
                // Must be "/": the local file system re-roots every path under this location.
                "local.location=/"));
    }

    /**
     * {@code trino.metastore.cache.ttl} (default 0s, off): Trino otherwise asks the metastore for the table on
     * every query, a round trip of its own in each point lookup's analysis (measured 22-50 ms → 9 ms on a loaded
     * 2-core machine). The price is freshness: a publish (a new metadata pointer in the metastore) reaches Trino
     * up to the TTL late, so it stays off unless a deployment accepts that.
     */
    static String[] withMetastoreCache(Profile profile, String... lines) {
        String ttl = profile.get("trino.metastore.cache.ttl", "0s").trim();
        if (!ttl.matches("\\d+(ms|s|m|h)")) {
            throw new IllegalArgumentException("trino.metastore.cache.ttl must look like 0s, 10s or 1m, got '" + ttl + "'");
        }
        if (ttl.matches("0+(ms|s|m|h)")) {
            return lines;
        }
        List<String> out = new ArrayList<>(List.of(lines));
        out.add("hive.metastore-cache-ttl=" + ttl);
        return out.toArray(String[]::new);
    }

    /** What the Trino server's environment must hold for the files above (S3 keys, the shared secret). */
    static Map<String, String> environment(Profile profile, Function<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        if (profile.s3Warehouse()) {
            S3Settings s3 = S3Settings.of(profile);
            out.put(S3_ACCESS_KEY_ENV, s3.accessKey());
            out.put(S3_SECRET_KEY_ENV, s3.secretKey());
        }
        TrinoAccess access = TrinoAccess.of(profile, env);
        if (access.passwordAuth()) {
            out.put(TrinoPasswords.SHARED_SECRET_ENV, access.passwords().sharedSecret());
        }
        return out;
    }

    private static String lines(String... lines) {
        return "# Generated by citylake from the profile on every start; edit the profile, not this file.\n"
                + String.join("\n", lines) + "\n";
    }
}
