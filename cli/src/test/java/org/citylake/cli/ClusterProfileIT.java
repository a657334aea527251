package org.citylake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.citylake.pipelines.generate.GeneratorOptions;
import org.citylake.pipelines.generate.SourceDataGenerator;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.SparkJvm;
import org.citylake.warehouse.TrinoQuery;
import org.citylake.warehouse.services.LocalServices;
import org.citylake.warehouse.services.ServiceKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The cluster profile end to end on loopback, with its own stack (not the shared LocalStack): PostgreSQL from
 * Debian's packages under a Hive Metastore 4.0.1, s3proxy as the S3 warehouse, a Spark standalone master and
 * worker started from the project's Spark jars, and Trino with native S3. {@code citylake load --profile cluster}
 * runs as a separate driver JVM (as an operator would run it), its executors on the worker; Trino then reads the
 * base library back from S3.
 *
 * <p>Ports: {@code -Dcitylake.it.cluster.{hms,trino,postgres,spark,s3}.port} (defaults 29383, 28380, 25432, 27077,
 * 28381).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterProfileIT {
    static final String ACCESS_KEY = "citylake-it";
    static final String SECRET_KEY = "citylake-it-secret-0123456789";
    static final int PERSONS = 2000;

    Path work;
    Profile profile;
    LocalServices services;
    Map<String, String> overrides;
    String loadLog;
    String serveLog;

    @BeforeAll
    void startClusterAndLoad() throws Exception {
        Path home = Profile.home();
        work = home.resolve("cli/target/it-cluster");
        org.citylake.warehouse.FileTrees.delete(work);
        int s3Port = Integer.parseInt(System.getProperty("citylake.it.cluster.s3.port", "28381"));
        overrides = new LinkedHashMap<>();
        overrides.put("state.dir", work.resolve("state").toString());
        overrides.put("hms.port", System.getProperty("citylake.it.cluster.hms.port", "29383"));
        overrides.put("trino.port", System.getProperty("citylake.it.cluster.trino.port", "28380"));
        overrides.put("trino.heap", "1536m");
        overrides.put("postgres.port", System.getProperty("citylake.it.cluster.postgres.port", "25432"));
        overrides.put("spark.master", "spark://127.0.0.1:" + System.getProperty("citylake.it.cluster.spark.port", "27077"));
        overrides.put("s3.endpoint", "http://127.0.0.1:" + s3Port);
        overrides.put("s3.access.key", ACCESS_KEY);
        overrides.put("s3.secret.key", SECRET_KEY);
        profile = Profile.load("cluster").with(overrides);

        long t0 = System.nanoTime();
        services = new LocalServices(profile, System.out);
        services.up(EnumSet.of(ServiceKind.S3)); // the warehouse's S3, as services up --only s3 starts it
        MinioClient.builder().endpoint(services.s3Endpoint()).credentials(ACCESS_KEY, SECRET_KEY).build()
                .makeBucket(MakeBucketArgs.builder().bucket("citylake").build());
        // Independent servers start side by side: the metastore (after PostgreSQL) and Spark now; Trino, which
        // the load needs only at its very end (to publish serving views), while the load runs.
        CompletableFuture<Void> spark = CompletableFuture.runAsync(() -> services.up(EnumSet.of(ServiceKind.SPARK)));
        services.up(EnumSet.of(ServiceKind.POSTGRES, ServiceKind.HMS));
        spark.join();
        CompletableFuture<Void> trino = CompletableFuture.runAsync(() -> services.up(EnumSet.of(ServiceKind.TRINO)));
        System.out.printf("metastore and Spark up in %.1f s%n", (System.nanoTime() - t0) / 1e9);

        Path src = work.resolve("src");
        new SourceDataGenerator(System.out).generate(GeneratorOptions.defaults(src, home.resolve("conf"))
                .withPersons(PERSONS).withSeed(7).withDefectRate(0.03));
        long t1 = System.nanoTime();
        int exit = runCli(List.of("load", "--profile", "cluster", "--input", src.toString()), work.resolve("load.log"));
        trino.join();
        // The load published the serving views only if Trino was up by its end; serve makes sure, as an operator would.
        int served = runCli(List.of("serve", "--profile", "cluster"), work.resolve("serve.log"));
        serveLog = Files.readString(work.resolve("serve.log"));
        assertThat(served).as("citylake serve --profile cluster: " + serveLog).isZero();
        loadLog = Files.readString(work.resolve("load.log"));
        System.out.printf("cluster load exited %d in %.1f s; last lines:%n%s%n", exit, (System.nanoTime() - t1) / 1e9,
                String.join("\n", tail(loadLog, 25)));
        assertThat(exit).as("citylake load --profile cluster (log " + work.resolve("load.log") + ")").isZero();
    }

    @AfterAll
    void stop() {
        if (services != null) {
            services.down(EnumSet.allOf(ServiceKind.class));
        }
    }

    @Test
    void trinoReadsTheBaseLibraryFromS3() throws Exception {
        TrinoQuery trino = new TrinoQuery(profile);
        long persons = Long.parseLong(trino.run("SELECT count(*) FROM lake.base.person", "citylake").rows().get(0).get(0));
        long distinct = Long.parseLong(trino.run("SELECT count(DISTINCT resident_id) FROM lake.base.person", "citylake").rows().get(0).get(0));
        assertThat(persons).isBetween((long) (PERSONS * 0.8), (long) PERSONS);
        assertThat(distinct).isEqualTo(persons);

        // Every data file of the table is an s3:// object in the warehouse bucket, and s3proxy holds its bytes.
        List<List<String>> files = trino.run("SELECT file_path FROM lake.base.\"person$files\"", "citylake").rows();
        assertThat(files).isNotEmpty();
        for (List<String> row : files) {
            String path = row.get(0);
            assertThat(path).startsWith("s3://citylake/warehouse/base.db/person");
            Path object = work.resolve("state/s3/buckets/citylake").resolve(path.substring("s3://citylake/".length()));
            assertThat(object).as("object behind " + path).isRegularFile();
        }
    }

    @Test
    void everyRowEndedAcceptedOrQuarantined() throws Exception {
        TrinoQuery trino = new TrinoQuery(profile);
        long ods = count(trino, "SELECT count(*) FROM lake.ods.population_registry");
        long quarantined = count(trino, "SELECT count(*) FROM lake.quarantine.person");
        assertThat(ods).isGreaterThanOrEqualTo(PERSONS);
        assertThat(quarantined).isPositive();
        assertThat(loadLog).contains("every row accepted or quarantined");
    }

    @Test
    void serveNamesTheJdbcUrlAndTheAppUsersWhoseMaskedViewsAnswer() throws Exception {
        assertThat(serveLog).contains("Trino is serving at  " + profile.trinoJdbcUrl(), "app_eldercare", "lake.serving.app_eldercare_person");
        // An app user reads masked IDs through its view, on data that lives in S3.
        List<List<String>> ids = new TrinoQuery(profile).run("SELECT resident_id FROM lake.serving.app_eldercare_person LIMIT 5", "app_eldercare").rows();
        assertThat(ids).isNotEmpty().allSatisfy(row -> assertThat(row.get(0)).matches("\\d{6}\\*{8}\\d{3}[0-9X]"));
    }

    @Test
    void theMetastoreKeepsItsCatalogInPostgres() {
        String tables = services.postgres().query("metastore",
                "SELECT string_agg(d.\"NAME\" || '.' || t.\"TBL_NAME\", ',' ORDER BY 1) FROM \"TBLS\" t JOIN \"DBS\" d ON t.\"DB_ID\" = d.\"DB_ID\""
                        + " WHERE t.\"TBL_NAME\" = 'person'");
        assertThat(tables).contains("base.person");
        String location = services.postgres().query("metastore",
                "SELECT s.\"LOCATION\" FROM \"TBLS\" t JOIN \"DBS\" d ON t.\"DB_ID\" = d.\"DB_ID\" JOIN \"SDS\" s ON t.\"SD_ID\" = s.\"SD_ID\""
                        + " WHERE d.\"NAME\" = 'base' AND t.\"TBL_NAME\" = 'person'");
        assertThat(location).startsWith("s3://citylake/warehouse/base.db/person");
    }

    @Test
    void executorsRanOnTheStandaloneWorker() throws IOException {
        // The worker keeps one directory per application with each executor's stderr: the load ran there.
        Path apps = work.resolve("state/spark/work");
        try (Stream<Path> s = Files.list(apps)) {
            List<Path> appDirs = s.filter(p -> p.getFileName().toString().startsWith("app-")).toList();
            assertThat(appDirs).as("applications under " + apps).isNotEmpty();
            try (Stream<Path> executors = Files.list(appDirs.get(0))) {
                assertThat(executors.map(p -> p.resolve("stderr")).filter(Files::isRegularFile).toList()).isNotEmpty();
            }
        }
    }

    private static long count(TrinoQuery trino, String sql) throws Exception {
        return Long.parseLong(trino.run(sql, "citylake").rows().get(0).get(0));
    }

    /** The real CLI in its own JVM (a Spark driver cannot share this JVM with another SparkContext). */
    private int runCli(List<String> args, Path log) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1536m");
        cmd.addAll(SparkJvm.FLAGS);
        cmd.add("-Dcitylake.home=" + Profile.home());
        cmd.add("-Dlog4j2.configurationFile=" + Profile.home().resolve("conf/log4j2.properties"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            pb.environment().put("CITYLAKE_" + e.getKey().replace('.', '_').toUpperCase(java.util.Locale.ROOT), e.getValue());
        }
        Process p = pb.start();
        if (!p.waitFor(12, TimeUnit.MINUTES)) { // generous: a loaded 2-core machine is several times slower
            p.destroyForcibly();
            throw new AssertionError("citylake " + args + " did not finish in 12 minutes; log " + log);
        }
        return p.exitValue();
    }

    private static List<String> tail(String text, int n) {
        List<String> lines = text.lines().toList();
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }
}
