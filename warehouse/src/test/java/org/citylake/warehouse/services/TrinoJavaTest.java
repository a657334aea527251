package org.citylake.warehouse.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrinoJavaTest {
    @TempDir
    Path jvms;

    private Path fakeJdk(String name, String javaVersion) throws IOException {
        Path home = jvms.resolve(name);
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"" + javaVersion + "\"\nOS_NAME=\"Linux\"\n");
        return home;
    }

    @Test
    void readsTheVersionFromTheReleaseFile() throws IOException {
        assertThat(TrinoJava.releaseVersion(fakeJdk("t25", "25.0.3"))).hasValueSatisfying(v -> assertThat(v).containsExactly(25, 0, 3));
        assertThat(TrinoJava.releaseVersion(fakeJdk("t24", "24"))).hasValueSatisfying(v -> assertThat(v).containsExactly(24, 0, 0));
        assertThat(TrinoJava.releaseVersion(jvms.resolve("missing"))).isEmpty();
    }

    @Test
    void minimumIs24Point0Point1() {
        assertThat(TrinoJava.atLeastMinimum(new int[] {24, 0, 1})).isTrue();
        assertThat(TrinoJava.atLeastMinimum(new int[] {25, 0, 0})).isTrue();
        assertThat(TrinoJava.atLeastMinimum(new int[] {24, 0, 0})).isFalse();
        assertThat(TrinoJava.atLeastMinimum(new int[] {17, 0, 15})).isFalse();
    }

    @Test
    void picksTheNewestSuitableJdkUnderTheJvmRoot() throws IOException {
        fakeJdk("java-17-openjdk-amd64", "17.0.15");
        fakeJdk("temurin-24-jdk-amd64", "24.0.2");
        Path newest = fakeJdk("temurin-25-jdk-amd64", "25.0.3");
        assertThat(TrinoJava.locate(k -> null, jvms)).isEqualTo(newest);
    }

    @Test
    void environmentVariableAcceptsAJavaBinaryOrAHome() throws IOException {
        fakeJdk("temurin-25-jdk-amd64", "25.0.3");
        Path chosen = fakeJdk("custom-26", "26.0.1");
        assertThat(TrinoJava.locate(Map.of(TrinoJava.ENV, chosen.resolve("bin/java").toString())::get, jvms)).isEqualTo(chosen.toRealPath());
        assertThat(TrinoJava.locate(Map.of(TrinoJava.ENV, chosen.toString())::get, jvms)).isEqualTo(chosen.toRealPath());
    }

    @Test
    void tooOldConfiguredJavaIsRefusedWithAHint() throws IOException {
        Path old = fakeJdk("java-17", "17.0.15");
        assertThatThrownBy(() -> TrinoJava.locate(Map.of(TrinoJava.ENV, old.toString())::get, jvms))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CITYLAKE_TRINO_JAVA")
                .hasMessageContaining("found 17.0.15");
    }

    @Test
    void noSuitableJdkTellsHowToConfigureOne() throws IOException {
        fakeJdk("java-17-openjdk-amd64", "17.0.15");
        fakeJdk("temurin-24-jdk-amd64", "24");
        assertThatThrownBy(() -> TrinoJava.locate(k -> null, jvms))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Java 24.0.1 or newer")
                .hasMessageContaining("CITYLAKE_TRINO_JAVA");
    }
}
