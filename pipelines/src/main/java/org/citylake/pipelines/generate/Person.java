package org.citylake.pipelines.generate;

import java.time.LocalDate;

/**
 * A resident as the generator knows the truth about them; source rows are renderings of this,
 * sometimes with a defect. {@code idFirst17} is the resolved, unique body of the ID number.
 */
record Person(int index, String residentId, String name, boolean male, String ethnicity, LocalDate birthDate,
              String birthRegion, String phone, String domicileAddress, int homePlace, String residenceAddress,
              String streetCode, String communityCode, LocalDate registeredAt) {

    String sexLabel() {
        return male ? "男" : "女";
    }

    int ageOn(LocalDate date) {
        return java.time.Period.between(birthDate, date).getYears();
    }
}
