package org.citylake.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.citylake.catalog.contract.QualityRule.Level;
import org.citylake.quality.anomaly.AnomalySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnomalySettingsTest {
    @Test
    void shippedFileSaysWhatTheDefaultsSay() {
        assertThat(AnomalySettings.load(Fixtures.HOME.resolve("conf/quality/anomaly.yaml"))).isEqualTo(AnomalySettings.defaults());
    }

    @Test
    void overridesAndTypos(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("anomaly.yaml");
        Files.writeString(f, "level: error\nrow_count: {max_decrease: 0.1, min_history: 4}\ndistinctness: {upper_deviation_factor: 3}\n");
        AnomalySettings s = AnomalySettings.load(f);
        assertThat(s.level()).isEqualTo(Level.ERROR);
        assertThat(s.rowCount()).isEqualTo(new AnomalySettings.RowCount(0.1, 0.5, 4));
        assertThat(s.distinctness().upperDeviationFactor()).isEqualTo(Optional.of(3.0));
        assertThat(s.distinctness().lowerDeviationFactor()).isEqualTo(Optional.of(2.0));

        Files.writeString(f, "row_count: {max_decrase: 0.1}\n");
        assertThatThrownBy(() -> AnomalySettings.load(f)).hasMessageContaining("unknown key 'max_decrase'");
    }
}
