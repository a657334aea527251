package org.citylake.cli;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
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
                ExchangeCommand.Verify.class},
        footer = {"", "Examples:", "  citylake exchange run", "  citylake exchange push --subscription city-person",
                "  citylake exchange status", "  citylake exchange verify --subscription city-person \\",
                "      s3://city/district/yaohai/population/<package-id>/"})
final class ExchangeCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

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

        @Override
        public Integer call() {
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
                        p.get("exchange.producer", "citylake"), System::getenv, System.out, Clock.systemUTC());
                for (Subscription s : subs) {
                    int n = runner.run(s);
                    System.out.printf("%s (%s): %d package(s) %s%n", s.name(), s.direction().name().toLowerCase(), n,
                            s.direction() == Subscription.Direction.PUSH ? "sent" : "applied");
                }
                return 0;
            } finally {
                spark.stop();
            }
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run every subscription (or one) in its own direction.",
            footer = {"", "Examples:", "  citylake exchange run", "  citylake exchange run --subscription city-person"})
    static final class Run extends Runs {
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
}
