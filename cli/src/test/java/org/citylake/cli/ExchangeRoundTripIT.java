package org.citylake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
 * real S3 server (s3proxy through the MinIO SDK); a second lake — its own Hive Metastore, Iceberg warehouse
 * and catalog ("city") — pulls and applies them into ods exactly once; both sides agree row for row; a package with
 * one altered byte is rejected with a digest error and nothing of it is applied.
 */
@ExtendWith(ExchangeRoundTripIT.Context.class)
@Order(Integer.MAX_VALUE - 6) // changes base.person: after the walking skeleton has checked it
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExchangeRoundTripIT {
    static final Map<String, String> ENV = Map.of(
            "CITYLAKE_CITY_S3_ACCESS_KEY", "district",
            "CITYLAKE_CITY_S3_SECRET_KEY", "district-secret-key",
            "CITYLAKE_CITY_SIGNING_KEY", "00112233445566778899aabbccddeeff00112233",
            "CITYLAKE_CITY_SM4_KEY", "0123456789abcdeffedcba9876543210",
            "CITYLAKE_CITY_PSEUDONYM_KEY", "8899aabbccddeeff00112233445566778899aabbccddeeff");
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
    Profile cityLake;
    LocalServices cityServices;
    String endpoint;
    Subscription push;
    Subscription pull;
    Map<String, TableContract> contracts;
    ExchangeLedger districtLedger;
    ExchangeLedger cityLedger;
    Path work;
    String tamperedId;
    String tamperedFile;
    byte[] tamperedOriginal;

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

        // The city's own lake: a second Hive Metastore (its own Derby database, state dir and port) and its own
        // warehouse, sharing nothing with the district's but this JVM.
        cityLake = stack.profile.with(Map.of("state.dir", work.resolve("city-state").toString(),
                "hms.port", System.getProperty("citylake.it.city.hms.port", "29183"),
                "warehouse.dir", work.resolve("city-warehouse").toString()));
        cityServices = new LocalServices(cityLake, System.out);
        cityServices.up(EnumSet.of(ServiceKind.HMS));
        spark.conf().set("spark.sql.catalog.city", "org.apache.iceberg.spark.SparkCatalog");
        spark.conf().set("spark.sql.catalog.city.type", "hive");
        spark.conf().set("spark.sql.catalog.city.uri", cityLake.hmsUri());
        spark.conf().set("spark.sql.catalog.city.warehouse", cityLake.warehouseUri());
        districtLedger = new ExchangeLedger(spark, "lake");
        cityLedger = new ExchangeLedger(spark, "city");
    }

    @AfterAll
    void tearDown() {
        if (s3 != null) {
            s3.down(EnumSet.of(ServiceKind.S3));
        }
        if (cityServices != null) {
            cityServices.down(EnumSet.of(ServiceKind.HMS));
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
        tamperedId = pushed.packageId();
        tamperedFile = file;
        tamperedOriginal = bytes.clone();
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
                subscriptionFile.toString(), endpoint, catalog.equals("city") ? cityLake.hmsUri() : "-",
                catalog.equals("city") ? cityLake.warehouseUri() : "-"));
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

    List<OutboundExport.Result> push(Subscription s, PrintStream log) {
        return new OutboundExport(spark, "lake", districtLedger, stack.profile.stateDir().resolve("exchange-lake/outbox"), contracts,
                "citylake-district-it", log, Clock.systemUTC()).run(s, PeerStore.connect(s.peer(), ENV_LOOKUP, System.out),
                ExchangeKeys.signer(s, ENV_LOOKUP), ExchangeKeys.cipher(s, ENV_LOOKUP), ExchangeKeys.pseudonymizer(s, ENV_LOOKUP));
    }

    List<InboundApply.Result> pull(Subscription s) {
        return new InboundApply(spark, "city", cityLedger, stack.profile.stateDir().resolve("exchange-city/inbox"), System.out, Clock.systemUTC())
                .run(s, PeerStore.connect(s.peer(), ENV_LOOKUP, System.out), ExchangeKeys.signer(s, ENV_LOOKUP), ExchangeKeys.cipher(s, ENV_LOOKUP));
    }

    /** A subscription file written for this test, loaded as citylake would load it from conf/exchange. */
    Subscription subscription(String name, String body) throws IOException {
        Path f = Files.createDirectories(work.resolve("conf-" + name)).resolve(name + ".yaml");
        Files.writeString(f, "subscription: " + name + "\n" + body.replace("@ENDPOINT@", endpoint));
        return SubscriptionLoader.load(f, contracts);
    }

    static final String PEER = """
            peer:
              name: city
              endpoint: @ENDPOINT@
              bucket: city
              prefix: %s
              access_key_env: CITYLAKE_CITY_S3_ACCESS_KEY
              secret_key_env: CITYLAKE_CITY_S3_SECRET_KEY
            """;

    /**
     * What a peer holds after applying the change feed in its ods table: per key the image of the latest
     * package (packages land in the order they were sealed), keys whose latest row is a tombstone removed.
     */
    Dataset<Row> currentImage(String odsTable, String key, String columns) {
        return spark.sql("SELECT " + columns + " FROM (SELECT *, row_number() OVER (PARTITION BY " + key + " ORDER BY _ingested_at DESC) rn FROM "
                + odsTable + ") WHERE rn = 1 AND _op <> 'D'");
    }

    @Test
    @Order(8)
    void deadLettersAreListedWithReasonsAndOneRepairedByThePeerIsRetriedAndAppliedOnce() throws Exception {
        assertThat(tamperedId).as("set by the tamper test").isNotNull();
        PeerStore bucket = PeerStore.connect(pull.peer(), ENV_LOOKUP, System.out);
        java.io.ByteArrayOutputStream listed = new java.io.ByteArrayOutputStream();
        List<PeerStore.DeadLetter> dead = ExchangeCommand.DeadLetters.list(List.of(pull), ENV_LOOKUP, new PrintStream(listed, true, StandardCharsets.UTF_8));
        assertThat(dead).filteredOn(d -> d.packageId().equals(tamperedId)).singleElement()
                .satisfies(d -> assertThat(d.reason()).contains("sha256_mismatch", "sm3_mismatch", tamperedFile));
        assertThat(listed.toString(StandardCharsets.UTF_8)).contains("from-district (pull): " + dead.size() + " dead letter(s)", tamperedId,
                "reason: ");

        // Still damaged: the retry refuses and the package stays where it is.
        java.io.ByteArrayOutputStream refused = new java.io.ByteArrayOutputStream();
        assertThat(ExchangeCommand.RetryDeadLetter.retry(pull, tamperedId, ENV_LOOKUP, new PrintStream(refused, true, StandardCharsets.UTF_8)))
                .isEqualTo(3);
        assertThat(refused.toString(StandardCharsets.UTF_8)).contains("still REJECTED", "sha256_mismatch");
        assertThat(bucket.packageIds()).doesNotContain(tamperedId);
        assertThat(bucket.deadLetterReason(tamperedId)).isPresent();

        // The district re-sends the damaged file; now the package verifies and goes back, manifest last.
        bucket.deadLetterStore().put(tamperedId, tamperedFile, tamperedOriginal);
        java.io.ByteArrayOutputStream moved = new java.io.ByteArrayOutputStream();
        assertThat(ExchangeCommand.RetryDeadLetter.retry(pull, tamperedId, ENV_LOOKUP, new PrintStream(moved, true, StandardCharsets.UTF_8))).isZero();
        assertThat(moved.toString(StandardCharsets.UTF_8)).contains("digests verified", "moved back");
        assertThat(bucket.packageIds()).contains(tamperedId);
        assertThat(bucket.deadLetters()).extracting(PeerStore.DeadLetter::packageId).doesNotContain(tamperedId);

        long before = spark.table("city.ods.district_person").count();
        assertThat(pullOnce()).filteredOn(r -> r.packageId().equals(tamperedId)).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(InboundApply.Outcome.APPLIED);
            assertThat(r.rows()).isEqualTo(1);
        });
        assertThat(spark.table("city.ods.district_person").count()).isEqualTo(before + 1);
        assertThat(spark.sql("SELECT name FROM city.ods.district_person WHERE _batch_id = '" + tamperedId + "'").collectAsList())
                .extracting(r -> r.getString(0)).containsExactly("又**");
        assertThat(pullOnce()).filteredOn(r -> r.packageId().equals(tamperedId)).extracting(InboundApply.Result::outcome)
                .containsExactly(InboundApply.Outcome.ALREADY_APPLIED);
        assertThat(cityLedger.count(tamperedId, ExchangeLedger.Status.APPLIED)).isEqualTo(1);
    }

    @Test
    @Order(9)
    void aRangeWithMergeOnReadDeletesTravelsAsTombstonesAndThePeersCurrentImageDropsThem() throws Exception {
        // Keyed pseudonyms for the ID, so the city can apply changes by key (a masked ID is not unique).
        Subscription keyed = subscription("city-person-keyed", "direction: push\n" + PEER.formatted("district/yaohai/population-keyed") + """
                security:
                  key_id: city-2026
                  signing_key_env: CITYLAKE_CITY_SIGNING_KEY
                  encryption: sm4-gcm
                  encryption_key_env: CITYLAKE_CITY_SM4_KEY
                  pseudonym_key_env: CITYLAKE_CITY_PSEUDONYM_KEY
                tables:
                  - table: base.person
                    change: changelog
                    columns:
                      - {name: resident_id, masking: {technique: hash}}
                      - {name: name, masking: {technique: mask, keep_first: 1, keep_last: 0}}
                      - {name: street_code, masking: {technique: none}}
                schedule: "0 3 * * *"
                """);
        Subscription keyedPull = subscription("from-district-keyed", "direction: pull\n" + PEER.formatted("district/yaohai/population-keyed") + """
                security:
                  key_id: city-2026
                  signing_key_env: CITYLAKE_CITY_SIGNING_KEY
                  encryption: sm4-gcm
                  encryption_key_env: CITYLAKE_CITY_SM4_KEY
                tables:
                  - table: base.person
                    into: ods.district_person_keyed
                schedule: "15 3 * * *"
                """);
        assertThat(push(keyed, System.out)).singleElement().satisfies(r -> assertThat(r.range().isInitial()).isTrue());
        assertThat(pull(keyedPull)).extracting(InboundApply.Result::outcome).containsExactly(InboundApply.Outcome.APPLIED);

        List<String> ids = spark.sql("SELECT resident_id FROM lake.base.person ORDER BY resident_id LIMIT 3 OFFSET 20").collectAsList().stream()
                .map(r -> r.getString(0)).toList();
        String gone1 = ids.get(0);
        String gone2 = ids.get(1);
        String renamed = ids.get(2);
        spark.sql("MERGE INTO lake.base.person t USING (SELECT '" + gone1 + "' AS id, 'D' AS op UNION ALL SELECT '" + gone2 + "', 'D'"
                + " UNION ALL SELECT '" + renamed + "', 'U') c ON t.resident_id = c.id"
                + " WHEN MATCHED AND c.op = 'D' THEN DELETE WHEN MATCHED THEN UPDATE SET name = '改名人'");
        Row merge = spark.sql("SELECT operation, coalesce(summary['added-delete-files'], '0') FROM lake.base.person.snapshots"
                + " ORDER BY committed_at DESC LIMIT 1").first();
        assertThat(Long.parseLong(merge.getString(1))).as("the MERGE wrote delete files (merge-on-read), op " + merge.getString(0)).isPositive();
        insertPerson("450203199006069994", "it-keyed");

        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        OutboundExport.Result sent = push(keyed, new PrintStream(log, true, StandardCharsets.UTF_8)).get(0);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("meets merge-on-read delete files: diffing the snapshots by key resident_id");
        assertThat(sent.rows()).isEqualTo(4); // two tombstones, one update, one insert: nothing else changed
        assertThat(pull(keyedPull)).filteredOn(r -> r.packageId().equals(sent.packageId())).extracting(InboundApply.Result::outcome)
                .containsExactly(InboundApply.Outcome.APPLIED);

        org.citylake.exchange.crypto.Pseudonymizer pseudonyms = ExchangeKeys.pseudonymizer(keyed, ENV_LOOKUP).orElseThrow();
        // Tombstones carry the row as it was, masked the same way.
        String nameMask = MaskingSql.expression("name", keyed.table("base.person").orElseThrow().columns().get(1).masking());
        Map<String, String> oldNames = spark.sql("SELECT resident_id, " + nameMask + " FROM lake.base.person VERSION AS OF " + sent.range().fromExclusive()
                + " WHERE resident_id IN ('" + gone1 + "', '" + gone2 + "')").collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
        assertThat(oldNames).hasSize(2);
        assertThat(spark.sql("SELECT _op, resident_id, name FROM city.ods.district_person_keyed WHERE _batch_id = '" + sent.packageId() + "'")
                .collectAsList()).extracting(r -> r.getString(0) + ":" + r.getString(1) + ":" + r.getString(2)).containsExactlyInAnyOrder(
                "D:" + pseudonyms.pseudonym(gone1) + ":" + oldNames.get(gone1),
                "D:" + pseudonyms.pseudonym(gone2) + ":" + oldNames.get(gone2),
                "U:" + pseudonyms.pseudonym(renamed) + ":改**",
                "I:" + pseudonyms.pseudonym("450203199006069994") + ":崩**");

        // The city applies the feed: its current image is exactly the district's table through the grant.
        String cols = "resident_id, name, street_code";
        Dataset<Row> city = currentImage("city.ods.district_person_keyed", "resident_id", cols);
        String masked = keyed.table("base.person").orElseThrow().columns().stream()
                .map(c -> MaskingSql.expression(c.name(), c.masking()) + " AS " + c.name()).collect(Collectors.joining(", "));
        Dataset<Row> district = spark.sql("SELECT " + masked + " FROM lake.base.person");
        assertThat(district.exceptAll(city).count()).isZero();
        assertThat(city.exceptAll(district).count()).isZero();
        assertThat(city.where("resident_id IN ('" + pseudonyms.pseudonym(gone1) + "', '" + pseudonyms.pseudonym(gone2) + "')").count()).isZero();
        assertThat(spark.sql("SELECT count(*) FROM city.ods.district_person_keyed WHERE resident_id RLIKE '^[0-9]{17}[0-9X]$'").first().getLong(0))
                .isZero();
    }


    @Test
    @Order(10)
    void anAppendGrantSendsNewRowsOnlyAndRefusesARangeWithDeletesWhichAChangelogGrantCarries() throws Exception {
        // A copy-on-write table with no contract: the append read and Iceberg's changelog view, not the snapshot diff.
        spark.sql("CREATE NAMESPACE IF NOT EXISTS lake.it_exchange");
        spark.sql("DROP TABLE IF EXISTS lake.it_exchange.log");
        spark.sql("CREATE TABLE lake.it_exchange.log (entry_id string, street_code string, note string) USING iceberg"
                + " TBLPROPERTIES ('format-version'='2')");
        String security = """
                security:
                  key_id: city-2026
                  signing_key_env: CITYLAKE_CITY_SIGNING_KEY
                """;
        String grant = """
                tables:
                  - table: it_exchange.log
                    change: %s
                    columns:
                      - {name: entry_id, masking: {technique: none}}
                      - {name: street_code, masking: {technique: none}}
                      - {name: note, masking: {technique: none}}
                schedule: "0 4 * * *"
                format: csv-gbk
                """;
        Subscription appends = subscription("it-log-append", "direction: push\n" + PEER.formatted("district/yaohai/log-append") + security
                + grant.formatted("append"));
        Subscription changes = subscription("it-log-changes", "direction: push\n" + PEER.formatted("district/yaohai/log-changes") + security
                + grant.formatted("changelog"));
        Subscription appendsIn = subscription("it-log-append-in", "direction: pull\n" + PEER.formatted("district/yaohai/log-append") + security
                + "tables:\n  - table: it_exchange.log\n    into: ods.district_log\nschedule: \"30 4 * * *\"\n");

        spark.sql("INSERT INTO lake.it_exchange.log VALUES ('e1', '340102001', '登记'), ('e2', '340102002', '登记')");
        assertThat(push(appends, System.out)).singleElement().satisfies(r -> assertThat(r.rows()).isEqualTo(2));
        assertThat(push(changes, System.out)).singleElement().satisfies(r -> assertThat(r.rows()).isEqualTo(2));

        spark.sql("INSERT INTO lake.it_exchange.log VALUES ('e3', '340102003', '新增'), ('e4', '340102004', '新增')");
        spark.sql("INSERT INTO lake.it_exchange.log VALUES ('e5', '340102005', '新增')");
        OutboundExport.Result appended = push(appends, System.out).get(0);
        assertThat(appended.rows()).isEqualTo(3);
        PackageManifest manifest = PackageManifest.parse(new String(PeerStore.connect(appends.peer(), ENV_LOOKUP, System.out)
                .get(appended.packageId(), PackageManifest.FILE_NAME), StandardCharsets.UTF_8));
        assertThat(manifest.changeKind()).isEqualTo(PackageManifest.ChangeKind.APPEND);
        assertThat(manifest.snapshots().fromExclusive()).isNotNull();
        java.io.ByteArrayOutputStream changelogLog = new java.io.ByteArrayOutputStream();
        assertThat(push(changes, new PrintStream(changelogLog, true, StandardCharsets.UTF_8))).singleElement()
                .satisfies(r -> assertThat(r.rows()).isEqualTo(3));
        assertThat(changelogLog.toString(StandardCharsets.UTF_8)).doesNotContain("diffing the snapshots");

        // The city applies both append packages, in order: it holds every row, each an insert.
        assertThat(pull(appendsIn)).extracting(InboundApply.Result::outcome).containsExactly(InboundApply.Outcome.APPLIED, InboundApply.Outcome.APPLIED);
        Dataset<Row> district = spark.sql("SELECT entry_id, street_code, note, 'I' AS _op FROM lake.it_exchange.log");
        Dataset<Row> city = spark.sql("SELECT entry_id, street_code, note, _op FROM city.ods.district_log");
        assertThat(district.exceptAll(city).count()).isZero();
        assertThat(city.exceptAll(district).count()).isZero();

        // A delete and an update: 'append' would silently lose them, so it refuses and sends nothing.
        spark.sql("DELETE FROM lake.it_exchange.log WHERE entry_id = 'e1'");
        spark.sql("UPDATE lake.it_exchange.log SET note = '更正' WHERE entry_id = 'e2'");
        java.util.OptionalLong exportedBefore = districtLedger.lastExported("it-log-append", "it_exchange.log");
        List<String> packagesBefore = PeerStore.connect(appends.peer(), ENV_LOOKUP, System.out).packageIds();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> push(appends, System.out))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("change: append").hasMessageContaining("nothing was sent");
        assertThat(districtLedger.lastExported("it-log-append", "it_exchange.log")).isEqualTo(exportedBefore);
        assertThat(PeerStore.connect(appends.peer(), ENV_LOOKUP, System.out).packageIds()).isEqualTo(packagesBefore);

        // The changelog grant carries them: a tombstone for e1, and (no key to pair images by) e2's old row out, its new row in.
        OutboundExport.Result changed = push(changes, System.out).get(0);
        Path got = PeerStore.connect(changes.peer(), ENV_LOOKUP, System.out).download(changed.packageId(), work.resolve("log-changes-in"));
        List<String> rows = Files.readAllLines(got.resolve("part-00000.csv"), java.nio.charset.Charset.forName("GBK"));
        assertThat(rows.subList(1, rows.size())).containsExactlyInAnyOrder("e1,340102001,登记,D", "e2,340102002,登记,D", "e2,340102002,更正,I");
    }

    @Test
    @Order(11)
    void theBuiltInSchedulerRunsADueSubscriptionOnceAndARestartDoesNotRunItAgain() {
        insertPerson("450203199007079995", "it-schedule");
        org.citylake.exchange.flow.ExchangeRunner runner = new org.citylake.exchange.flow.ExchangeRunner(spark, "lake",
                stack.profile.stateDir().resolve("exchange-lake"), contracts, "citylake-district-it", ENV_LOOKUP, System.out, Clock.systemUTC());
        java.time.ZoneId zone = java.time.ZoneId.of(ExchangeCommand.Schedule.DEFAULT_ZONE);
        int packages = districtLedger.latestPerPackage().size();

        // city-person has never run under the scheduler: it is due at once, for the latest 02:30.
        List<org.citylake.exchange.schedule.ExchangeScheduler.Pass> first = ExchangeCommand.Schedule
                .scheduler(spark, "lake", runner, zone, Clock.systemUTC(), System.out).runDue(List.of(push));
        assertThat(first).singleElement().satisfies(p -> {
            assertThat(p.ran()).isTrue();
            assertThat(p.run().outcome()).isEqualTo(org.citylake.exchange.schedule.ScheduleLog.Outcome.OK);
            assertThat(p.run().packages()).isEqualTo(1);
        });
        assertThat(districtLedger.latestPerPackage()).hasSize(packages + 1);
        assertThat(districtLedger.latestPerPackage().get(0).getString(9)).isEqualTo("uploaded");

        // A restarted scheduler (new objects, same lake) finds that run and waits for the next 02:30.
        insertPerson("450203199008089996", "it-schedule-2");
        List<org.citylake.exchange.schedule.ExchangeScheduler.Pass> restarted = ExchangeCommand.Schedule
                .scheduler(spark, "lake", runner, zone, Clock.systemUTC(), System.out).runDue(List.of(push));
        assertThat(restarted).singleElement().satisfies(p -> {
            assertThat(p.ran()).isFalse();
            assertThat(p.due().next().orElseThrow().atZone(zone).toLocalTime()).isEqualTo(java.time.LocalTime.of(2, 30));
        });
        assertThat(districtLedger.latestPerPackage()).hasSize(packages + 1);

        // A day later it is due again and sends what changed since.
        Clock tomorrow = Clock.offset(Clock.systemUTC(), java.time.Duration.ofDays(1));
        assertThat(ExchangeCommand.Schedule.scheduler(spark, "lake", runner, zone, tomorrow, System.out).runDue(List.of(push)))
                .singleElement().satisfies(p -> assertThat(p.run().packages()).isEqualTo(1));
        assertThat(districtLedger.latestPerPackage()).hasSize(packages + 2);
        assertThat(new org.citylake.exchange.schedule.ScheduleLog(spark, "lake").runs("city-person")).isEqualTo(2);
    }
}
