package org.citylake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.citylake.exchange.pkg.PackageManifest;
import org.citylake.exchange.subscription.Subscription;
import org.citylake.exchange.subscription.SubscriptionLoader;
import org.citylake.exchange.transport.PeerStore;
import org.citylake.pipelines.generate.GeneratorOptions;
import org.citylake.pipelines.generate.SourceDataGenerator;
import org.citylake.pipelines.job.Progress;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.services.LocalServices;
import org.citylake.warehouse.services.ServiceKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The acceptance round trip: the district pushes masked base.person increments to a "city" bucket on a
 * real S3 server (s3proxy through the MinIO SDK); a second lake — its own Iceberg warehouse and catalog
 * ("city") — pulls and applies them into ods exactly once; both sides agree row for row; a package with
 * one altered byte is rejected with a digest error and nothing of it is applied.
 */
@ExtendWith(ExchangeRoundTripIT.Context.class)
@Order(Integer.MAX_VALUE - 2) // changes base.person: after the walking skeleton has checked it
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExchangeRoundTripIT {
    static final Map<String, String> ENV = Map.of(
            "CITYLAKE_CITY_S3_ACCESS_KEY", "district",
            "CITYLAKE_CITY_S3_SECRET_KEY", "district-secret-key",
            "CITYLAKE_CITY_SIGNING_KEY", "00112233445566778899aabbccddeeff00112233",
            "CITYLAKE_CITY_SM4_KEY", "0123456789abcdeffedcba9876543210");
    static final Function<String, String> ENV_LOOKUP = ENV::get;

    /** Hands the lifecycle method its ExtensionContext, through which LocalStack is shared with the other IT classes. */
    static final class Context implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
            return p.getParameter().getType() == ExtensionContext.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext e) {
            return e;
        }
    }

    LocalStack stack;
    SparkSession spark;
    LocalServices s3;
    String endpoint;
    Subscription push;
    Subscription pull;
    Map<String, TableContract> contracts;
    ExchangeLedger districtLedger;
    ExchangeLedger cityLedger;
    Path work;

    @BeforeAll
    void setUp(ExtensionContext context) throws IOException {
        stack = LocalStack.get(context);
        spark = stack.spark;
        work = stack.work.resolve("exchange");
        if (!spark.catalog().tableExists("lake.base.person")) {
            // Run on its own: load the walking skeleton's delivery (same seed) so base.person holds real data.
            Path input = stack.work.resolve("input");
            new SourceDataGenerator(System.out).generate(GeneratorOptions.defaults(input, Profile.home().resolve("conf"))
                    .withPersons(2000).withSeed(7).withDefectRate(0.1));
            BatchPipeline.run(stack.profile, spark, input, new Progress(System.out));
        }
        // The city's S3 server: citylake's own S3 service (services up --only s3) under a state dir and port of its own.
        s3 = new LocalServices(stack.profile.with(Map.of("state.dir", work.resolve("s3-state").toString(),
                "s3.endpoint", "http://127.0.0.1:" + Integer.getInteger("citylake.it.s3.port", 39200),
                "s3.access.key", ENV.get("CITYLAKE_CITY_S3_ACCESS_KEY"), "s3.secret.key", ENV.get("CITYLAKE_CITY_S3_SECRET_KEY"))), System.out);
        s3.up(EnumSet.of(ServiceKind.S3));
        endpoint = s3.s3Endpoint();

        contracts = ContractLoader.loadAll(Profile.home().resolve("conf/contracts")).stream()
                .collect(Collectors.toMap(TableContract::qualifiedName, Function.identity()));
        Subscription shipped = SubscriptionLoader.load(Profile.home().resolve("conf/exchange/city-person.yaml"), contracts);
        push = shipped.withEndpoint(endpoint);
        Path pullFile = Files.createDirectories(work.resolve("city-conf")).resolve("from-district.yaml");
        Files.writeString(pullFile, """
                subscription: from-district
                direction: pull
                peer:
                  name: district
                  endpoint: %s
                  bucket: city
                  prefix: district/yaohai/population
                  access_key_env: CITYLAKE_CITY_S3_ACCESS_KEY
                  secret_key_env: CITYLAKE_CITY_S3_SECRET_KEY
                security:
                  key_id: city-2026
                  signing_key_env: CITYLAKE_CITY_SIGNING_KEY
                  encryption: sm4-gcm
                  encryption_key_env: CITYLAKE_CITY_SM4_KEY
                tables:
                  - table: base.person
                    into: ods.district_person
                schedule: "45 2 * * *"
                """.formatted(endpoint));
        pull = SubscriptionLoader.load(pullFile, Map.of());

        // The city's own lake: another Iceberg catalog and warehouse, sharing nothing with the district's.
        spark.conf().set("spark.sql.catalog.city", "org.apache.iceberg.spark.SparkCatalog");
        spark.conf().set("spark.sql.catalog.city.type", "hadoop");
        spark.conf().set("spark.sql.catalog.city.warehouse", work.resolve("city-warehouse").toUri().toString());
        districtLedger = new ExchangeLedger(spark, "lake");
        cityLedger = new ExchangeLedger(spark, "city");
    }

    @AfterAll
    void tearDown() {
        if (s3 != null) {
            s3.down(EnumSet.of(ServiceKind.S3));
        }
    }

    List<OutboundExport.Result> pushOnce() {
        return new OutboundExport(spark, "lake", districtLedger, stack.profile.stateDir().resolve("exchange-lake/outbox"), contracts, "citylake-district-it", System.out,
                Clock.systemUTC()).run(push, PeerStore.connect(push.peer(), ENV_LOOKUP, System.out),
                ExchangeKeys.signer(push, ENV_LOOKUP), ExchangeKeys.cipher(push, ENV_LOOKUP));
    }

    List<InboundApply.Result> pullOnce() {
        return new InboundApply(spark, "city", cityLedger, stack.profile.stateDir().resolve("exchange-city/inbox"), System.out, Clock.systemUTC())
                .run(pull, PeerStore.connect(pull.peer(), ENV_LOOKUP, System.out), ExchangeKeys.signer(pull, ENV_LOOKUP),
                        ExchangeKeys.cipher(pull, ENV_LOOKUP));
    }

    /** What the district may send: base.person through the grant's masking. */
    Dataset<Row> districtView() {
        String cols = push.table("base.person").orElseThrow().columns().stream()
                .map(c -> MaskingSql.expression(c.name(), c.masking()) + " AS " + c.name()).collect(Collectors.joining(", "));
        return spark.sql("SELECT " + cols + " FROM lake.base.person");
    }

    /** What the city holds: the latest image of each exchanged row, deletes removed. */
    Dataset<Row> cityView() {
        String cols = push.table("base.person").orElseThrow().columns().stream().map(Subscription.ColumnGrant::name).collect(Collectors.joining(", "));
        return spark.sql("SELECT " + cols + " FROM city.ods.district_person");
    }

    @Test
    @Order(1)
    void theFirstPackageCarriesTheWholeMaskedTableAndIsAppliedOnce() {
        long persons = spark.table("lake.base.person").count();
        assertThat(persons).isGreaterThan(1000);
        List<OutboundExport.Result> pushed = pushOnce();
        assertThat(pushed).singleElement().satisfies(r -> {
            assertThat(r.rows()).isEqualTo(persons);
            assertThat(r.packageId()).startsWith("city-person.base_person.start-");
        });
        List<InboundApply.Result> pulled = pullOnce();
        assertThat(pulled).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(InboundApply.Outcome.APPLIED);
            assertThat(r.rows()).isEqualTo(persons);
        });
        // Row for row: the masked district table and the city's ODS hold exactly the same multiset of rows.
        assertThat(districtView().exceptAll(cityView()).count()).isZero();
        assertThat(cityView().exceptAll(districtView()).count()).isZero();
        // No unmasked identity number left the district.
        assertThat(spark.sql("SELECT count(*) FROM city.ods.district_person WHERE resident_id RLIKE '^[0-9]{17}[0-9X]$'").first().getLong(0)).isZero();

        // Polling again applies nothing, and pushing again sends nothing: the ledgers remember.
        assertThat(pullOnce()).extracting(InboundApply.Result::outcome).containsExactly(InboundApply.Outcome.ALREADY_APPLIED);
        assertThat(pushOnce()).extracting(OutboundExport.Result::outcome).containsExactly("up to date");
        assertThat(spark.table("city.ods.district_person").count()).isEqualTo(persons);
    }

    @Test
    @Order(2)
    void anIncrementCarriesInsertsAndUpdatesFromTheChangelog() {
        long before = spark.table("city.ods.district_person").count();
        String someone = spark.sql("SELECT resident_id FROM lake.base.person ORDER BY resident_id LIMIT 1").first().getString(0);
        spark.sql("UPDATE lake.base.person SET name = '张改名' WHERE resident_id = '" + someone + "'");
        spark.sql("INSERT INTO lake.base.person SELECT '45020319900101999X' AS resident_id, '新居民' AS name, sex, ethnicity, birth_date, phone,"
                + " domicile_address, residence_address, street_code, community_code, registered_at, _source, 'it-increment', _contributors"
                + " FROM lake.base.person WHERE resident_id = '" + someone + "'");
        List<OutboundExport.Result> pushed = pushOnce();
        assertThat(pushed).singleElement().satisfies(r -> assertThat(r.range().isInitial()).isFalse());
        List<InboundApply.Result> pulled = pullOnce();
        assertThat(pulled).filteredOn(r -> r.outcome() == InboundApply.Outcome.APPLIED).singleElement()
                .satisfies(r -> assertThat(r.rows()).isEqualTo(pushed.get(0).rows()));
        Dataset<Row> ops = spark.sql("SELECT _op, name FROM city.ods.district_person WHERE _batch_id = '" + pushed.get(0).packageId() + "'");
        assertThat(ops.collectAsList()).extracting(r -> r.getString(0) + ":" + r.getString(1)).contains("U:张**", "I:新**");
        assertThat(spark.table("city.ods.district_person").count()).isEqualTo(before + pushed.get(0).rows());
    }

    @Test
    @Order(3)
    void oneAlteredByteInTheBucketIsRejectedWithADigestErrorAndNothingIsApplied() {
        spark.sql("INSERT INTO lake.base.person SELECT '450203199002029990' AS resident_id, '又一人' AS name, sex, ethnicity, birth_date, phone,"
                + " domicile_address, residence_address, street_code, community_code, registered_at, _source, 'it-tamper', _contributors"
                + " FROM lake.base.person LIMIT 1");
        OutboundExport.Result pushed = pushOnce().get(0);
        PeerStore bucket = PeerStore.connect(push.peer(), ENV_LOOKUP, System.out);
        String file = "part-00000.parquet.sm4";
        byte[] bytes = bucket.get(pushed.packageId(), file);
        bytes[bytes.length / 2] ^= 0x01;
        bucket.put(pushed.packageId(), file, bytes);
        long before = spark.table("city.ods.district_person").count();

        List<InboundApply.Result> pulled = pullOnce();
        assertThat(pulled).filteredOn(r -> r.packageId().equals(pushed.packageId())).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(InboundApply.Outcome.REJECTED);
            assertThat(r.reason()).contains("sha256_mismatch", "sm3_mismatch", file);
        });
        assertThat(spark.table("city.ods.district_person").count()).isEqualTo(before);
        assertThat(spark.sql("SELECT count(*) FROM city.ods.district_person WHERE _batch_id = '" + pushed.packageId() + "'").first().getLong(0)).isZero();
        assertThat(bucket.packageIds()).doesNotContain(pushed.packageId());
        assertThat(bucket.deadLetterReason(pushed.packageId())).hasValueSatisfying(r -> assertThat(r).contains("sha256_mismatch"));
        assertThat(cityLedger.latestStatus(pushed.packageId())).contains("rejected");
        assertThat(PackageManifest.FILE_NAME).isEqualTo("manifest.json");
    }

    /** The lake's tables were changed by another JVM: drop this session's cached Iceberg metadata. */
    void refresh() {
        for (String t : List.of("lake.base.person", "lake.governance.exchange_ledger", "city.governance.exchange_ledger", "city.ods.district_person")) {
            spark.sql("REFRESH TABLE " + t);
        }
    }

    /** Runs one subscription in a child JVM, which halts at {@code crashAt}; returns its exit code. */
    int child(String catalog, Path subscriptionFile, String crashAt) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1536m"));
        for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions") || a.startsWith("-Djdk.reflect")
                    || a.startsWith("-Dio.netty")) {
                cmd.add(a);
            }
        }
        // Failsafe sets these inside its JVM, not on the command line: hand them on explicitly.
        cmd.add("-Dcitylake.home=" + Profile.home());
        cmd.add("-Dlog4j2.configurationFile=" + System.getProperty("log4j2.configurationFile"));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ExchangeChild.class.getName(),
                stack.profile.stateDir().toString(), stack.profile.warehouseDir().toString(), stack.profile.get("hms.port"), catalog,
                subscriptionFile.toString(), endpoint, catalog.equals("city") ? work.resolve("city-warehouse").toString() : "-"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("child-" + crashAt + ".log").toFile());
        pb.environment().putAll(ENV);
        pb.environment().put(org.citylake.exchange.CrashPoint.ENV, crashAt);
        Process p = pb.start();
        assertThat(p.waitFor(6, java.util.concurrent.TimeUnit.MINUTES)).as("child finished, log " + work.resolve("child-" + crashAt + ".log")).isTrue();
        List<String> log = Files.readAllLines(work.resolve("child-" + crashAt + ".log"));
        System.out.println("--- child (" + crashAt + "), last lines:\n" + String.join("\n", log.subList(Math.max(0, log.size() - 15), log.size())));
        refresh();
        return p.exitValue();
    }

    void insertPerson(String id, String batch) {
        spark.sql("INSERT INTO lake.base.person SELECT '" + id + "' AS resident_id, '崩溃测' AS name, sex, ethnicity, birth_date, phone,"
                + " domicile_address, residence_address, street_code, community_code, registered_at, _source, '" + batch + "', _contributors"
                + " FROM lake.base.person LIMIT 1");
    }

    @Test
    @Order(4)
    void aProcessKilledBetweenDataUploadAndManifestResumesAndTheCityAppliesOnce() throws Exception {
        insertPerson("450203199003039991", "it-crash-upload");
        assertThat(child("lake", Profile.home().resolve("conf/exchange/city-person.yaml"), "after-data-upload"))
                .isEqualTo(org.citylake.exchange.CrashPoint.EXIT_CODE);
        Row built = districtLedger.latestPerPackage().get(0);
        String id = built.getString(0);
        assertThat(built.getString(9)).isEqualTo("built");
        PeerStore bucket = PeerStore.connect(push.peer(), ENV_LOOKUP, System.out);
        assertThat(bucket.packageIds()).as("no manifest: readers do not see the half package").doesNotContain(id);
        assertThat(bucket.get(id, "part-00000.parquet.sm4")).isNotEmpty();

        List<OutboundExport.Result> rerun = pushOnce();
        assertThat(rerun).singleElement().satisfies(r -> {
            assertThat(r.packageId()).isEqualTo(id);
            assertThat(r.outcome()).isEqualTo("resumed");
            assertThat(r.rows()).isEqualTo(1);
        });
        assertThat(districtLedger.count(id, ExchangeLedger.Status.UPLOADED)).isEqualTo(1);
        assertThat(pullOnce()).filteredOn(r -> r.packageId().equals(id)).extracting(InboundApply.Result::outcome)
                .containsExactly(InboundApply.Outcome.APPLIED);
        assertThat(spark.sql("SELECT count(*) FROM city.ods.district_person WHERE _batch_id = '" + id + "'").first().getLong(0)).isEqualTo(1);
    }

    @Test
    @Order(5)
    void aProcessKilledAfterTheOdsCommitBeforeTheLedgerAppliesExactlyOnceOnRerun() throws Exception {
        insertPerson("450203199004049992", "it-crash-apply");
        String id = pushOnce().get(0).packageId();
        long before = spark.table("city.ods.district_person").count();
        assertThat(child("city", work.resolve("city-conf/from-district.yaml"), "after-ods-commit"))
                .isEqualTo(org.citylake.exchange.CrashPoint.EXIT_CODE);
        assertThat(spark.sql("SELECT count(*) FROM city.ods.district_person WHERE _batch_id = '" + id + "'").first().getLong(0)).isEqualTo(1);
        assertThat(cityLedger.reached(id, ExchangeLedger.Status.APPLIED)).isFalse();

        assertThat(pullOnce()).filteredOn(r -> r.packageId().equals(id)).extracting(InboundApply.Result::outcome)
                .containsExactly(InboundApply.Outcome.APPLIED);
        assertThat(spark.sql("SELECT count(*) FROM city.ods.district_person WHERE _batch_id = '" + id + "'").first().getLong(0)).isEqualTo(1);
        assertThat(spark.table("city.ods.district_person").count()).isEqualTo(before + 1);
        assertThat(pullOnce()).filteredOn(r -> r.packageId().equals(id)).extracting(InboundApply.Result::outcome)
                .containsExactly(InboundApply.Outcome.ALREADY_APPLIED);
        assertThat(cityLedger.count(id, ExchangeLedger.Status.APPLIED)).isEqualTo(1);
    }

    @Test
    @Order(6)
    void statusShowsTheLastPackageAndTheLagInSnapshotsAndRows() {
        List<org.citylake.exchange.flow.ExchangeStatus.Line> now = org.citylake.exchange.flow.ExchangeStatus.of(spark, "lake", districtLedger,
                List.of(push), java.time.Instant.now());
        assertThat(now).singleElement().satisfies(l -> {
            assertThat(l.lastStatus()).isEqualTo("uploaded");
            assertThat(l.snapshotsBehind()).isZero();
            assertThat(l.rowsBehind()).isZero();
        });
        insertPerson("450203199005059993", "it-lag");
        assertThat(org.citylake.exchange.flow.ExchangeStatus.of(spark, "lake", districtLedger, List.of(push), java.time.Instant.now()))
                .singleElement().satisfies(l -> {
                    assertThat(l.snapshotsBehind()).isEqualTo(1);
                    assertThat(l.rowsBehind()).isEqualTo(1);
                });
    }

    @Test
    @Order(7)
    void aLegacyPeerGetsCsvInGbkAndAgreesRowForRow() throws IOException {
        // The same grant for a peer that reads only CSV in GBK, unencrypted, under its own prefix.
        Subscription.Peer p = push.peer();
        Subscription csvPush = new Subscription("city-person-csv", push.file(), push.direction(), new Subscription.Peer(p.name(), p.endpoint(),
                p.region(), p.bucket(), "district/yaohai/population-csv", p.accessKeyEnv(), p.secretKeyEnv()),
                new Subscription.Security(push.security().signature(), push.security().keyId(), push.security().signingKeyEnv(), Optional.empty(),
                        Optional.empty()),
                push.tables(), push.schedule(), PackageManifest.DataFormat.CSV_GBK);
        Path pullFile = work.resolve("city-conf/from-district-csv.yaml");
        Files.writeString(pullFile, Files.readString(work.resolve("city-conf/from-district.yaml"))
                .replace("subscription: from-district", "subscription: from-district-csv")
                .replace("prefix: district/yaohai/population", "prefix: district/yaohai/population-csv")
                .replace("  encryption: sm4-gcm\n  encryption_key_env: CITYLAKE_CITY_SM4_KEY\n", "")
                .replace("into: ods.district_person", "into: ods.district_person_csv"));
        Subscription csvPull = SubscriptionLoader.load(pullFile, Map.of());
        assertThat(csvPull.security().encryptionKeyEnv()).isEmpty();

        OutboundExport.Result pushed = new OutboundExport(spark, "lake", districtLedger, stack.profile.stateDir().resolve("exchange-lake/outbox"),
                contracts, "citylake-district-it", System.out, Clock.systemUTC()).run(csvPush, PeerStore.connect(csvPush.peer(), ENV_LOOKUP, System.out),
                ExchangeKeys.signer(csvPush, ENV_LOOKUP), Optional.empty()).get(0);
        assertThat(pushed.rows()).isEqualTo(spark.table("lake.base.person").count());
        byte[] csv = PeerStore.connect(csvPush.peer(), ENV_LOOKUP, System.out).get(pushed.packageId(), "part-00000.csv");
        String text = new String(csv, java.nio.charset.Charset.forName("GBK"));
        assertThat(text).startsWith("resident_id,name,sex,birth_date,street_code,community_code,registered_at,_op").contains("新**");
        assertThat(new String(csv, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("新**"); // really GBK bytes

        List<InboundApply.Result> pulled = new InboundApply(spark, "city", cityLedger, stack.profile.stateDir().resolve("exchange-city/inbox"),
                System.out, Clock.systemUTC()).run(csvPull, PeerStore.connect(csvPull.peer(), ENV_LOOKUP, System.out),
                ExchangeKeys.signer(csvPull, ENV_LOOKUP), Optional.empty());
        assertThat(pulled).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(InboundApply.Outcome.APPLIED));
        String cols = push.table("base.person").orElseThrow().columns().stream().map(Subscription.ColumnGrant::name).collect(Collectors.joining(", "));
        Dataset<Row> city = spark.sql("SELECT " + cols + " FROM city.ods.district_person_csv");
        assertThat(districtView().exceptAll(city).count()).isZero();
        assertThat(city.exceptAll(districtView()).count()).isZero();
    }
}
