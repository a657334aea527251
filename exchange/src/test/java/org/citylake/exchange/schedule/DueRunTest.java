package org.citylake.exchange.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Due-time computation against a fixed clock, in the district's zone (Asia/Shanghai, UTC+8, no DST). */
class DueRunTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    static Instant at(String local) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(local), SHANGHAI).toInstant();
    }

    static DueRun due(String cron, String lastFire, String now) {
        Clock clock = Clock.fixed(at(now), SHANGHAI);
        return DueRun.of(CronSchedule.parse(cron), Optional.ofNullable(lastFire).map(DueRunTest::at), clock.instant(), SHANGHAI);
    }

    @Test
    void aNightlyScheduleIsDueOnceAfterItsTimeAndNotAgainThatDay() {
        // Never ran: due at once, for the latest fire time (last night 02:30).
        assertThat(due("30 2 * * *", null, "2026-12-08T01:00").fireTime()).contains(at("2026-12-07T02:30"));
        // Ran for last night's fire time: not due before 02:30 tonight, which is the next run.
        DueRun before = due("30 2 * * *", "2026-12-07T02:30", "2026-12-08T02:29");
        assertThat(before.due()).isFalse();
        assertThat(before.next()).contains(at("2026-12-08T02:30"));
        // At 02:30 exactly and later that day: due for 02:30 tonight.
        assertThat(due("30 2 * * *", "2026-12-07T02:30", "2026-12-08T02:30").fireTime()).contains(at("2026-12-08T02:30"));
        assertThat(due("30 2 * * *", "2026-12-07T02:30", "2026-12-08T23:59").fireTime()).contains(at("2026-12-08T02:30"));
        // Once that ran, a restarted scheduler finds it in the log and does not run it again.
        assertThat(due("30 2 * * *", "2026-12-08T02:30", "2026-12-08T23:59").due()).isFalse();
    }

    @Test
    void missedFireTimesAreCaughtUpOnceNotOncePerMiss() {
        // The scheduler was down for three nights: one run, for the latest of them.
        assertThat(due("30 2 * * *", "2026-12-04T02:30", "2026-12-08T09:00").fireTime()).contains(at("2026-12-08T02:30"));
    }

    @Test
    void secondsWithinTheMinuteDoNotMatter() {
        Clock clock = Clock.fixed(at("2026-12-08T02:30").plusSeconds(59), SHANGHAI);
        assertThat(DueRun.of(CronSchedule.parse("30 2 * * *"), Optional.of(at("2026-12-07T02:30")), clock.instant(), SHANGHAI).fireTime())
                .contains(at("2026-12-08T02:30"));
    }

    @Test
    void stepsRangesListsAndDaysOfWeek() {
        // Every 15 minutes during office hours on weekdays: Tuesday 2026-12-08 10:07 → due for 10:00.
        assertThat(due("*/15 8-17 * * 1-5", "2026-12-08T09:45", "2026-12-08T10:07").fireTime()).contains(at("2026-12-08T10:00"));
        assertThat(due("*/15 8-17 * * 1-5", "2026-12-08T10:00", "2026-12-08T10:07").next()).contains(at("2026-12-08T10:15"));
        // Friday evening → next is Monday 08:00.
        assertThat(due("*/15 8-17 * * 1-5", "2026-12-11T17:45", "2026-12-11T18:00").next()).contains(at("2026-12-14T08:00"));
        // Sunday as 0 and as 7; a list of hours.
        assertThat(due("0 6,18 * * 7", null, "2026-12-08T12:00").fireTime()).contains(at("2026-12-06T18:00"));
        assertThat(due("0 6,18 * * 0", null, "2026-12-08T12:00").fireTime()).contains(at("2026-12-06T18:00"));
        // "5/20": minute 5, 25, 45.
        assertThat(due("5/20 * * * *", "2026-12-08T12:05", "2026-12-08T12:30").fireTime()).contains(at("2026-12-08T12:25"));
    }

    @Test
    void bothDayFieldsRestrictedMatchEither() {
        // The 1st of the month or any Monday (cron(8)): from Tuesday 2026-12-08 the next is Monday the 14th.
        assertThat(due("0 3 1 * 1", "2026-12-07T03:00", "2026-12-08T12:00").next()).contains(at("2026-12-14T03:00"));
        assertThat(due("0 3 1 * 1", null, "2026-12-08T12:00").fireTime()).contains(at("2026-12-07T03:00"));
        // Day of month alone restricted: only the 1st.
        assertThat(due("0 3 1 * *", null, "2026-12-08T12:00").fireTime()).contains(at("2026-12-01T03:00"));
    }

    @Test
    void aRareDateIsFoundYearsAway() {
        assertThat(due("0 0 29 2 *", null, "2026-12-08T12:00").fireTime()).contains(at("2024-02-29T00:00"));
        assertThat(due("0 0 29 2 *", null, "2026-12-08T12:00").next()).contains(at("2028-02-29T00:00"));
    }

    @Test
    void theZoneIsTheSchedules() {
        // 02:30 in Shanghai is 18:30 UTC the day before.
        assertThat(due("30 2 * * *", null, "2026-12-08T03:00").fireTime().orElseThrow()).isEqualTo(Instant.parse("2026-12-07T18:30:00Z"));
    }

    @Test
    void malformedCronIsRefused() {
        assertThatThrownBy(() -> CronSchedule.parse("30 2 * *")).hasMessageContaining("5 fields");
        assertThatThrownBy(() -> CronSchedule.parse("61 2 * * *")).hasMessageContaining("outside 0-59");
    }
}
