package org.citylake.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.TableContract;
import org.citylake.exchange.flow.ExchangeKeys;
import org.citylake.exchange.flow.ExchangeLedger;
import org.citylake.exchange.flow.InboundApply;
import org.citylake.exchange.flow.MaskingSql;
import org.citylake.exchange.flow.OutboundExport;
import org.citylake.exchange.subscription.Subscription;
import org.citylake.exchange.subscription.SubscriptionLoader;
import org.citylake.exchange.transport.PeerStore;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.SqlText;
import org.citylake.warehouse.services.LocalServices;
import org.citylake.warehouse.services.S3Keys;
import org.citylake.warehouse.services.ServiceKind;

/**
 * The demo's closing exchange round trip on its own data: the shipped {@code city-person} subscription
 * pushes the masked population increment to a "city" bucket on this machine's S3 server (s3proxy, as
 * {@code services up --only s3} starts it at {@code s3.endpoint}, left running), and a city-side lake — its own Iceberg catalog {@code city}
 * and warehouse under the demo's state dir — pulls it, verifies every digest and the manifest
 * signature, decrypts and applies it. Both sides are then compared row for row.
 *
 * <p>The S3 keys are the local server's; the signing and SM4 keys are demo keys, generated once into
 * {@code <state>/demo/exchange/keys.properties} (mode 600). A real deployment sets the environment variables
 * the subscription names.
 */
final class DemoExchange {
    /** What the round trip did. {@code agree} holds when the city's rows equal the district's masked rows exactly. */
    record RoundTrip(int packagesSent, long rowsSent, int packagesApplied, long rowsApplied, long districtRows, long cityRows,
                     boolean agree, List<String> rejected) {
    }

    private DemoExchange() {
    }

    static RoundTrip run(Profile p, SparkSession spark, PrintStream out) {
        Path dir = p.stateDir().resolve("demo/exchange");
        // The city's bucket lives on this machine's S3 server (services up --only s3), which stays up like HMS and Trino.
        LocalServices services = new LocalServices(p, out);
        services.up(EnumSet.of(ServiceKind.S3));
        S3Keys s3Keys = services.s3Keys();
        String catalog = p.get("trino.catalog");
        Map<String, TableContract> contracts = ContractLoader.loadAll(p.confDir().resolve("contracts")).stream()
                .collect(Collectors.toMap(TableContract::qualifiedName, Function.identity()));
        Subscription push = SubscriptionLoader.load(p.confDir().resolve("exchange/city-person.yaml"), contracts)
                .withEndpoint(services.s3Endpoint());
        Map<String, String> env = new LinkedHashMap<>(keys(dir.resolve("keys.properties")));
        env.put(push.peer().accessKeyEnv(), s3Keys.accessKey());
        env.put(push.peer().secretKeyEnv(), s3Keys.secretKey());
        Function<String, String> lookup = name -> env.containsKey(name) ? env.get(name) : System.getenv(name);
        Subscription pull = SubscriptionLoader.load(writePull(dir, push), Map.of());

        spark.conf().set("spark.sql.catalog.city", "org.apache.iceberg.spark.SparkCatalog");
        spark.conf().set("spark.sql.catalog.city.type", "hadoop");
        spark.conf().set("spark.sql.catalog.city.warehouse", dir.resolve("city-warehouse").toUri().toString());

        List<OutboundExport.Result> sent = new OutboundExport(spark, catalog, new ExchangeLedger(spark, catalog), dir.resolve("outbox"),
                contracts, "citylake-demo", out, Clock.systemUTC())
                .run(push, PeerStore.connect(push.peer(), lookup, out), ExchangeKeys.signer(push, lookup), ExchangeKeys.cipher(push, lookup),
                        ExchangeKeys.pseudonymizer(push, lookup));
        // The demo's packages leave the lake like any other: each is an export in the audit log.
        try (org.citylake.warehouse.audit.IcebergAuditLog log = org.citylake.warehouse.audit.IcebergAuditLog.open(p)) {
            ExchangeCommand.exported(p, log, push, sent);
        }
        List<InboundApply.Result> applied = new InboundApply(spark, "city", new ExchangeLedger(spark, "city"), dir.resolve("inbox"), out,
                Clock.systemUTC())
                .run(pull, PeerStore.connect(pull.peer(), lookup, out), ExchangeKeys.signer(pull, lookup), ExchangeKeys.cipher(pull, lookup));

        Subscription.TableGrant grant = push.table("base.person").orElseThrow();
        String masked = grant.columns().stream().map(c -> MaskingSql.expression(c.name(), c.masking()) + " AS " + SqlText.identifier(c.name()))
                .collect(Collectors.joining(", "));
        String names = grant.columns().stream().map(c -> SqlText.identifier(c.name())).collect(Collectors.joining(", "));
        Dataset<Row> district = spark.sql("SELECT " + masked + " FROM " + catalog + ".base.person");
        Dataset<Row> city = spark.sql("SELECT " + names + " FROM city." + pull.tables().get(0).into());
        boolean agree = district.exceptAll(city).isEmpty() && city.exceptAll(district).isEmpty();
        return new RoundTrip(
                (int) sent.stream().filter(r -> r.packageId() != null).count(),
                sent.stream().mapToLong(OutboundExport.Result::rows).sum(),
                (int) applied.stream().filter(r -> r.outcome() == InboundApply.Outcome.APPLIED).count(),
                applied.stream().filter(r -> r.outcome() == InboundApply.Outcome.APPLIED).mapToLong(InboundApply.Result::rows).sum(),
                district.count(), city.count(), agree,
                applied.stream().filter(r -> r.outcome() == InboundApply.Outcome.REJECTED).map(r -> r.packageId() + ": " + r.reason()).toList());
    }

    /** The city's side of the agreement: pull the same prefix with the same keys, land in ods.district_person. */
    private static Path writePull(Path dir, Subscription push) {
        Subscription.Peer p = push.peer();
        Subscription.Security sec = push.security();
        String yaml = "subscription: from-district\n"
                + "direction: pull\n"
                + "peer:\n"
                + "  name: district\n"
                + "  endpoint: " + p.endpoint() + "\n"
                + "  bucket: " + p.bucket() + "\n"
                + "  prefix: " + p.prefix() + "\n"
                + "  access_key_env: " + p.accessKeyEnv() + "\n"
                + "  secret_key_env: " + p.secretKeyEnv() + "\n"
                + "security:\n"
                + "  key_id: " + sec.keyId() + "\n"
                + "  signing_key_env: " + sec.signingKeyEnv() + "\n"
                + sec.encryptionKeyEnv().map(e -> "  encryption: sm4-gcm\n  encryption_key_env: " + e + "\n").orElse("")
                + "tables:\n"
                + "  - table: base.person\n"
                + "    into: ods.district_person\n"
                + "schedule: \"45 2 * * *\"\n";
        try {
            Path file = Files.createDirectories(dir.resolve("city-conf")).resolve("from-district.yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the city's subscription under " + dir, e);
        }
    }

    /** Demo keys for the variables the shipped subscription names, generated once and kept (mode 600). */
    private static Map<String, String> keys(Path file) {
        try {
            Properties props = new Properties();
            if (Files.exists(file)) {
                try (var in = Files.newBufferedReader(file)) {
                    props.load(in);
                }
            } else {
                SecureRandom random = new SecureRandom();
                props.setProperty("CITYLAKE_CITY_SIGNING_KEY", hex(random, 32));
                props.setProperty("CITYLAKE_CITY_SM4_KEY", hex(random, 16));
                Files.createDirectories(file.getParent());
                Path tmp = Files.createTempFile(file.getParent(), "keys", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try (var w = Files.newBufferedWriter(tmp)) {
                    props.store(w, "citylake demo exchange keys (demo only; real peers set these environment variables)");
                }
                Files.move(tmp, file);
            }
            Map<String, String> out = new LinkedHashMap<>();
            props.stringPropertyNames().forEach(k -> out.put(k, props.getProperty(k)));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the demo exchange keys at " + file, e);
        }
    }

    private static String hex(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
