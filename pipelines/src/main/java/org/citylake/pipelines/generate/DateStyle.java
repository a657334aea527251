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
            case ISO -> String.format("%04d-%02d-%02d", year, month, day);
            case SLASH -> year + "/" + month + "/" + day;
            case COMPACT -> String.format("%04d%02d%02d", year, month, day);
            case CHINESE -> year + "年" + month + "月" + day + "日";
        };
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
