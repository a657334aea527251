package org.citylake.exchange.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"../etc", "..", "a/../b", "/etc/passwd", "a/b", "a\\b", "..\\x", "C:\\x", "", ".hidden", "a b", "名单"})
    void pathTraversalAndOddNamesAreRefused(String name) {
        assertThatThrownBy(() -> SafeNames.fileName(name)).isInstanceOf(SafeNames.UnsafeNameException.class);
        assertThatThrownBy(() -> SafeNames.packageId(name)).isInstanceOf(SafeNames.UnsafeNameException.class);
    }

    @Test
    void plainNamesPassAndTheManifestNameIsReserved() {
        assertThat(SafeNames.packageId("city-person.s0-812345")).isEqualTo("city-person.s0-812345");
        assertThat(SafeNames.fileName("part-00000.parquet.sm4")).isEqualTo("part-00000.parquet.sm4");
        assertThatThrownBy(() -> SafeNames.fileName("manifest.json")).hasMessageContaining("reserved");
    }

    @Test
    void resolveStaysInsideThePackage() {
        Path dir = Path.of("/tmp/pkg");
        assertThat(ExchangePackage.resolve(dir, "part-0.csv")).isEqualTo(Path.of("/tmp/pkg/part-0.csv"));
        assertThatThrownBy(() -> ExchangePackage.resolve(dir, "../x.csv")).isInstanceOf(SafeNames.UnsafeNameException.class);
    }
}
