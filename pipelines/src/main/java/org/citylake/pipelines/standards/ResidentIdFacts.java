package org.citylake.pipelines.standards;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What a GB 11643 number encodes about its holder: the region of first registration, the birth
 * date and the sex (GB/T 2261.1 code, from the parity of the 17th digit).
 */
public record ResidentIdFacts(String regionCode, LocalDate birthDate, String sexCode) implements Serializable {
    public ResidentIdFacts {
        Objects.requireNonNull(regionCode, "regionCode");
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(sexCode, "sexCode");
    }
}
