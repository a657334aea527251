package org.citylake.exchange.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Optional;

/**
 * A subscription's five-field cron text (minute hour day-of-month month day-of-week), as cron(8) reads it:
 * {@code *}, numbers, ranges {@code a-b}, steps {@code * /n}, {@code a-b/n} and {@code a/n}, and lists; day of week
 * 0 or 7 is Sunday; when both day fields are restricted a day matches if either does. Times are minutes in
 * the schedule's zone. {@link org.citylake.exchange.subscription.SubscriptionLoader} has already checked the text.
 */
public final class CronSchedule {
    /** How far back or ahead a fire time is searched: a schedule such as 29 February fires at least every 8 years. */
    private static final int SEARCH_DAYS = 366 * 8;

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean domRestricted;
    private final boolean dowRestricted;

    private CronSchedule(String text, String[] f) {
        this.text = text;
        this.minutes = field(f[0], 0, 59);
        this.hours = field(f[1], 0, 23);
        this.daysOfMonth = field(f[2], 1, 31);
        this.months = field(f[3], 1, 12);
        BitSet dow = field(f[4], 0, 7);
        if (dow.get(7)) {
            dow.set(0);
        }
        this.daysOfWeek = dow;
        this.domRestricted = !f[2].startsWith("*");
        this.dowRestricted = !f[4].startsWith("*");
    }

    public static CronSchedule parse(String text) {
        String[] f = text.trim().split("\\s+");
        if (f.length != 5) {
            throw new IllegalArgumentException("cron '" + text + "' must have 5 fields: minute hour day-of-month month day-of-week");
        }
        return new CronSchedule(text.trim(), f);
    }

    private static BitSet field(String spec, int min, int max) {
        BitSet bits = new BitSet(max + 1);
        for (String part : spec.split(",")) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = Integer.parseInt(part.substring(slash + 1));
                if (step <= 0) {
                    throw new IllegalArgumentException("cron step must be positive in '" + spec + "'");
                }
            }
            int lo;
            int hi;
            if (range.equals("*")) {
                lo = min;
                hi = max;
            } else if (range.contains("-")) {
                lo = Integer.parseInt(range.substring(0, range.indexOf('-')));
                hi = Integer.parseInt(range.substring(range.indexOf('-') + 1));
            } else {
                lo = Integer.parseInt(range);
                hi = slash >= 0 ? max : lo; // "a/n": from a to the end in steps of n
            }
            if (lo < min || hi > max || lo > hi) {
                throw new IllegalArgumentException("cron field '" + spec + "' is outside " + min + "-" + max);
            }
            for (int v = lo; v <= hi; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    public String text() {
        return text;
    }

    boolean dayMatches(LocalDate d) {
        if (!months.get(d.getMonthValue())) {
            return false;
        }
        boolean dom = daysOfMonth.get(d.getDayOfMonth());
        boolean dow = daysOfWeek.get(d.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : d.getDayOfWeek().getValue());
        return domRestricted && dowRestricted ? dom || dow : dom && dow;
    }

    /** Whether the schedule fires in the minute that contains {@code t}. */
    public boolean firesAt(ZonedDateTime t) {
        return dayMatches(t.toLocalDate()) && hours.get(t.getHour()) && minutes.get(t.getMinute());
    }

    /** The latest fire time at or before {@code t} (to the minute), in {@code t}'s zone. */
    public Optional<ZonedDateTime> latestAtOrBefore(ZonedDateTime t) {
        ZonedDateTime bound = t.truncatedTo(ChronoUnit.MINUTES);
        ZoneId zone = t.getZone();
        LocalDate day = bound.toLocalDate();
        for (int i = 0; i <= SEARCH_DAYS; i++, day = day.minusDays(1)) {
            if (!dayMatches(day)) {
                continue;
            }
            boolean today = i == 0;
            for (int h = today ? bound.getHour() : 23; h >= 0; h--) {
                if (!hours.get(h)) {
                    continue;
                }
                for (int m = today && h == bound.getHour() ? bound.getMinute() : 59; m >= 0; m--) {
                    if (minutes.get(m)) {
                        return Optional.of(ZonedDateTime.of(day.atTime(h, m), zone));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The first fire time strictly after {@code t}, in {@code t}'s zone. */
    public Optional<ZonedDateTime> nextAfter(ZonedDateTime t) {
        ZonedDateTime start = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        ZoneId zone = t.getZone();
        LocalDate day = start.toLocalDate();
        for (int i = 0; i <= SEARCH_DAYS; i++, day = day.plusDays(1)) {
            if (!dayMatches(day)) {
                continue;
            }
            boolean first = i == 0;
            for (int h = first ? start.getHour() : 0; h <= 23; h++) {
                if (!hours.get(h)) {
                    continue;
                }
                for (int m = first && h == start.getHour() ? start.getMinute() : 0; m <= 59; m++) {
                    if (minutes.get(m)) {
                        return Optional.of(ZonedDateTime.of(day.atTime(h, m), zone));
                    }
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return text;
    }
}
