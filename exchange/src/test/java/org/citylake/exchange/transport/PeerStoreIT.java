package org.citylake.exchange.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.MinioClient;
import java.io.BufferedWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.citylake.exchange.crypto.ManifestSigner;
import org.citylake.exchange.crypto.Sm4FileCipher;
import org.citylake.exchange.pkg.ExchangePackage;
import org.citylake.exchange.pkg.ManifestVerifier;
import org.citylake.exchange.pkg.PackageColumn;
import org.citylake.exchange.pkg.PackageHeader;
import org.citylake.exchange.pkg.PackageManifest;
import org.citylake.exchange.pkg.RowCounter;
import org.citylake.exchange.pkg.SnapshotRange;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.services.LocalServices;
import org.citylake.warehouse.services.ServiceKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Packages through the MinIO SDK against a real S3 server (s3proxy) on a private loopback port. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeerStoreIT {
    static final ManifestSigner SIGNER = new ManifestSigner(ManifestSigner.HMAC_SM3, "city-2026", HexFormat.of().parseHex("00112233445566778899aabbccddeeff0011"));
    static final Sm4FileCipher CIPHER = new Sm4FileCipher(HexFormat.of().parseHex("0123456789abcdeffedcba9876543210"));
    final PrintStream out = System.out;

    @TempDir
    Path tmp;
    LocalServices server;
    MinioClient client;
    PeerStore store;

    @BeforeAll
    void startServer(@TempDir Path base) {
        // citylake's own S3 service (services up --only s3), under a state dir and on a port of this test's own.
        server = new LocalServices(Profile.load("local").with(Map.of("state.dir", base.toString(),
                "s3.endpoint", "http://127.0.0.1:" + Integer.getInteger("citylake.it.s3.port", 39100),
                "s3.access.key", "district", "s3.secret.key", "district-secret-key")), out);
        server.up(EnumSet.of(ServiceKind.S3));
        client = MinioClient.builder().endpoint(server.s3Endpoint()).credentials("district", "district-secret-key").build();
        store = new PeerStore(client, "city", "district/yaohai/population", Retry.standard(out), out);
        store.ensureBucket();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.down(EnumSet.of(ServiceKind.S3));
        }
    }

    /** A CSV package of {@code rows} rows (about 60 bytes each), SM4-encrypted. */
    ExchangePackage sealed(String id, int rows) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("out").resolve(id));
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("part-00000.csv"), RowCounter.GBK)) {
            w.write("resident_id,name,street_code\n");
            for (int i = 0; i < rows; i++) {
                w.write(String.format("110101********%04d,张*,450203001%08d%n", i % 10000, i));
            }
        }
        PackageHeader h = new PackageHeader(id, "city-person", "base.person", PackageManifest.ChangeKind.APPEND, PackageManifest.DataFormat.CSV_GBK,
                List.of(new PackageColumn("resident_id", "string", "mask(6,4)"), new PackageColumn("name", "string", "mask(1,0)"),
                        new PackageColumn("street_code", "string", "none")), new SnapshotRange(null, 7L), "district-test");
        return ExchangePackage.seal(dir, h, Map.of("part-00000.csv", (long) rows), SIGNER, Optional.of(CIPHER), Clock.systemUTC());
    }

    ManifestVerifier verifier() {
        return new ManifestVerifier(SIGNER, Optional.of(CIPHER));
    }

    @Test
    void aLargePackageGoesUpMultipartAndComesBackVerified() throws Exception {
        ExchangePackage p = sealed("city-person.base_person.start-7", 250_000); // ~ 12 MB: multipart with 8 MB parts
        assertThat(p.manifest().files().get(0).bytes()).isGreaterThan(PeerStore.PART_SIZE);
        assertThat(store.upload(p)).isEqualTo(1);
        assertThat(store.packageIds()).contains("city-person.base_person.start-7");

        // Rerun after a crash: the data file is there with its SHA-256, only the manifest goes again.
        assertThat(store.upload(p)).isZero();

        Path in = store.download("city-person.base_person.start-7", tmp.resolve("in"));
        ManifestVerifier.Verification v = verifier().verify(in);
        assertThat(v.problems()).isEmpty();
        assertThat(v.manifest().totalRows()).isEqualTo(250_000);
        assertThat(RowCounter.count(v.plainFiles().values().iterator().next(), PackageManifest.DataFormat.CSV_GBK)).isEqualTo(250_000);
    }

    @Test
    void withoutItsManifestAPackageIsInvisible() throws Exception {
        ExchangePackage p = sealed("city-person.base_person.7-8", 10);
        String file = p.manifest().files().get(0).name();
        store.put("city-person.base_person.7-8", file, Files.readAllBytes(p.file(file)));
        assertThat(store.packageIds()).doesNotContain("city-person.base_person.7-8");
        store.upload(p);
        assertThat(store.packageIds()).contains("city-person.base_person.7-8");
    }

    @Test
    void hostilePackageIdsInTheBucketAreSkippedNamedAndDoNotBlockTheOthers() throws Exception {
        ExchangePackage p = sealed("city-person.base_person.10-11", 10);
        store.upload(p);
        byte[] manifest = Files.readAllBytes(p.manifestFile());
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        PeerStore logged = new PeerStore(client, "city", "district/yaohai/population", Retry.standard(out),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        // An attacker with bucket access writes manifests under ids meant to escape the inbox on download.
        for (String id : List.of("..hidden", "..%2F..%2Fetc", "名 单")) {
            client.putObject(io.minio.PutObjectArgs.builder().bucket("city").object("district/yaohai/population/" + id + "/manifest.json")
                    .stream(new java.io.ByteArrayInputStream(manifest), (long) manifest.length, -1L).build());
        }

        List<String> ids = logged.packageIds();

        assertThat(ids).contains("city-person.base_person.10-11").noneMatch(id -> id.contains("..") || id.contains(" "));
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("skipped s3://city/district/yaohai/population/..hidden/manifest.json",
                "contains '..'", "名 单");
        assertThat(verifier().verify(logged.download("city-person.base_person.10-11", tmp.resolve("after-hostile"))).ok()).isTrue();
    }

    @Test
    void anInterruptedDownloadResumesFromItsPartFile() throws Exception {
        ExchangePackage p = sealed("city-person.base_person.8-9", 5_000);
        store.upload(p);
        String file = p.manifest().files().get(0).name();
        byte[] all = Files.readAllBytes(p.file(file));
        Path dir = Files.createDirectories(tmp.resolve("resume").resolve("city-person.base_person.8-9"));
        Files.write(dir.resolve(file + ".part"), java.util.Arrays.copyOf(all, all.length / 3)); // a crash a third of the way
        store.download("city-person.base_person.8-9", tmp.resolve("resume"));
        assertThat(Files.readAllBytes(dir.resolve(file))).isEqualTo(all);
        assertThat(verifier().verify(dir).ok()).isTrue();
    }

    @Test
    void aTamperedObjectIsRejectedAndDeadLettered() throws Exception {
        String id = "city-person.base_person.9-10";
        ExchangePackage p = sealed(id, 100);
        store.upload(p);
        String file = p.manifest().files().get(0).name();
        byte[] bytes = store.get(id, file);
        bytes[bytes.length / 2] ^= 0x20; // one byte, as a corrupted transfer or an attacker would
        store.put(id, file, bytes);

        ManifestVerifier.Verification v = verifier().verify(store.download(id, tmp.resolve("tampered")));
        assertThat(v.problems()).extracting(ManifestVerifier.Problem::kind)
                .containsExactly(ManifestVerifier.Kind.SHA256_MISMATCH, ManifestVerifier.Kind.SM3_MISMATCH);
        store.deadLetter(id, v.reason());
        assertThat(store.packageIds()).doesNotContain(id);
        assertThat(store.hasManifest(id)).isFalse();
        assertThat(store.deadLetterReason(id)).hasValueSatisfying(r -> assertThat(r).contains("sha256_mismatch", file));
    }

    @Test
    void aServerThatGoesAwayMidPullIsRetriedWithBackoffUntilItIsBack() throws Exception {
        ExchangePackage p = sealed("city-person.base_person.11-12", 200);
        store.upload(p);
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        // Backoff 250 ms doubling over 8 attempts (~30 s in all): longer than s3proxy needs to start again.
        PeerStore patient = new PeerStore(client, "city", "district/yaohai/population",
                new Retry(8, Duration.ofMillis(250), 2.0, new PrintStream(log, true, StandardCharsets.UTF_8)), out);
        server.down(EnumSet.of(ServiceKind.S3)); // the network to the peer is gone
        Thread back = new Thread(() -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server.up(EnumSet.of(ServiceKind.S3)); // and comes back, same buckets
        });
        back.start();
        try {
            Path in = patient.download("city-person.base_person.11-12", tmp.resolve("outage"));
            assertThat(verifier().verify(in).ok()).isTrue();
        } finally {
            back.join();
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("retry 1/7 of ", "in 250 ms", "in 500 ms");
    }
}
