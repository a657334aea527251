package org.citylake.warehouse.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import org.citylake.warehouse.Profile;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code citylake services up --only s3}: a real s3proxy from Maven Central started detached on a private port
 * (-Dcitylake.it.s3service.port, default 29400), used through the AWS SDK with the generated keys, found again
 * by status, and stopped by down. The jar comes from the shared cache (~/.cache/citylake), not downloaded per run.
 */
class S3ServiceTest {
    static final String PORT = System.getProperty("citylake.it.s3service.port", "29400");

    @Test
    void startsServesS3WithGeneratedKeysAndStops() throws Exception {
        Path home = Files.createDirectories(Path.of("target/s3-test").toAbsolutePath());
        ArtifactCache.deleteTree(home);
        Profile profile = TestProfiles.local(home).with(Map.of(
                "s3.endpoint", "http://127.0.0.1:" + PORT,
                "cache.dir", Path.of(System.getProperty("user.home"), ".cache/citylake").toString(),
                "spark.master", "local[*]",
                "services.start.timeout.seconds", "90"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LocalServices services = new LocalServices(profile, new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            services.up(EnumSet.of(ServiceKind.S3));
            ServiceStatus status = services.status().stream().filter(s -> s.kind() == ServiceKind.S3).findFirst().orElseThrow();
            assertThat(status.running()).isTrue();
            assertThat(status.endpoint()).isEqualTo("http://127.0.0.1:" + PORT);

            Path keyFile = home.resolve(".citylake/secrets/s3.properties");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
            S3Keys keys = S3Service.keys(profile);
            assertThat(keys.secretKey()).hasSize(48);
            assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain(keys.secretKey()).contains("keys: in " + keyFile);
            try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(status.endpoint())).forcePathStyle(true)
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keys.accessKey(), keys.secretKey())))
                    .build()) {
                s3.createBucket(b -> b.bucket("city"));
                s3.putObject(b -> b.bucket("city").key("district/yaohai/hello.txt"), RequestBody.fromString("你好"));
                assertThat(s3.getObjectAsBytes(b -> b.bucket("city").key("district/yaohai/hello.txt")).asUtf8String()).isEqualTo("你好");
            }
            assertThat(home.resolve(".citylake/s3/buckets/city")).isDirectory();

            services.up(EnumSet.of(ServiceKind.S3)); // already running: found by its pid file, not started twice
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("S3 server already running");
        } finally {
            services.down(EnumSet.of(ServiceKind.S3));
        }
        assertThat(services.status().stream().filter(s -> s.kind() == ServiceKind.S3).findFirst().orElseThrow().running()).isFalse();
    }
}
