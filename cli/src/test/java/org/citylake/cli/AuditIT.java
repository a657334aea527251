package org.citylake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.citylake.catalog.audit.AuditEntry;
import org.citylake.catalog.audit.AuditEvent;
import org.citylake.catalog.audit.AuditFilter;
import org.citylake.pipelines.generate.GeneratorOptions;
import org.citylake.pipelines.generate.SourceDataGenerator;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.TrinoQuery;
import org.citylake.warehouse.audit.IcebergAuditLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The audit log through the real commands, in-process on the shared stack: a load the gate holds, a steward's
 * publish, an app grant and revoke, a failed grant; then {@code citylake audit} with its filters and formats,
 * {@code --verify} passing, concurrent writers on the real metastore, and {@code --verify} finding an entry
 * rewritten through Spark's Iceberg {@code UPDATE}. Also the ODS column comments as Trino shows them.
 *
 * <p>After ExchangeRoundTripIT, before IncrementalIT: the steward publishes a header-only certificate extract,
 * which empties base.certificate (no later class reads it; IncrementalIT reloads full extracts).
 */
@Order(Integer.MAX_VALUE - 3)
@ExtendWith(UsesLocalStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditIT {
    Profile profile;
    Instant since;
    String heldBatch;
    Path apps;

    @BeforeAll
    void start(LocalStack stack) throws Exception {
        profile = stack.profile;
        since = Instant.now();
        // App files are edited by grant/revoke: a copy, so the shipped conf/apps stays as it is.
        apps = stack.work.resolve("audit-apps");
        org.citylake.warehouse.FileTrees.delete(apps);
        Files.createDirectories(apps);
        try (var files = Files.list(Profile.home().resolve("conf/apps"))) {
            for (Path f : files.toList()) {
                Files.copy(f, apps.resolve(f.getFileName()));
            }
        }
    }

    private List<AuditEntry> entries(AuditFilter f) {
        try (IcebergAuditLog log = IcebergAuditLog.open(profile)) {
            return log.entries(f);
        }
    }

    @Test
    @Order(1)
    void aHeldLoadAndTheStewardsPublishAreAudited() throws Exception {
        Path src = profile.stateDir().resolve("../audit-src").normalize();
        new SourceDataGenerator(System.out).generate(GeneratorOptions.defaults(src, Profile.home().resolve("conf")).withPersons(200).withSeed(11));
        Path input = Files.createDirectories(profile.stateDir().resolve("../audit-input").normalize());
        // Only the header: the row_count error check holds the batch for a steward.
        String header = Files.readAllLines(src.resolve("certificates.csv"), StandardCharsets.UTF_8).get(0);
        Files.writeString(input.resolve("certificates.csv"), header + "\n", StandardCharsets.UTF_8);

        InProcessCli.Run load = InProcessCli.run(profile, "load", "--input", input.toString());
        assertThat(load.exit()).as(load.err()).isEqualTo(2);
        List<AuditEntry> gate = entries(new AuditFilter(since, null, "base.certificate", "publish.gate"));
        assertThat(gate).singleElement().satisfies(e -> {
            assertThat(e.details()).contains("\"status\":\"held\"").contains("*:row_count");
            assertThat(e.osUser()).isEqualTo(System.getProperty("user.name"));
        });
        heldBatch = gate.get(0).batchId();
        assertThat(entries(new AuditFilter(since, null, "base.certificate", "load"))).singleElement().satisfies(e -> {
            assertThat(e.batchId()).isEqualTo(heldBatch);
            assertThat(e.outcome()).isEqualTo(AuditEntry.Outcome.OK);
            assertThat(e.details()).contains("\"base.certificate.publish\":\"held\"").contains("\"base.certificate.rows_in\":\"0\"");
        });

        InProcessCli.Run publish = InProcessCli.run(profile, "quality", "publish", heldBatch, "--table", "base.certificate",
                "--reason", "证照局 confirms: no certificates issued this period", "--user", "steward-li");
        assertThat(publish.exit()).as(publish.err()).isZero();
        assertThat(entries(new AuditFilter(since, "steward-li", null, null))).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("publish.steward");
            assertThat(e.batchId()).isEqualTo(heldBatch);
            assertThat(e.message()).isEqualTo("证照局 confirms: no certificates issued this period");
            assertThat(e.details()).contains("\"status\":\"published\"");
        });
    }

    @Test
    @Order(2)
    void grantsRevokesAndAFailedGrantAreAudited() {
        InProcessCli.Run grant = InProcessCli.run(profile, "apps", "grant", "app_market", "base.place", "--columns", "place_id,place_type",
                "--apps-dir", apps.toString());
        assertThat(grant.exit()).as(grant.err()).isZero();
        InProcessCli.Run revoke = InProcessCli.run(profile, "apps", "revoke", "app_market", "base.place", "--apps-dir", apps.toString());
        assertThat(revoke.exit()).as(revoke.err()).isZero();
        InProcessCli.Run bad = InProcessCli.run(profile, "apps", "grant", "app_market", "base.nosuch", "--apps-dir", apps.toString());
        assertThat(bad.exit()).isEqualTo(1);

        List<AuditEntry> changes = entries(new AuditFilter(since, null, "app:app_market", "apps"));
        assertThat(changes).extracting(AuditEntry::action, e -> e.outcome().code())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("apps.grant", "ok"), org.assertj.core.groups.Tuple.tuple("apps.revoke", "ok"),
                        org.assertj.core.groups.Tuple.tuple("apps.grant", "failed"));
        assertThat(changes.get(0).details()).contains("\"columns\":\"place_id,place_type\"");
        assertThat(changes.get(2).message()).contains("base.nosuch");
        // Each publish regenerated rules.json: after the load, the grant and the revoke; the grant changed it.
        List<AuditEntry> rules = entries(new AuditFilter(since, null, null, "rules.publish"));
        assertThat(rules).hasSizeGreaterThanOrEqualTo(3);
        assertThat(rules.subList(1, rules.size())).anySatisfy(r -> assertThat(r.details()).contains("\"changed\":\"true\""));
    }

    @Test
    @Order(3)
    void theAuditCommandFiltersAndFormats() {
        InProcessCli.Run text = InProcessCli.run(profile, "audit", "--since", since.toString(), "--table", "base.certificate");
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("ACTION").contains("load").contains("publish.gate").contains("publish.steward")
                .contains("steward-li").contains(heldBatch).doesNotContain("apps.grant");
        InProcessCli.Run json = InProcessCli.run(profile, "audit", "--since", since.toString(), "--action", "publish", "--format", "json");
        assertThat(json.out()).contains("\"action\":\"publish.gate\"").contains("\"action\":\"publish.steward\"")
                .contains("\"reason\":\"证照局 confirms: no certificates issued this period\"").doesNotContain("\"action\":\"load\"");
        InProcessCli.Run csv = InProcessCli.run(profile, "audit", "--since", since.toString(), "--user", "steward-li", "--format", "csv");
        assertThat(csv.out().lines().toList()).hasSize(2);
        assertThat(csv.out()).startsWith("seq,at,os_user,actor,action,outcome,targets,batch_id,package_id,message,details,hash");
        InProcessCli.Run none = InProcessCli.run(profile, "audit", "--since", "1m", "--user", "nobody-at-all");
        assertThat(none.out()).contains("no audit entries match");
    }

    @Test
    @Order(4)
    void concurrentWritersOnTheMetastoreKeepOneChain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                try (IcebergAuditLog log = IcebergAuditLog.open(profile)) {
                    for (int i = 0; i < 3; i++) {
                        log.append(AuditEvent.of("maintain", "it:concurrency").withDetail("writer", writer).withDetail("i", i));
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertThat(entries(new AuditFilter(since, null, "it:concurrency", null))).hasSize(9);
        InProcessCli.Run verify = InProcessCli.run(profile, "audit", "--verify");
        assertThat(verify.exit()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("governance.audit_log: intact");
    }

    @Test
    @Order(5)
    void odsColumnsCarryTheirCommentsInTrino() throws Exception {
        List<List<String>> cols = new TrinoQuery(profile).run("SHOW COLUMNS FROM lake.ods.certificate_registry", "citylake").rows();
        assertThat(cols).anySatisfy(r -> {
            assertThat(r.get(0)).isEqualTo("certificate_id");
            assertThat(r.get(3)).contains("as received from certificates.csv");
        });
        assertThat(cols).filteredOn(r -> List.of("_batch_id", "_source", "_source_file", "_line", "_raw").contains(r.get(0)))
                .hasSize(5).allSatisfy(r -> assertThat(r.get(3)).isNotBlank());
    }

    @Test
    @Order(6)
    void anEntryRewrittenThroughSparkIsFoundByVerify(LocalStack stack) {
        stack.spark.sql("REFRESH TABLE lake.governance.audit_log");
        stack.spark.sql("UPDATE lake.governance.audit_log SET message = 'routine' WHERE action = 'publish.steward' AND actor = 'steward-li'");
        InProcessCli.Run verify = InProcessCli.run(profile, "audit", "--verify");
        assertThat(verify.exit()).isEqualTo(3);
        assertThat(verify.out()).contains("BROKEN").contains("(publish.steward at ").contains("was changed after it was written")
                .contains("records removed");
    }
}
