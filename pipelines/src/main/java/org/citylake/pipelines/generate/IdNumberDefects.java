package org.citylake.pipelines.generate;

import java.time.LocalDate;
import java.util.SplittableRandom;
import org.citylake.pipelines.standards.ResidentIdNumber;

/** Ways an ID number goes wrong between a citizen and a spreadsheet. Pure functions. */
final class IdNumberDefects {
    private static final String CHECK_CHARACTERS = "0123456789X";
    /** Month/day pairs that no calendar has; Feb 29 is added for non-leap years. */
    private static final int[][] IMPOSSIBLE_MONTH_DAYS = {{2, 30}, {2, 31}, {4, 31}, {6, 31}, {9, 31}, {11, 31}, {13, 1}, {0, 15}, {5, 0}};
    private static final String[] BAD_DATES = {"0000-00-00", "2023-13-45", "1900-00-00", "20231345", "2019年2月30日", "9999/99/99", "2021-02-29"};

    private IdNumberDefects() {
    }

    /** Same digits, wrong check character: a typo in the last position or a miscopied digit. */
    static String badCheckDigit(String id, SplittableRandom r) {
        char right = id.charAt(17);
        char wrong;
        do {
            wrong = CHECK_CHARACTERS.charAt(r.nextInt(CHECK_CHARACTERS.length()));
        } while (wrong == right);
        return id.substring(0, 17) + wrong;
    }

    /** A correctly check-summed number whose birth date digits are not a date. */
    static String impossibleBirthDate(String id, SplittableRandom r, int[] monthDayOut) {
        int year = Integer.parseInt(id.substring(6, 10));
        int[] md = IMPOSSIBLE_MONTH_DAYS[r.nextInt(IMPOSSIBLE_MONTH_DAYS.length)];
        if (r.nextInt(4) == 0 && !java.time.Year.isLeap(year)) {
            md = new int[] {2, 29};
        }
        monthDayOut[0] = md[0];
        monthDayOut[1] = md[1];
        String first17 = id.substring(0, 10) + String.format("%02d%02d", md[0], md[1]) + id.substring(14, 17);
        return ResidentIdNumber.ofFirst17(first17).value();
    }

    static String withRegion(String id, String region) {
        return ResidentIdNumber.ofFirst17(region + id.substring(6, 17)).value();
    }

    static String withBirthDate(String id, LocalDate birth) {
        return ResidentIdNumber.of(id.substring(0, 6), birth, Integer.parseInt(id.substring(14, 17))).value();
    }

    /** Full-width digits (and Ｘ), as typed with a Chinese IME in full-width mode. */
    static String fullWidth(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                s.append((char) ('\uFF10' + (c - '0')));
            } else if (c == 'X') {
                s.append('\uFF38');
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    /** Leading, trailing or inner spaces (the inner kind groups a number 6-8-4 as people read it out). */
    static String straySpaces(String text, SplittableRandom r, boolean groupable) {
        int how = r.nextInt(groupable ? 4 : 3);
        return switch (how) {
            case 0 -> " " + text;
            case 1 -> text + "  ";
            case 2 -> text.length() < 2 ? " " + text : text.charAt(0) + " " + text.substring(1);
            default -> text.substring(0, 6) + " " + text.substring(6, 14) + " " + text.substring(14);
        };
    }

    static String badDate(SplittableRandom r) {
        return BAD_DATES[r.nextInt(BAD_DATES.length)];
    }
}
