package org.citylake.warehouse.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.TrinoAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrinoConfigTest {
    @TempDir
    Path home;

    @Test
    void generatesTheEtcFilesWithTheCatalogNamedByTheProfile() throws Exception {
        Map<String, String> files = TrinoConfig.files(TestProfiles.local(home));
        assertThat(files).containsOnlyKeys("config.properties", "node.properties", "jvm.config", "log.properties", "access-control.properties", "catalog/lake.properties");
    }

    @Test
    void configIsASingleNodeCoordinatorOnTheProfilePort() throws Exception {
        assertThat(TrinoConfig.configProperties(TestProfiles.local(home)).lines())
                .contains("coordinator=true", "node-scheduler.include-coordinator=true", "http-server.http.port=28080",
                        "discovery.uri=http://127.0.0.1:28080", "query.max-memory=921MB", "query.max-memory-per-node=921MB");
    }

    @Test
    void nodeKeepsItsDataUnderTheStateDir() throws Exception {
        assertThat(TrinoConfig.nodeProperties(TestProfiles.local(home)).lines())
                .contains("node.environment=citylake", "node.id=citylake-local",
                        "node.data-dir=" + home.resolve(".citylake/trino/data"),
                        "node.internal-address=127.0.0.1", "node.bind-ip=127.0.0.1");
    }

    @Test
    void jvmConfigHasOneFlagPerLineAndTheHeapFromTheProfile() throws Exception {
        Profile profile = TestProfiles.local(home).with(Map.of("trino.heap", "3G"));
        String jvm = TrinoConfig.jvmConfig(profile);
        assertThat(jvm.lines()).allMatch(line -> line.startsWith("-") && !line.contains(" "))
                .contains("-Xmx3G", "-XX:+UseG1GC", "-Djdk.attach.allowAttachSelf=true", "-XX:+EnableDynamicAgentLoading");
        assertThat(jvm).endsWith("\n");
    }

    @Test
    void catalogIsIcebergOnTheLocalMetastoreAndFileSystem() throws Exception {
        assertThat(TrinoConfig.catalogProperties(TestProfiles.local(home)).lines())
                .contains("connector.name=iceberg", "iceberg.catalog.type=hive_metastore", "hive.metastore.uri=thrift://127.0.0.1:29083",
                        "fs.native-local.enabled=true", "local.location=/");
    }

    @Test
    void queryMemoryFollowsTheHeap() {
        assertThat(TrinoConfig.queryMemoryMb("2G")).isEqualTo(921);
        assertThat(TrinoConfig.queryMemoryMb("1536m")).isEqualTo(691);
        assertThat(TrinoConfig.queryMemoryMb("8g")).isEqualTo(1024);
        assertThat(TrinoConfig.heapMb("2GB")).isEqualTo(2048);
        assertThatThrownBy(() -> TrinoConfig.heapMb("two gigs")).hasMessageContaining("trino.heap");
    }

    @Test
    void s3WarehouseUsesNativeS3WithKeysOnlyInTheEnvironment() throws Exception {
        Profile profile = TestProfiles.clusterLike(home);
        String catalog = TrinoConfig.catalogProperties(profile);
        assertThat(catalog.lines()).contains("connector.name=iceberg", "hive.metastore.uri=thrift://127.0.0.1:29083",
                "fs.native-s3.enabled=true", "s3.endpoint=http://127.0.0.1:28381", "s3.region=us-east-1",
                "s3.path-style-access=true", "s3.aws-access-key=${ENV:CITYLAKE_S3_ACCESS_KEY}",
                "s3.aws-secret-key=${ENV:CITYLAKE_S3_SECRET_KEY}");
        assertThat(catalog).doesNotContain("very-secret-key", "AKIDEXAMPLE", "fs.native-local.enabled");
        assertThat(TrinoConfig.environment(profile, k -> null)).containsEntry("CITYLAKE_S3_ACCESS_KEY", "AKIDEXAMPLE")
                .containsEntry("CITYLAKE_S3_SECRET_KEY", "very-secret-key");
        assertThat(TrinoConfig.environment(TestProfiles.local(home), k -> null)).isEmpty();
    }

    @Test
    void theDefaultIsPlainHttpWithoutAuthentication() throws Exception {
        Profile profile = TestProfiles.local(home);
        assertThat(TrinoAccess.of(profile).auth()).isEqualTo(TrinoAccess.Auth.NONE);
        assertThat(TrinoConfig.configProperties(profile)).doesNotContain("https", "authentication", "shared-secret");
        assertThat(TrinoAccess.of(profile).jdbcUrl()).isEqualTo("jdbc:trino://127.0.0.1:28080/lake");
    }

    @Test
    void passwordAuthIsHttpsOnlyWithTheFileAuthenticatorAndTheSecretOnlyInTheEnvironment() throws Exception {
        for (Profile profile : new Profile[] {TestProfiles.local(home), TestProfiles.clusterLike(home)}) {
            profile = profile.with(Map.of("trino.auth", "password"));
            String config = TrinoConfig.configProperties(profile);
            assertThat(config.lines()).contains("http-server.http.enabled=false", "http-server.https.enabled=true",
                    "http-server.https.port=28080", "http-server.https.keystore.path=" + home.resolve(".citylake/secrets/trino-https.pem"),
                    "discovery.uri=https://127.0.0.1:28080", "internal-communication.https.required=true",
                    "internal-communication.https.keystore.path=" + home.resolve(".citylake/secrets/trino-https.pem"),
                    "internal-communication.https.truststore.path=" + home.resolve(".citylake/trino/https/trino.crt"),
                    "internal-communication.shared-secret=${ENV:CITYLAKE_TRINO_SHARED_SECRET}", "http-server.authentication.type=PASSWORD",
                    "query.max-memory=921MB");
            assertThat(config).doesNotContain("http-server.http.port");
            Map<String, String> files = TrinoConfig.files(profile);
            assertThat(files).containsKey("password-authenticator.properties");
            assertThat(files.get("password-authenticator.properties").lines()).contains("password-authenticator.name=file",
                    "file.password-file=" + home.resolve(".citylake/trino/etc/password.db"));
            Map<String, String> env = TrinoConfig.environment(profile, k -> k.equals("CITYLAKE_TRINO_SHARED_SECRET") ? "s3cr3t-from-env" : null);
            assertThat(env).containsEntry("CITYLAKE_TRINO_SHARED_SECRET", "s3cr3t-from-env");
            assertThat(String.join("\n", files.values())).doesNotContain("s3cr3t-from-env");
            assertThat(TrinoAccess.of(profile).jdbcUrl())
                    .isEqualTo("jdbc:trino://127.0.0.1:28080/lake?SSL=true&SSLTrustStorePath=" + home.resolve(".citylake/trino/https/trino.crt"));
        }
        // The catalog is the same with or without passwords (S3 keys stay in the environment).
        Profile s3 = TestProfiles.clusterLike(home);
        assertThat(TrinoConfig.catalogProperties(s3.with(Map.of("trino.auth", "password")))).isEqualTo(TrinoConfig.catalogProperties(s3));
    }

    @Test
    void theMetastoreCacheIsOffByDefaultAndOnWhenTheProfileAcceptsStaleness() throws Exception {
        assertThat(TrinoConfig.catalogProperties(TestProfiles.local(home))).doesNotContain("metastore-cache");
        assertThat(TrinoConfig.catalogProperties(TestProfiles.local(home).with(Map.of("trino.metastore.cache.ttl", "0s"))))
                .doesNotContain("metastore-cache");
        assertThat(TrinoConfig.catalogProperties(TestProfiles.local(home).with(Map.of("trino.metastore.cache.ttl", "10s"))).lines())
                .contains("hive.metastore-cache-ttl=10s", "fs.native-local.enabled=true");
        assertThat(TrinoConfig.catalogProperties(TestProfiles.clusterLike(home).with(Map.of("trino.metastore.cache.ttl", "1m"))).lines())
                .contains("hive.metastore-cache-ttl=1m", "fs.native-s3.enabled=true");
        assertThatThrownBy(() -> TrinoConfig.catalogProperties(TestProfiles.local(home).with(Map.of("trino.metastore.cache.ttl", "soon"))))
                .hasMessageContaining("trino.metastore.cache.ttl");
    }

    @Test
    void anUnknownAuthIsRefusedByName() throws Exception {
        Profile profile = TestProfiles.local(home).with(Map.of("trino.auth", "kerberos"));
        assertThatThrownBy(() -> TrinoConfig.configProperties(profile)).hasMessageContaining("trino.auth must be none or password")
                .hasMessageContaining("kerberos");
    }
}
