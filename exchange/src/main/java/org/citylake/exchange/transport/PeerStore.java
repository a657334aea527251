package org.citylake.exchange.transport;

import io.minio.BucketExistsArgs;
import io.minio.CopyObjectArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.SourceObject;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import org.citylake.exchange.CrashPoint;
import org.citylake.exchange.pkg.ExchangePackage;
import org.citylake.exchange.pkg.PackageFile;
import org.citylake.exchange.pkg.PackageManifest;
import org.citylake.exchange.pkg.SafeNames;
import org.citylake.exchange.subscription.Subscription;

/**
 * A peer's bucket and prefix, through the MinIO SDK. Packages live at {@code <prefix>/<package id>/};
 * the manifest is uploaded last, so listing manifests lists complete packages only. Uploads skip data
 * objects already there with the same size and SHA-256 (resume after a crash); downloads continue a
 * {@code .part} file from its length with a ranged GET.
 */
public final class PeerStore {
    /** Files above this go up as multipart uploads (S3 minimum part size is 5 MiB). */
    public static final long PART_SIZE = 8L * 1024 * 1024;
    public static final String DEAD_LETTER = "dead-letter";
    public static final String REASON_FILE = "reason.txt";
    private static final String SHA256_META = "citylake-sha256";

    private final MinioClient client;
    private final String bucket;
    private final String prefix;
    private final Retry retry;
    private final PrintStream log;

    public PeerStore(MinioClient client, String bucket, String prefix, Retry retry, PrintStream log) {
        this.client = client;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        this.retry = retry;
        this.log = log;
    }

    /** Connects to a subscription's peer, reading the access keys from the environment variables it names. */
    public static PeerStore connect(Subscription.Peer peer, Function<String, String> env, PrintStream log) {
        String access = env.apply(peer.accessKeyEnv());
        String secret = env.apply(peer.secretKeyEnv());
        if (access == null || access.isBlank() || secret == null || secret.isBlank()) {
            throw new IllegalStateException("Set " + peer.accessKeyEnv() + " and " + peer.secretKeyEnv() + " to the credentials for peer " + peer.name());
        }
        MinioClient client = MinioClient.builder().endpoint(peer.endpoint()).region(peer.region()).credentials(access, secret).build();
        return new PeerStore(client, peer.bucket(), peer.keyPrefix(), Retry.standard(log), log);
    }

    public String bucket() {
        return bucket;
    }

    public String location(String packageId) {
        return "s3://" + bucket + "/" + packageKey(packageId, "");
    }

    public void ensureBucket() {
        retry.run("create bucket " + bucket, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
            return null;
        });
    }

    String packageKey(String packageId, String file) {
        return prefix + SafeNames.packageId(packageId) + "/" + file;
    }

    /** Uploads a sealed package: data files (resuming), then the manifest. Returns the number of data files sent now. */
    public int upload(ExchangePackage pkg) {
        String id = pkg.manifest().packageId();
        int sent = 0;
        for (PackageFile f : pkg.manifest().files()) {
            String key = packageKey(id, f.name());
            Optional<StatObjectResponse> existing = stat(key);
            if (existing.isPresent() && existing.get().size() == f.bytes() && f.sha256().equals(sha256Meta(existing.get()))) {
                log.println("  " + f.name() + " already uploaded, skipped");
                continue;
            }
            Path file = pkg.file(f.name());
            retry.run("upload " + key, () -> client.uploadObject(UploadObjectArgs.builder().bucket(bucket).object(key)
                    .filename(file.toString(), PART_SIZE).userMetadata(Map.of(SHA256_META, f.sha256())).build()));
            sent++;
        }
        CrashPoint.reach("after-data-upload");
        String manifestKey = packageKey(id, PackageManifest.FILE_NAME);
        retry.run("upload " + manifestKey, () -> client.uploadObject(UploadObjectArgs.builder().bucket(bucket).object(manifestKey)
                .filename(pkg.manifestFile().toString()).contentType("application/json").build()));
        return sent;
    }

    /**
     * Ids of complete packages (those whose manifest is present) under the prefix, sorted; dead letters excluded.
     * An id {@link SafeNames} refuses ({@code ..}, {@code ..x}, spaces, non-ASCII) is named in the log and left
     * out: it must neither become a local path nor stop the packages after it from being pulled.
     */
    public List<String> packageIds() {
        return retry.run("list " + bucket + "/" + prefix, () -> {
            TreeSet<String> ids = new TreeSet<>();
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
                String key = r.get().objectName().substring(prefix.length());
                String[] parts = key.split("/");
                if (parts.length == 2 && parts[1].equals(PackageManifest.FILE_NAME) && !parts[0].equals(DEAD_LETTER)) {
                    try {
                        ids.add(SafeNames.packageId(parts[0]));
                    } catch (SafeNames.UnsafeNameException e) {
                        log.printf("exchange  skipped s3://%s/%s%s: %s%n", bucket, prefix, key, e.getMessage());
                    }
                }
            }
            return new ArrayList<>(ids);
        });
    }

    public boolean hasManifest(String packageId) {
        return stat(packageKey(packageId, PackageManifest.FILE_NAME)).isPresent();
    }

    /**
     * Downloads a package into {@code into/<id>/}: the manifest, then each file it lists. Names are checked
     * before they become paths. A file whose object is missing is simply absent locally: the verifier names it.
     */
    public Path download(String packageId, Path into) {
        try {
            Path dir = Files.createDirectories(into.resolve(SafeNames.packageId(packageId)));
            Path manifest = dir.resolve(PackageManifest.FILE_NAME);
            downloadResuming(packageKey(packageId, PackageManifest.FILE_NAME), manifest);
            PackageManifest m;
            try {
                m = PackageManifest.parse(Files.readString(manifest, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return dir; // the verifier reports the malformed manifest
            }
            for (PackageFile f : m.files()) {
                String key = packageKey(packageId, f.name());
                if (stat(key).isPresent()) {
                    downloadResuming(key, ExchangePackage.resolve(dir, f.name()));
                }
            }
            return dir;
        } catch (java.io.IOException e) {
            throw new Retry.TransportException("Cannot download " + location(packageId) + ": " + e.getMessage(), e);
        }
    }

    /** Continues {@code target.part} from its current length; complete files are left alone. */
    void downloadResuming(String key, Path target) {
        if (Files.isRegularFile(target)) {
            return;
        }
        Path part = target.resolveSibling(target.getFileName() + ".part");
        retry.run("download " + key, () -> {
            long have = Files.exists(part) ? Files.size(part) : 0;
            long size = stat(key).orElseThrow(() -> new java.io.FileNotFoundException("s3://" + bucket + "/" + key)).size();
            if (have < size) {
                try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).offset(have).build());
                     OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                    in.transferTo(out);
                }
            }
            if (Files.size(part) != size) {
                Files.delete(part); // longer than the object: it changed under us, start over next attempt
                throw new java.io.IOException("s3://" + bucket + "/" + key + " size changed while downloading");
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            return null;
        });
    }

    /**
     * Moves a rejected package under {@code <prefix>/dead-letter/<id>/} with a {@code reason.txt}. The
     * manifest goes first, so pollers stop seeing the package before its files move.
     */
    public void deadLetter(String packageId, String reason) {
        String from = packageKey(packageId, "");
        String to = prefix + DEAD_LETTER + "/" + SafeNames.packageId(packageId) + "/";
        retry.run("dead-letter " + from, () -> {
            byte[] text = (reason + "\n").getBytes(StandardCharsets.UTF_8);
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(to + REASON_FILE)
                    .stream(new ByteArrayInputStream(text), (long) text.length, -1L).contentType("text/plain; charset=utf-8").build());
            List<String> keys = new ArrayList<>();
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(from).recursive(true).build())) {
                keys.add(r.get().objectName());
            }
            keys.sort((a, b) -> Boolean.compare(!a.endsWith("/" + PackageManifest.FILE_NAME), !b.endsWith("/" + PackageManifest.FILE_NAME)));
            for (String k : keys) {
                String rest = k.substring(from.length());
                client.copyObject(CopyObjectArgs.builder().bucket(bucket).object(to + rest)
                        .source(SourceObject.builder().bucket(bucket).object(k).build()).build());
                client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(k).build());
            }
            return null;
        });
    }

    /** A dead-lettered package and the reason it was rejected. */
    public record DeadLetter(String packageId, String reason, String location) {
    }

    /** Every package under {@code <prefix>/dead-letter/}, by id, with its reason ({@code reason.txt}). */
    public List<DeadLetter> deadLetters() {
        String root = prefix + DEAD_LETTER + "/";
        TreeSet<String> ids = retry.run("list " + bucket + "/" + root, () -> {
            TreeSet<String> found = new TreeSet<>();
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(root).recursive(true).build())) {
                String[] parts = r.get().objectName().substring(root.length()).split("/");
                if (parts.length == 2 && parts[1].equals(REASON_FILE) && SafeNames.isPackageId(parts[0])) {
                    found.add(parts[0]);
                }
            }
            return found;
        });
        List<DeadLetter> out = new ArrayList<>();
        for (String id : ids) {
            out.add(new DeadLetter(id, deadLetterReason(id).orElse(""), "s3://" + bucket + "/" + root + id + "/"));
        }
        return out;
    }

    /** The dead-letter prefix as a store of its own: download and verify a rejected package where it lies. */
    public PeerStore deadLetterStore() {
        return new PeerStore(client, bucket, prefix + DEAD_LETTER, retry, log);
    }

    /**
     * Moves a dead-lettered package back under the prefix, data files first and the manifest last (so pollers
     * see it only once it is whole again), then drops its {@code reason.txt}. The next pull verifies it afresh.
     */
    public void restore(String packageId) {
        String from = prefix + DEAD_LETTER + "/" + SafeNames.packageId(packageId) + "/";
        String to = packageKey(packageId, "");
        retry.run("restore " + from, () -> {
            List<String> keys = new ArrayList<>();
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(from).recursive(true).build())) {
                keys.add(r.get().objectName());
            }
            keys.removeIf(k -> k.equals(from + REASON_FILE));
            keys.sort((a, b) -> Boolean.compare(a.endsWith("/" + PackageManifest.FILE_NAME), b.endsWith("/" + PackageManifest.FILE_NAME)));
            for (String k : keys) {
                client.copyObject(CopyObjectArgs.builder().bucket(bucket).object(to + k.substring(from.length()))
                        .source(SourceObject.builder().bucket(bucket).object(k).build()).build());
            }
            for (String k : keys) {
                client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(k).build());
            }
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(from + REASON_FILE).build());
            return null;
        });
    }

    /** When the producer sealed a package, from its manifest; empty when the manifest cannot be read. */
    public Optional<java.time.Instant> createdAt(String packageId) {
        try {
            return Optional.of(PackageManifest.parse(new String(get(packageId, PackageManifest.FILE_NAME), StandardCharsets.UTF_8)).createdAt());
        } catch (IllegalArgumentException | Retry.TransportException e) {
            return Optional.empty(); // malformed or gone: the download and verification that follow name the problem
        }
    }

    public Optional<String> deadLetterReason(String packageId) {
        String key = prefix + DEAD_LETTER + "/" + SafeNames.packageId(packageId) + "/" + REASON_FILE;
        if (stat(key).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(retry.run("read " + key, () -> {
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
        }));
    }

    /** Replaces one object's bytes (tests tamper with packages through this, as an attacker with bucket access would). */
    public void put(String packageId, String file, byte[] bytes) {
        String key = packageKey(packageId, SafeNames.fileName(file));
        retry.run("put " + key, () -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L).build()));
    }

    public byte[] get(String packageId, String file) {
        String key = packageKey(packageId, file);
        return retry.run("get " + key, () -> {
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                return in.readAllBytes();
            }
        });
    }

    Optional<StatObjectResponse> stat(String key) {
        return retry.run("stat " + key, () -> {
            try {
                return Optional.of(client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()));
            } catch (ErrorResponseException e) {
                if ("NoSuchKey".equals(e.errorResponse().code()) || "NoSuchObject".equals(e.errorResponse().code())
                        || (e.response() != null && e.response().code() == 404)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    private static String sha256Meta(StatObjectResponse s) {
        for (Map.Entry<String, String> e : s.userMetadata()) {
            if (e.getKey().toLowerCase().endsWith(SHA256_META)) {
                return e.getValue();
            }
        }
        return null;
    }
}
