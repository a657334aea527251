package org.citylake.quality.score;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Scores of a set of tables (one batch each) and the district score they roll up to. */
public record QualityScores(double district, Map<Indicator, Double> districtIndicators, List<TableScore> tables) {
    public QualityScores {
        districtIndicators = Map.copyOf(districtIndicators);
        tables = List.copyOf(tables);
    }

    public Optional<TableScore> table(String name) {
        return tables.stream().filter(t -> t.table().equals(name)).findFirst();
    }
}
