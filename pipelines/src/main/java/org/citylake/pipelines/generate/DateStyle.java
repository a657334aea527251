package org.citylake.pipelines.generate;

import java.time.LocalDate;
import java.util.SplittableRandom;

/** The date spellings departments really send; each file mixes them in its own proportions. */
enum DateStyle {
    ISO,        // 2023-01-05
    SLASH,      // 2023/1/5  (Excel's default on a Chinese Windows)
    COMPACT,    // 20230105  (mainframe-era exports, and the form inside ID numbers)
    CHINESE;    // 2023年1月5日

    String format(LocalDate date) {
        return format(date.getYear(), date.getMonthValue(), date.getDayOfMonth());
    }

    /** Formats raw numbers, so an impossible date such as 1999-02-30 can be written too. */
    String format(int year, int month, int day) {
        return switch (this) {
            case ISO -> pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2);
            case SLASH -> year + "/" + month + "/" + day;
            case COMPACT -> pad(year, 4) + pad(month, 2) + pad(day, 2);
            case CHINESE -> year + "年" + month + "月" + day + "日";
        };
    }

    /** Zero-padding without String.format, which dominated the profile at a million rows. */
    private static String pad(int value, int width) {
        String digits = Integer.toString(value);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    /** A mix: {@code weights} in declaration order (ISO, SLASH, COMPACT, CHINESE). */
    static DateStyle pick(SplittableRandom random, double... weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return values()[i];
            }
        }
        return ISO;
    }
}
