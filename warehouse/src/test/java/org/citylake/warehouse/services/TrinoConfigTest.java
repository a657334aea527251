package org.citylake.warehouse.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.citylake.warehouse.Profile;
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
        assertThat(TrinoConfig.environment(profile)).containsEntry("CITYLAKE_S3_ACCESS_KEY", "AKIDEXAMPLE")
                .containsEntry("CITYLAKE_S3_SECRET_KEY", "very-secret-key");
        assertThat(TrinoConfig.environment(TestProfiles.local(home))).isEmpty();
    }
}
