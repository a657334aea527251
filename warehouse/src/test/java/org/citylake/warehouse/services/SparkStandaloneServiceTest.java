package org.citylake.warehouse.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkStandaloneServiceTest {
    @TempDir
    Path home;

    @Test
    void masterUrlNamesHostAndPort() throws Exception {
        URI uri = SparkStandaloneService.masterUri(TestProfiles.local(home).with(Map.of("spark.master", "spark://127.0.0.1:27077")));
        assertThat(uri.getHost()).isEqualTo("127.0.0.1");
        assertThat(uri.getPort()).isEqualTo(27077);
    }

    @Test
    void onlyAStandaloneMasterCanBeStarted() throws Exception {
        assertThatThrownBy(() -> SparkStandaloneService.masterUri(TestProfiles.local(home).with(Map.of("spark.master", "local[*]"))))
                .hasMessageContaining("only start a standalone master for spark.master = spark://HOST:PORT, not 'local[*]'")
                .hasMessageContaining("docs/cluster.md");
        assertThatThrownBy(() -> SparkStandaloneService.masterUri(TestProfiles.local(home).with(Map.of("spark.master", "spark://master"))))
                .hasMessageContaining("spark.master must be spark://HOST:PORT");
    }

    @Test
    void statusOfANeverStartedClusterIsStoppedWithoutTouchingAnything() throws Exception {
        SparkStandaloneService spark = new SparkStandaloneService(
                TestProfiles.local(home).with(Map.of("spark.master", "spark://127.0.0.1:1")), System.err);
        ServiceStatus status = spark.status();
        assertThat(status.running()).isFalse();
        assertThat(status.pid()).isEqualTo(-1L);
        assertThat(status.endpoint()).isEqualTo("spark://127.0.0.1:1");
    }
}
