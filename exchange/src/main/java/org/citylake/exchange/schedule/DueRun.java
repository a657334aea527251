package org.citylake.exchange.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * When a subscription should run, from its cron and the fire time its last successful scheduled run served.
 * It is due when the latest fire time at or before now is later than that one; it then runs once for that
 * fire time, however many were missed while no scheduler ran (a catch-up of one, as cron-less exchange
 * packages carry every change since the last one anyway). A subscription that never ran is due at once.
 *
 * @param fireTime the fire time to run for now, if due
 * @param next the first fire time after now
 */
public record DueRun(Optional<Instant> fireTime, Optional<Instant> next) {
    public boolean due() {
        return fireTime.isPresent();
    }

    public static DueRun of(CronSchedule schedule, Optional<Instant> lastFire, Instant now, ZoneId zone) {
        ZonedDateTime at = now.atZone(zone);
        Optional<Instant> latest = schedule.latestAtOrBefore(at).map(ZonedDateTime::toInstant);
        Optional<Instant> next = schedule.nextAfter(at).map(ZonedDateTime::toInstant);
        boolean due = latest.isPresent() && (lastFire.isEmpty() || latest.get().isAfter(lastFire.get()));
        return new DueRun(due ? latest : Optional.empty(), next);
    }
}
