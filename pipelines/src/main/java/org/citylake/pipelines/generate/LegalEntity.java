package org.citylake.pipelines.generate;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A market entity as the generator knows it; {@code legalRep} may be null (no traceable person). */
record LegalEntity(int index, String creditCode, String name, String type, Person legalRep, BigDecimal capital,
                   LocalDate established, String address, String streetCode, String status) {

    boolean isIndividualBusiness() {
        return "个体工商户".equals(type);
    }
}
