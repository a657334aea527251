package org.citylake.quality.score;

import java.util.Map;
import java.util.Objects;

/**
 * The score (0–100) of one verified batch of one table, overall and per indicator. An indicator that no
 * evaluated check measured is absent, not 100: "not measured" must not read as "perfect".
 */
public record TableScore(String table, String batchId, long rowCount, double score, Map<Indicator, Double> indicators) {
    public TableScore {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(batchId, "batchId");
        indicators = Map.copyOf(indicators);
    }
}
