package org.citylake.pipelines.cleanse;

import org.citylake.pipelines.standards.ReasonCode;
import java.io.Serializable;
import java.time.LocalDate;
import org.citylake.pipelines.standards.ResidentIdNumber;

/**
 * A contract row rule that can be judged on one record alone (id_consistency, date_order,
 * community_in_street), bound to the positions of its columns in the cleansed values. Rules
 * between tables (exists_in) need a join and are applied by the load job instead.
 */
sealed interface RowCheck extends Serializable permits RowCheck.IdConsistency, RowCheck.DateOrder, RowCheck.CommunityInStreet {
    /** True when a violation quarantines the record (error level); false for findings only. */
    boolean blocking();

    /** The violation, or null. {@code values} are typed; a null involved value is not checked. */
    QuarantineReason check(Object[] values);

    /** GB 11643 encodes birth date and sex (odd 17th digit = male); the record's own columns must agree. */
    record IdConsistency(boolean blocking, String idColumn, int id, String birthColumn, int birth, String sexColumn, int sex) implements RowCheck {
        @Override
        public QuarantineReason check(Object[] values) {
            if (!(values[id] instanceof String idValue) || !ResidentIdNumber.isValidChecksum(idValue)) {
                return null;
            }
            ResidentIdNumber number = ResidentIdNumber.parse(idValue);
            if (values[birth] instanceof LocalDate d && !d.equals(number.birthDate())) {
                return QuarantineReason.of(ReasonCode.ID_BIRTH_DATE_MISMATCH, birthColumn, "id_consistency",
                        birthColumn + " " + d + " differs from " + number.birthDate() + " encoded in " + idColumn);
            }
            if (values[sex] instanceof String s && (s.equals("1") || s.equals("2"))) {
                String encoded = number.isMale() ? "1" : "2";
                if (!s.equals(encoded)) {
                    return QuarantineReason.of(ReasonCode.ID_SEX_MISMATCH, sexColumn, "id_consistency",
                            sexColumn + " " + s + " differs from " + encoded + " (" + (number.isMale() ? "男" : "女") + ") encoded in " + idColumn);
                }
            }
            return null;
        }
    }

    record DateOrder(boolean blocking, String earlierColumn, int earlier, String laterColumn, int later) implements RowCheck {
        @Override
        public QuarantineReason check(Object[] values) {
            if (values[earlier] instanceof LocalDate a && values[later] instanceof LocalDate b && a.isAfter(b)) {
                return QuarantineReason.of(ReasonCode.DATE_ORDER_VIOLATION, laterColumn, "date_order",
                        laterColumn + " " + b + " is before " + earlierColumn + " " + a);
            }
            return null;
        }
    }

    /** GB/T 2260 community codes extend their street's 9 digits by 3. */
    record CommunityInStreet(boolean blocking, String communityColumn, int community, String streetColumn, int street) implements RowCheck {
        @Override
        public QuarantineReason check(Object[] values) {
            if (values[community] instanceof String c && values[street] instanceof String s && !c.startsWith(s)) {
                return QuarantineReason.of(ReasonCode.COMMUNITY_NOT_IN_STREET, communityColumn, "community_in_street",
                        communityColumn + " " + c + " does not belong to " + streetColumn + " " + s);
            }
            return null;
        }
    }
}
