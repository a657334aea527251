package org.citylake.pipelines.standards;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Cross-checks a record's own birth date and sex against what its citizen ID number encodes.
 * The ID number wins no argument here: a mismatch means one of the two is wrong, and a person
 * has to look.
 */
public final class ResidentIdCrossCheck {
    private ResidentIdCrossCheck() {
    }

    /**
     * @param id              an ID number that passed {@link ResidentIdStandard} (real birth date)
     * @param birthDateColumn the record's birth date after {@link DateStandard}; null skips the check
     * @param sexCode         the record's sex after {@link SexCodeStandard} (0, 1, 2, 9, or a word
     *                        for one); null, 0 (未知) and 9 (未说明) skip the check, as they claim nothing
     */
    public static List<Mismatch> crossCheck(ResidentIdNumber id, LocalDate birthDateColumn, String sexCode) {
        ResidentIdFacts facts = id.facts();
        List<Mismatch> out = new ArrayList<>(2);
        if (birthDateColumn != null && !birthDateColumn.equals(facts.birthDate())) {
            out.add(new Mismatch(ReasonCode.ID_BIRTH_DATE_MISMATCH, "birth_date", "birth date " + birthDateColumn
                    + " differs from " + facts.birthDate() + ", encoded in ID number " + id + " (digits 7-14)"));
        }
        if (sexCode != null && !sexCode.isBlank()) {
            Verdict sex = new SexCodeStandard().apply(sexCode);
            String claimed = sex.isInvalid() ? null : sex.value();
            if ((SexCodes.MALE.equals(claimed) || SexCodes.FEMALE.equals(claimed)) && !claimed.equals(facts.sexCode())) {
                out.add(new Mismatch(ReasonCode.ID_SEX_MISMATCH, "sex", "sex " + SexCodes.describe(claimed) + " differs from "
                        + SexCodes.describe(facts.sexCode()) + ", encoded in ID number " + id + " (17th digit " + id.value().charAt(16)
                        + " is " + (id.isMale() ? "odd" : "even") + ")"));
            }
        }
        return List.copyOf(out);
    }
}
