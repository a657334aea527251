package org.citylake.warehouse.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceProcessTest {
    @TempDir
    Path dir;

    @Test
    void aPidFileRoundTrips() {
        ServiceProcess p = new ServiceProcess(dir.resolve("run/hms.pid"), "HiveMetaStore");
        assertThat(p.recordedPid()).isEmpty();
        p.write(12345);
        assertThat(p.recordedPid()).hasValue(12345);
        p.clear();
        assertThat(p.pidFile()).doesNotExist();
    }

    @Test
    void aLiveProcessWithAnotherCommandIsNotOurs() {
        // The test JVM is alive but is not a Hive Metastore: a reused pid must not be reported (or stopped).
        ServiceProcess p = new ServiceProcess(dir.resolve("hms.pid"), "org.apache.hadoop.hive.metastore.HiveMetaStore");
        p.write(ProcessHandle.current().pid());
        assertThat(p.live()).isEmpty();
        assertThat(p.stop(Duration.ofSeconds(1))).isEmpty();
        assertThat(p.pidFile()).doesNotExist();
    }

    @Test
    void garbageInThePidFileMeansNotRunning() throws Exception {
        Path pid = dir.resolve("trino.pid");
        Files.writeString(pid, "not a pid\n");
        assertThat(new ServiceProcess(pid, "trino").live()).isEmpty();
    }
}
