package org.citylake.cli;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.TableContract;
import org.citylake.exchange.crypto.ManifestSigner;
import org.citylake.exchange.flow.ExchangeKeys;
import org.citylake.exchange.flow.ExchangeRunner;
import org.citylake.exchange.flow.ExchangeStatus;
import org.citylake.exchange.pkg.ManifestVerifier;
import org.citylake.exchange.schedule.ExchangeScheduler;
import org.citylake.exchange.schedule.ScheduleLog;
import org.citylake.exchange.subscription.Subscription;
import org.citylake.exchange.subscription.SubscriptionLoader;
import org.citylake.exchange.transport.PeerStore;
import org.citylake.warehouse.LakeSession;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.services.LocalServices;
import org.citylake.warehouse.services.ServiceKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "exchange", mixinStandardHelpOptions = true,
        description = {"Exchange packages with the city and province data centres over S3/MinIO.",
                "Subscriptions: conf/exchange/*.yaml. Manifests signed with HMAC-SM3, SHA-256 + SM3",
                "per file, optional SM4 encryption, ledger in governance.exchange_ledger,",
                "exactly-once application into ods. See docs/exchange.md."},
        subcommands = {ExchangeCommand.Run.class, ExchangeCommand.Push.class, ExchangeCommand.Pull.class, ExchangeCommand.Status.class,
                ExchangeCommand.Verify.class, ExchangeCommand.DeadLetters.class, ExchangeCommand.RetryDeadLetter.class,
                ExchangeCommand.Schedule.class},
        footer = {"", "Examples:", "  citylake exchange run", "  citylake exchange push --subscription city-person",
                "  citylake exchange status", "  citylake exchange verify --subscription city-person \\",
                "      s3://city/district/yaohai/population/<package-id>/",
                "  citylake exchange dead-letters", "  citylake exchange retry --subscription from-district <package-id>",
                "  citylake exchange schedule --once"})
final class ExchangeCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Where subscriptions' keys come from: the process environment (tests hand in their own). */
    static Function<String, String> env = System::getenv;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static Map<String, TableContract> contracts(Profile p) {
        return ContractLoader.loadAll(p.confDir().resolve("contracts")).stream()
                .collect(Collectors.toMap(TableContract::qualifiedName, Function.identity()));
    }

    static List<Subscription> subscriptions(Profile p, String only, Subscription.Direction direction) {
        List<Subscription> all = SubscriptionLoader.loadAll(p.confDir().resolve("exchange"), contracts(p)).stream()
                .filter(s -> only == null || s.name().equals(only))
                .filter(s -> direction == null || s.direction() == direction).toList();
        if (only != null && all.isEmpty()) {
            throw new IllegalArgumentException("No " + (direction == null ? "" : direction.name().toLowerCase() + " ")
                    + "subscription '" + only + "' in " + p.confDir().resolve("exchange"));
        }
        return all;
    }

    /** Shared by run, push and pull: start what the lake needs, run each subscription, report. */
    abstract static class Runs implements Callable<Integer> {
        @Mixin
        ProfileOption profile;

        @Option(names = "--subscription", paramLabel = "NAME", description = "Only this subscription (file name in conf/exchange without .yaml).")
        String subscription;

        abstract Subscription.Direction direction();

        abstract String action();

        @Override
        public Integer call() throws Exception {
            Profile p = profile.load();
            List<Subscription> subs = subscriptions(p, subscription, direction());
            if (subs.isEmpty()) {
                System.out.println("No subscriptions in " + p.confDir().resolve("exchange"));
                return 0;
            }
            if (p.name().equals("local")) {
                new LocalServices(p, System.out).up(EnumSet.of(ServiceKind.HMS));
            }
            SparkSession spark = LakeSession.open(p, "citylake-exchange");
            try {
                ExchangeRunner runner = new ExchangeRunner(spark, p.get("trino.catalog"), p.stateDir().resolve("exchange"), contracts(p),
                        p.get("exchange.producer", "citylake"), env, System.out, Clock.systemUTC());
                for (Subscription s : subs) {
                    int n = audited(p, runner, s, action());
                    System.out.printf("%s (%s): %d package(s) %s%n", s.name(), s.direction().name().toLowerCase(), n,
                            s.direction() == Subscription.Direction.PUSH ? "sent" : "applied");
                }
                return 0;
            } finally {
                spark.stop();
            }
        }
    }

    /**
     * One subscription's run, audited: the run as a whole ({@code exchange.run|push|pull}, with the packages it
     * sent or applied and those rejected), and each package sent as an {@code export.exchange} entry.
     */
    static int audited(Profile p, ExchangeRunner runner, Subscription s, String action) throws Exception {
        boolean push = s.direction() == Subscription.Direction.PUSH;
        org.citylake.catalog.audit.AuditEvent event = Audit.event(p, action, "subscription:" + s.name())
                .withDetail("direction", s.direction().name().toLowerCase(java.util.Locale.ROOT)).withDetail("peer", s.peer().name());
        try (org.citylake.warehouse.audit.IcebergAuditLog log = org.citylake.warehouse.audit.IcebergAuditLog.open(p)) {
            if (push) {
                List<org.citylake.exchange.flow.OutboundExport.Result> sent = log.record(event, () -> runner.push(s), (e, rs) -> e
                        .withTargets(java.util.stream.Stream.concat(java.util.stream.Stream.of("subscription:" + s.name()),
                                rs.stream().map(org.citylake.exchange.flow.OutboundExport.Result::table).distinct()).toList())
                        .withDetail("packages", rs.stream().map(org.citylake.exchange.flow.OutboundExport.Result::packageId)
                                .filter(java.util.Objects::nonNull).collect(Collectors.joining(",")))
                        .ok(rs.stream().filter(r -> r.packageId() != null).count() + " package(s) sent"));
                exported(p, log, s, sent);
                return (int) sent.stream().filter(r -> r.packageId() != null).count();
            }
            List<org.citylake.exchange.flow.InboundApply.Result> got = log.record(event, () -> runner.pull(s), (e, rs) -> {
                org.citylake.catalog.audit.AuditEvent out = e.withTargets(java.util.stream.Stream.concat(java.util.stream.Stream.of("subscription:" + s.name()),
                        rs.stream().map(org.citylake.exchange.flow.InboundApply.Result::target).filter(java.util.Objects::nonNull).distinct()).toList());
                for (org.citylake.exchange.flow.InboundApply.Result r : rs) {
                    out = out.withDetail(r.packageId(), r.outcome().name().toLowerCase(java.util.Locale.ROOT) + (r.reason() == null ? "" : ": " + r.reason()));
                }
                return out.ok(rs.stream().filter(r -> r.outcome() == org.citylake.exchange.flow.InboundApply.Outcome.APPLIED).count() + " package(s) applied");
            });
            return (int) got.stream().filter(r -> r.outcome() == org.citylake.exchange.flow.InboundApply.Outcome.APPLIED).count();
        }
    }

    /** One {@code export.exchange} entry per package sent. */
    static void exported(Profile p, org.citylake.catalog.audit.AuditLog log, Subscription s, List<org.citylake.exchange.flow.OutboundExport.Result> sent) {
        for (org.citylake.exchange.flow.OutboundExport.Result r : sent) {
            if (r.packageId() != null) {
                log.append(Audit.event(p, org.citylake.catalog.audit.Actions.EXPORT_EXCHANGE, "subscription:" + s.name(), r.table())
                        .withPackage(r.packageId()).withDetail("rows", r.rows()).withDetail("range", r.range())
                        .withDetail("peer", s.peer().name()).withDetail("bucket", s.peer().bucket()).withDetail("prefix", s.peer().prefix())
                        .ok(r.outcome()));
            }
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run every subscription (or one) in its own direction.",
            footer = {"", "Examples:", "  citylake exchange run", "  citylake exchange run --subscription city-person"})
    static final class Run extends Runs {
        @Override
        String action() {
            return org.citylake.catalog.audit.Actions.EXCHANGE_RUN;
        }

        @Override
        Subscription.Direction direction() {
            return null;
        }
    }

    @Command(name = "push", mixinStandardHelpOptions = true,
            description = {"Build and upload one package per push subscription and table: the",
                    "changes since the last uploaded snapshot, masked per the grant, manifest",
                    "uploaded last. A rerun after a crash resumes the same package."},
            footer = {"", "Example:", "  CITYLAKE_CITY_S3_ACCESS_KEY=… CITYLAKE_CITY_S3_SECRET_KEY=… CITYLAKE_CITY_SIGNING_KEY=… \\",
                    "  CITYLAKE_CITY_SM4_KEY=… citylake exchange push --subscription city-person"})
    static final class Push extends Runs {
        @Override
        String action() {
            return org.citylake.catalog.audit.Actions.EXCHANGE_PUSH;
        }

        @Override
        Subscription.Direction direction() {
            return Subscription.Direction.PUSH;
        }
    }

    @Command(name = "pull", mixinStandardHelpOptions = true,
            description = {"Poll each pull subscription's prefix; verify, decrypt and apply new",
                    "packages into ods exactly once; bad packages go to <prefix>/dead-letter/",
                    "with a reason and nothing of them is applied."},
            footer = {"", "Example:", "  citylake exchange pull --subscription from-city"})
    static final class Pull extends Runs {
        @Override
        String action() {
            return org.citylake.catalog.audit.Actions.EXCHANGE_PULL;
        }

        @Override
        Subscription.Direction direction() {
            return Subscription.Direction.PULL;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "The last package per subscription and table, and the lag in snapshots, rows and time.",
            footer = {"", "Example:", "  citylake exchange status"})
    static final class Status implements Callable<Integer> {
        @Mixin
        ProfileOption profile;

        @Override
        public Integer call() {
            Profile p = profile.load();
            List<Subscription> subs = subscriptions(p, null, null);
            if (p.name().equals("local")) {
                new LocalServices(p, System.out).up(EnumSet.of(ServiceKind.HMS));
            }
            SparkSession spark = LakeSession.open(p, "citylake-exchange-status");
            try {
                String catalog = p.get("trino.catalog");
                ExchangeRunner runner = new ExchangeRunner(spark, catalog, p.stateDir().resolve("exchange"), Map.of(), "", System::getenv,
                        System.out, Clock.systemUTC());
                PrintStream out = System.out;
                out.printf("%-22s %-5s %-14s %-48s %-9s %10s %10s %10s%n", "subscription", "dir", "table", "last package", "status",
                        "snapshots", "rows", "behind");
                for (ExchangeStatus.Line l : ExchangeStatus.of(spark, catalog, runner.ledger(), subs, Instant.now())) {
                    out.printf("%-22s %-5s %-14s %-48s %-9s %10d %10d %10s%n", l.subscription(), l.direction(), l.table(),
                            l.lastPackage() == null ? "-" : l.lastPackage(), l.lastStatus(), l.snapshotsBehind(), l.rowsBehind(),
                            l.timeBehind().toMinutes() + " min");
                }
                return 0;
            } finally {
                spark.stop();
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check one package without applying it: signature, each file's size,",
                    "SHA-256 and SM3, SM4 decryption, row counts. Exit 0 when intact, 3 with",
                    "the reasons otherwise. Needs no Spark and no metastore."},
            footer = {"", "Examples:", "  citylake exchange verify --subscription city-person ./city-person.base_person.start-42",
                    "  citylake exchange verify --subscription city-person \\",
                    "      s3://city/district/yaohai/population/city-person.base_person.start-42/"})
    static final class Verify implements Callable<Integer> {
        @Mixin
        ProfileOption profile;

        @Option(names = "--subscription", required = true, paramLabel = "NAME", description = "Subscription whose keys (and, for s3://, endpoint) to use.")
        String subscription;

        /** Where keys come from; tests hand in their own. */
        Function<String, String> env = System::getenv;

        @Parameters(paramLabel = "PACKAGE", description = "A package directory, or s3://bucket/prefix/<package-id>/ on the subscription's endpoint.")
        String target;

        @Override
        public Integer call() throws Exception {
            Profile p = profile.load();
            Subscription s = subscriptions(p, subscription, null).get(0);
            ManifestSigner signer = ExchangeKeys.signer(s, env);
            Path dir;
            if (target.startsWith("s3://")) {
                URI uri = URI.create(target.endsWith("/") ? target : target + "/");
                String path = uri.getPath().substring(1, uri.getPath().length() - 1);
                int slash = path.lastIndexOf('/');
                String prefix = slash < 0 ? "" : path.substring(0, slash);
                String id = path.substring(slash + 1);
                PeerStore store = PeerStore.connect(s.peer().at(uri.getHost(), prefix), env, System.out);
                dir = store.download(id, Files.createTempDirectory("citylake-verify"));
            } else {
                dir = Path.of(target);
            }
            ManifestVerifier.Verification v = new ManifestVerifier(signer, ExchangeKeys.cipher(s, env)).verify(dir);
            if (v.ok()) {
                System.out.printf("%s: intact · %d file(s) · %,d rows · digests verified (SHA-256 + SM3) · %s signature ok%n",
                        v.manifest().packageId(), v.manifest().files().size(), v.manifest().totalRows(), v.manifest().signature().algorithm());
                return 0;
            }
            System.out.println(dir + ": REJECTED");
            v.problems().forEach(pr -> System.out.println("  " + pr));
            return 3;
        }
    }

    @Command(name = "dead-letters", mixinStandardHelpOptions = true,
            description = {"List rejected packages and why they were rejected.",
                    "Each subscription's <prefix>/dead-letter/ with reason.txt per package.",
                    "Reads the bucket only: no Spark, no metastore. Nothing of a",
                    "dead-lettered package was applied."},
            footer = {"", "Examples:", "  citylake exchange dead-letters", "  citylake exchange dead-letters --subscription from-district"})
    static final class DeadLetters implements Callable<Integer> {
        @Mixin
        ProfileOption profile;

        @Option(names = "--subscription", paramLabel = "NAME", description = "Only this subscription.")
        String subscription;

        @Override
        public Integer call() {
            list(subscriptions(profile.load(), subscription, null), env, System.out);
            return 0;
        }

        static List<PeerStore.DeadLetter> list(List<Subscription> subs, Function<String, String> env, PrintStream out) {
            List<PeerStore.DeadLetter> all = new java.util.ArrayList<>();
            for (Subscription s : subs) {
                PeerStore store = PeerStore.connect(s.peer(), env, out);
                List<PeerStore.DeadLetter> found = store.deadLetters();
                out.printf("%s (%s): %d dead letter(s) under s3://%s/%s%s/%n", s.name(), s.direction().name().toLowerCase(), found.size(),
                        s.peer().bucket(), s.peer().keyPrefix(), PeerStore.DEAD_LETTER);
                for (PeerStore.DeadLetter d : found) {
                    out.printf("  %s%n    reason: %s%n", d.packageId(), d.reason());
                }
                all.addAll(found);
            }
            return all;
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = {"Move a dead-lettered package back once it verifies.",
                    "It goes back under the subscription's prefix if it verifies with the",
                    "subscription's keys (signature, sizes, SHA-256, SM3,",
                    "SM4, row counts): after the peer re-sent a corrupted file into it, or after",
                    "a missing key was configured. The next 'exchange pull' verifies it again",
                    "and applies it exactly once. A package that still fails stays (exit 3).",
                    "A peer that re-sends the whole package under the prefix needs no retry:",
                    "the next pull takes it (the ledger skips only applied packages)."},
            footer = {"", "Example:", "  citylake exchange retry --subscription from-district \\",
                    "      city-person.base_person.42-43"})
    static final class RetryDeadLetter implements Callable<Integer> {
        @Mixin
        ProfileOption profile;

        @Option(names = "--subscription", required = true, paramLabel = "NAME", description = "Subscription whose prefix and keys to use.")
        String subscription;

        @Parameters(paramLabel = "PACKAGE", description = "Package id, as 'exchange dead-letters' lists it.")
        String packageId;

        @Override
        public Integer call() throws Exception {
            return retry(subscriptions(profile.load(), subscription, null).get(0), packageId, env, System.out);
        }

        static int retry(Subscription s, String packageId, Function<String, String> env, PrintStream out) throws java.io.IOException {
            PeerStore store = PeerStore.connect(s.peer(), env, out);
            String id = org.citylake.exchange.pkg.SafeNames.packageId(packageId);
            if (store.deadLetterReason(id).isEmpty()) {
                out.printf("%s is not in s3://%s/%s%s/; 'exchange dead-letters' lists what is%n", id, s.peer().bucket(), s.peer().keyPrefix(),
                        PeerStore.DEAD_LETTER);
                return 1;
            }
            if (store.hasManifest(id)) {
                out.printf("%s is already back at %s (re-sent by the peer); the next pull takes it%n", id, store.location(id));
                return 0;
            }
            Path tmp = Files.createTempDirectory("citylake-retry");
            try {
                Path dir = store.deadLetterStore().download(id, tmp);
                ManifestVerifier.Verification v = new ManifestVerifier(ExchangeKeys.signer(s, env), ExchangeKeys.cipher(s, env)).verify(dir);
                if (!v.ok()) {
                    out.println(id + ": still REJECTED, left in the dead-letter prefix");
                    v.problems().forEach(pr -> out.println("  " + pr));
                    return 3;
                }
                if (s.table(v.manifest().table()).isEmpty()) {
                    out.printf("%s: table %s is not granted by subscription %s; left in the dead-letter prefix%n", id, v.manifest().table(), s.name());
                    return 3;
                }
                store.restore(id);
                out.printf("%s: digests verified (SHA-256 + SM3, %s signature); moved back to %s — the next 'exchange pull' applies it%n", id,
                        v.manifest().signature().algorithm(), store.location(id));
                return 0;
            } finally {
                org.citylake.warehouse.FileTrees.delete(tmp);
            }
        }
    }

    @Command(name = "schedule", mixinStandardHelpOptions = true,
            description = {"Run subscriptions by their cron schedule (built-in scheduler).",
                    "Runs each when its cron 'schedule' says, with the same exactly-once run as 'exchange run'. Each run is recorded in the lake",
                    "(governance.exchange_schedule), so a restarted scheduler never runs a",
                    "fire time twice; fire times missed while it was down are caught up by",
                    "one run. Cron is read in --zone (default: the profile's",
                    "exchange.schedule.zone, else Asia/Shanghai). Without --once this is a",
                    "foreground loop that sleeps until the next fire time (Ctrl-C stops it;",
                    "a run in progress is safe to interrupt). A failed run is logged and",
                    "retried on the next pass. An external scheduler (cron, systemd timers,",
                    "Airflow later) can instead call 'citylake exchange run --subscription",
                    "NAME' at the same times."},
            footer = {"", "Examples:", "  citylake exchange schedule --once   # run what is due now, then exit",
                    "  citylake exchange schedule          # keep running in the foreground",
                    "  a crontab line instead of this loop:",
                    "    30 2 * * * cd /opt/citylake && ./citylake exchange run \\",
                    "        --subscription city-person"})
    static final class Schedule implements Callable<Integer> {
        @Mixin
        ProfileOption profile;

        @Option(names = "--subscription", paramLabel = "NAME", description = "Only this subscription.")
        String subscription;

        @Option(names = "--once", description = "Run what is due now and exit (exit 1 if a run failed).")
        boolean once;

        @Option(names = "--zone", paramLabel = "ZONE", description = "Time zone of the cron text, e.g. Asia/Shanghai.")
        String zone;

        static final String DEFAULT_ZONE = "Asia/Shanghai";

        @Override
        public Integer call() throws InterruptedException {
            Profile p = profile.load();
            List<Subscription> subs = subscriptions(p, subscription, null);
            if (subs.isEmpty()) {
                System.out.println("No subscriptions in " + p.confDir().resolve("exchange"));
                return 0;
            }
            ZoneId z = ZoneId.of(zone != null ? zone : p.get("exchange.schedule.zone", DEFAULT_ZONE));
            try (QualityCommand.Lake lake = QualityCommand.Lake.open(p, "citylake-exchange-schedule")) {
                String catalog = p.get("trino.catalog");
                ExchangeRunner runner = new ExchangeRunner(lake.spark(), catalog, p.stateDir().resolve("exchange"), contracts(p),
                        p.get("exchange.producer", "citylake"), env, System.out, Clock.systemUTC());
                ExchangeScheduler scheduler = scheduler(lake.spark(), catalog, runner, z, Clock.systemUTC(), System.out);
                while (true) {
                    boolean failed = scheduler.runDue(subs).stream()
                            .anyMatch(r -> r.ran() && r.run().outcome() == ScheduleLog.Outcome.FAILED);
                    if (once) {
                        return failed ? 1 : 0;
                    }
                    Instant wake = scheduler.nextWake(subs);
                    if (failed) {
                        Instant soon = Instant.now().plusSeconds(300);
                        wake = wake.isBefore(soon) ? wake : soon;
                    }
                    System.out.printf("schedule  sleeping until %s%n", wake.atZone(z));
                    long ms = java.time.Duration.between(Instant.now(), wake).toMillis();
                    if (ms > 0) {
                        Thread.sleep(ms);
                    }
                }
            }
        }

        /** The scheduler 'schedule' runs: each due subscription through {@code runner}, logged in the lake. */
        static ExchangeScheduler scheduler(SparkSession spark, String catalog, ExchangeRunner runner, ZoneId zone, Clock clock, PrintStream out) {
            return new ExchangeScheduler(new ScheduleLog(spark, catalog), runner::run, zone, clock, out);
        }
    }
}
