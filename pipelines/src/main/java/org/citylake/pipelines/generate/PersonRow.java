package org.citylake.pipelines.generate;

import java.util.SplittableRandom;

/**
 * A person rendered as one source row, with at most one defect applied. Both person sources use
 * it; they differ in headers, column order, date style and in how a lossy name looks.
 */
final class PersonRow {
    String residentId;
    String name;
    String sex;
    String ethnicity;
    String birthDate;
    String phone;
    String domicileAddress;
    String residenceAddress;
    String streetCode;
    String communityCode;
    String registeredAt;

    /** Applies a defect of the given kind; returns the defect's column and detail, or null if not applicable. */
    static String[] apply(PersonRow row, Person person, DefectKind kind, SplittableRandom r, GenerationContext ctx,
                          DateStyle birthStyle, String lossyReplacement) {
        String id = person.residentId();
        switch (kind) {
            case BAD_CHECK_DIGIT -> {
                row.residentId = IdNumberDefects.badCheckDigit(id, r);
                return new String[] {"resident_id", "check character should be " + id.charAt(17) + ": " + row.residentId};
            }
            case IMPOSSIBLE_BIRTH_DATE -> {
                int[] md = new int[2];
                row.residentId = IdNumberDefects.impossibleBirthDate(id, r, md);
                row.birthDate = birthStyle.format(person.birthDate().getYear(), md[0], md[1]);
                return new String[] {"resident_id", "birth date digits " + row.residentId.substring(6, 14) + " are not a date"};
            }
            case FUTURE_BIRTH_DATE -> {
                java.time.LocalDate future = ctx.asOf().plusDays(1 + r.nextInt(3650));
                row.residentId = IdNumberDefects.withBirthDate(id, future);
                row.birthDate = birthStyle.format(future);
                return new String[] {"birth_date", "born " + future + ", after the as-of date " + ctx.asOf()};
            }
            case UNKNOWN_REGION -> {
                String region = ctx.regions().pickUnknown(r);
                row.residentId = IdNumberDefects.withRegion(id, region);
                return new String[] {"resident_id", "region " + region + " was never a GB/T 2260 code"};
            }
            case FULLWIDTH_DIGITS -> {
                row.residentId = IdNumberDefects.fullWidth(id);
                return new String[] {"resident_id", "full-width digits; normalises to " + id};
            }
            case LOWERCASE_X -> {
                if (id.charAt(17) != 'X') {
                    return null;
                }
                row.residentId = id.substring(0, 17) + 'x';
                return new String[] {"resident_id", "lower-case check character; normalises to " + id};
            }
            case LEGACY_15_DIGIT_ID -> {
                if (!id.startsWith("19", 6)) {
                    return null;
                }
                row.residentId = id.substring(0, 6) + id.substring(8, 17);
                return new String[] {"resident_id", "15-digit legacy number; converts to " + id};
            }
            case STRAY_SPACES -> {
                if (r.nextBoolean()) {
                    row.residentId = IdNumberDefects.straySpaces(id, r, true);
                    return new String[] {"resident_id", "spaces in '" + row.residentId + "'; normalises to " + id};
                }
                row.name = IdNumberDefects.straySpaces(person.name(), r, false);
                return new String[] {"name", "spaces in '" + row.name + "'; normalises to " + person.name()};
            }
            case LOSSY_GBK_NAME -> {
                String name = person.name();
                int at = name.length() == 1 ? 0 : 1 + r.nextInt(name.length() - 1);
                row.name = name.substring(0, at) + lossyReplacement + name.substring(at + 1);
                return new String[] {"name", "character '" + name.charAt(at) + "' lost in a charset conversion: " + row.name};
            }
            case SEX_MISMATCH -> {
                row.sex = person.male() ? "女" : "男";
                return new String[] {"sex", "sex " + row.sex + " contradicts ID digit 17 (" + (person.male() ? "male" : "female") + ")"};
            }
            case MISSING_REQUIRED_FIELD -> {
                switch (r.nextInt(4)) {
                    case 0 -> {
                        row.residentId = "";
                        return new String[] {"resident_id", "empty ID number"};
                    }
                    case 1 -> {
                        row.name = "";
                        return new String[] {"name", "empty name"};
                    }
                    case 2 -> {
                        row.birthDate = "";
                        return new String[] {"birth_date", "empty birth date"};
                    }
                    default -> {
                        row.streetCode = "";
                        return new String[] {"street_code", "empty street code"};
                    }
                }
            }
            case UNKNOWN_STREET_CODE -> {
                row.streetCode = ctx.unknownStreetCode(r);
                return new String[] {"street_code", "street " + row.streetCode + " is not in the district's dictionary"};
            }
            case BAD_DATE -> {
                row.birthDate = IdNumberDefects.badDate(r);
                return new String[] {"birth_date", "not a date: " + row.birthDate};
            }
            default -> {
                return null;
            }
        }
    }
}
