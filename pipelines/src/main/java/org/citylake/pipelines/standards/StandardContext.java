package org.citylake.pipelines.standards;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Set;

/** Reference data and the as-of date some standards need; serialisable so tasks can carry it. */
public record StandardContext(Set<String> knownRegions, LocalDate asOf) implements Serializable {
    public StandardContext {
        knownRegions = Set.copyOf(knownRegions);
    }
}
