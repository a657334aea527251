package org.citylake.exchange.schedule;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import org.citylake.exchange.subscription.Subscription;

/**
 * A small built-in scheduler: runs each subscription whose cron has fired since its last scheduled run, with
 * the same exactly-once run {@code citylake exchange run} does, and records the run in {@link ScheduleLog}.
 * Subscriptions run one after another; one that fails is logged and retried on the next pass, and does not
 * stop the others. An external scheduler (cron, Airflow) can call {@code exchange run} instead.
 */
public final class ExchangeScheduler {
    /** What one pass did for one subscription. */
    public record Pass(String subscription, DueRun due, ScheduleLog.Entry run) {
        public boolean ran() {
            return run != null;
        }
    }

    private final ScheduleLog log;
    private final ToIntFunction<Subscription> runner;
    private final ZoneId zone;
    private final Clock clock;
    private final PrintStream out;

    /** {@code runner} runs one subscription in its own direction and returns the packages sent or applied. */
    public ExchangeScheduler(ScheduleLog log, ToIntFunction<Subscription> runner, ZoneId zone, Clock clock, PrintStream out) {
        this.log = log;
        this.runner = runner;
        this.zone = zone;
        this.clock = clock;
        this.out = out;
    }

    /** One pass: runs what is due now. */
    public List<Pass> runDue(List<Subscription> subscriptions) {
        List<Pass> passes = new ArrayList<>();
        for (Subscription s : subscriptions) {
            Instant now = clock.instant();
            DueRun due = DueRun.of(CronSchedule.parse(s.schedule()), log.lastFire(s.name()), now, zone);
            if (!due.due()) {
                out.printf("schedule  %s (%s) not due; next run %s%n", s.name(), s.schedule(), due.next().map(i -> i.atZone(zone).toString()).orElse("never"));
                passes.add(new Pass(s.name(), due, null));
                continue;
            }
            Instant fire = due.fireTime().get();
            out.printf("schedule  %s (%s) due for %s: running%n", s.name(), s.schedule(), fire.atZone(zone));
            ScheduleLog.Entry entry;
            try {
                int packages = runner.applyAsInt(s);
                entry = new ScheduleLog.Entry(s.name(), fire, now, clock.instant(), ScheduleLog.Outcome.OK, packages, null);
            } catch (RuntimeException e) {
                out.printf("schedule  %s FAILED (retried on the next pass): %s%n", s.name(), e.getMessage());
                entry = new ScheduleLog.Entry(s.name(), fire, now, clock.instant(), ScheduleLog.Outcome.FAILED, 0, String.valueOf(e.getMessage()));
            }
            log.record(entry);
            passes.add(new Pass(s.name(), due, entry));
        }
        return passes;
    }

    /** The earliest next fire time over the subscriptions, or now plus a minute when none fires again. */
    public Instant nextWake(List<Subscription> subscriptions) {
        Instant now = clock.instant();
        return subscriptions.stream()
                .map(s -> CronSchedule.parse(s.schedule()).nextAfter(now.atZone(zone)).map(z -> z.toInstant()))
                .flatMap(java.util.Optional::stream).min(Instant::compareTo).orElse(now.plusSeconds(60));
    }
}
