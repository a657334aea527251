package org.citylake.pipelines.generate;

import java.util.SplittableRandom;

/** Contact numbers: mostly mobile numbers with real operator prefixes, some Hefei landlines (0551). */
final class PhoneNumbers {
    private static final String[] MOBILE_PREFIXES = {
        "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150", "151",
        "152", "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180",
        "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "193", "195", "198", "199"
    };

    /** Empty for about one person in ten: the contract only requires 80 % completeness. */
    String pick(SplittableRandom random) {
        double x = random.nextDouble();
        if (x < 0.10) {
            return "";
        }
        if (x < 0.15) {
            return "0551-6" + digits(random, 7);
        }
        return MOBILE_PREFIXES[random.nextInt(MOBILE_PREFIXES.length)] + digits(random, 8);
    }

    private static String digits(SplittableRandom random, int count) {
        StringBuilder s = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }
}
