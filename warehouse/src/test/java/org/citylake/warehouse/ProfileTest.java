package org.citylake.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileTest {
    static final Path HOME = Path.of(System.getProperty("citylake.home", "..")).toAbsolutePath().normalize();

    @Test
    void localDefaults() {
        Profile p = Profile.load("local", HOME, k -> null, k -> null);
        assertThat(p.get("spark.master")).isEqualTo("local[*]");
        assertThat(p.hmsUri()).isEqualTo("thrift://127.0.0.1:19083");
        assertThat(p.trinoJdbcUrl()).isEqualTo("jdbc:trino://127.0.0.1:18080/lake");
        assertThat(p.stateDir()).isEqualTo(HOME.resolve(".citylake"));
        assertThat(p.warehouseDir()).isEqualTo(HOME.resolve(".citylake/warehouse"));
        assertThat(p.cacheDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".cache/citylake"));
    }

    @Test
    void environmentBeatsSystemPropertyBeatsFile() {
        Map<String, String> env = Map.of("CITYLAKE_HMS_PORT", "29083");
        Map<String, String> props = Map.of("citylake.hms.port", "39083", "citylake.trino.port", "28080");
        Profile p = Profile.load("local", HOME, env::get, props::get);
        assertThat(p.getInt("hms.port")).isEqualTo(29083);
        assertThat(p.getInt("trino.port")).isEqualTo(28080);
    }

    @Test
    void errorsNameTheSetting() {
        assertThatThrownBy(() -> Profile.load("nope", HOME, k -> null, k -> null)).hasMessageContaining("No profile 'nope'");
        Profile p = Profile.load("local", HOME, Map.of("CITYLAKE_HMS_PORT", "abc")::get, k -> null);
        assertThatThrownBy(() -> p.getInt("hms.port")).hasMessageContaining("'hms.port' must be a whole number, got 'abc'");
        assertThatThrownBy(() -> p.get("no.such")).hasMessageContaining("no setting 'no.such'");
    }
}
