package org.citylake.warehouse.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactCacheTest {
    @TempDir
    Path dir;

    @Test
    void artifactCoordinatesMapToRepositoryPaths() {
        var trino = new MavenCentral.Artifact("io.trino", "trino-server-core", "476", null, "tar.gz");
        var hmsBin = new MavenCentral.Artifact("org.apache.hive", "hive-standalone-metastore-server", "4.0.1", "bin", "tar.gz");
        assertThat(trino.path()).isEqualTo("io/trino/trino-server-core/476/trino-server-core-476.tar.gz");
        assertThat(hmsBin.fileName()).isEqualTo("hive-standalone-metastore-server-4.0.1-bin.tar.gz");
        assertThat(new MavenCentral("https://mirror.example/maven2/", System.out).url(trino))
                .isEqualTo("https://mirror.example/maven2/io/trino/trino-server-core/476/trino-server-core-476.tar.gz");
    }

    @Test
    void sha1FilesMayCarryAFileName() throws IOException {
        assertThat(MavenCentral.parseSha1("6BAE2DB438F8E6A2A8D9C8B566BB5E5B05870138  trino-server-core-476.tar.gz\n", "u"))
                .isEqualTo("6bae2db438f8e6a2a8d9c8b566bb5e5b05870138");
        assertThatThrownBy(() -> MavenCentral.parseSha1("<html>not found</html>", "u")).isInstanceOf(IOException.class);
    }

    @Test
    void hmsPomExcludesTheHadoopClientApiAndLog4jOne() {
        String pom = ArtifactCache.hmsPom();
        assertThat(pom).contains("<artifactId>hive-standalone-metastore-server</artifactId>\n      <version>4.0.1</version>")
                .contains("<artifactId>hadoop-hdfs</artifactId>\n      <version>3.3.6</version>")
                .contains("<artifactId>hadoop-mapreduce-client-core</artifactId>")
                .contains("<exclusion><groupId>org.apache.hadoop</groupId><artifactId>hadoop-client-api</artifactId></exclusion>")
                .contains("<artifactId>reload4j</artifactId>");
    }

    @Test
    void onlyLog4jOneJarsAreDropped() {
        var unwanted = ArtifactCache.UNWANTED_HMS_JARS;
        assertThat(unwanted.matcher("reload4j-1.2.22.jar").matches()).isTrue();
        assertThat(unwanted.matcher("slf4j-reload4j-1.7.36.jar").matches()).isTrue();
        assertThat(unwanted.matcher("slf4j-log4j12-1.7.30.jar").matches()).isTrue();
        assertThat(unwanted.matcher("log4j-1.2.17.jar").matches()).isTrue();
        assertThat(unwanted.matcher("log4j-1.2-api-2.18.0.jar").matches()).isFalse();
        assertThat(unwanted.matcher("log4j-core-2.18.0.jar").matches()).isFalse();
    }

    @Test
    void unpackedArchivesLoseTheirVersionedTopDirectory() throws IOException {
        Path unpacked = dir.resolve("x.untar");
        Files.createDirectories(unpacked.resolve("trino-server-core-476/bin"));
        Files.writeString(unpacked.resolve("trino-server-core-476/bin/launcher"), "#!/bin/sh\n");
        Path into = Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(into.resolve("plugin"));

        ArtifactCache.moveSingleTopDirectory(unpacked, into);

        assertThat(into.resolve("bin/launcher")).exists();
        assertThat(into.resolve("plugin")).isDirectory();
        assertThat(unpacked).doesNotExist();
        assertThat(ArtifactCache.isComplete(into)).isFalse();
    }
}
