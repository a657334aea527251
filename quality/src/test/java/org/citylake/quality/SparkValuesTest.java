package org.citylake.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class SparkValuesTest {
    @Test
    void readsTimestampsInBothSparkRepresentations() {
        Instant t = Instant.parse("2026-11-25T08:00:00Z");
        assertThat(SparkValues.instant(RowFactory.create(java.sql.Timestamp.from(t)), 0)).isEqualTo(t);
        assertThat(SparkValues.instant(RowFactory.create(t), 0)).isEqualTo(t);
        assertThatThrownBy(() -> SparkValues.instant(RowFactory.create("x"), 0)).hasMessageContaining("not a timestamp");
    }
}
