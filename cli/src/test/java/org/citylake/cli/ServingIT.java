package org.citylake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.citylake.catalog.contract.ContractException;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.pipelines.generate.GeneratorOptions;
import org.citylake.pipelines.generate.SourceDataGenerator;
import org.citylake.pipelines.job.Progress;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.TrinoQuery;
import org.citylake.warehouse.serving.AppFileEditor;
import org.citylake.warehouse.serving.ServingPublisher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The serving layer on the real Trino: each app user connects over trino-jdbc and sees only its masked
 * views, with its rows; everything else is refused by Trino's file-based access control.
 */
// Last: WalkingSkeletonIT counts the quality results of its batch and expects its own load to be the first.
@Order(Integer.MAX_VALUE - 7)
@ExtendWith(UsesLocalStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServingIT {
    Profile profile;
    Path work;
    TrinoQuery trino;
    ServingPublisher.Published published;

    @BeforeAll
    void loadAndPublish(LocalStack stack) throws Exception {
        profile = stack.profile;
        work = stack.work;
        trino = new TrinoQuery(profile);
        if (!baseTablesExist()) {
            // The same delivery WalkingSkeletonIT loads (same options → same content → same batch id), so
            // whichever class runs second reruns an identical batch and changes nothing.
            Path input = work.resolve("serving-input");
            new SourceDataGenerator(System.out).generate(GeneratorOptions.defaults(input, Profile.home().resolve("conf"))
                    .withPersons(2000).withSeed(7).withDefectRate(0.1));
            BatchPipeline.run(profile, stack.spark, input, new Progress(System.out));
        }
        published = ServingPublisher.of(profile, System.out).publish();
        awaitRules("app_citymgmt", "SELECT count(*) FROM lake.serving.app_citymgmt_place");
    }

    @Test
    @Order(1)
    void everyAppFileBecomesViews() throws Exception {
        assertThat(published.viewsRefreshed()).isTrue();
        List<String> views = trino.run("SELECT table_name FROM lake.information_schema.views WHERE table_schema = 'serving' ORDER BY 1", "citylake")
                .rows().stream().map(r -> r.get(0)).toList();
        assertThat(views).containsExactly("app_citymgmt_place", "app_eldercare_person", "app_emergency_person", "app_emergency_place",
                "app_grassroots_person", "app_grassroots_place", "app_market_certificate", "app_market_legal_entity");
    }

    @Test
    @Order(2)
    void eldercareReadsMaskedIdsAndPhonesOfPeopleAged60OrOverInYaohai() throws Exception {
        TrinoQuery.Result r = trino.run("SELECT resident_id, phone, birth_year, street_code, name FROM lake.serving.app_eldercare_person", "app_eldercare");
        long expected = Long.parseLong(trino.run("SELECT count(*) FROM lake.base.person WHERE birth_date <= current_date - INTERVAL '60' YEAR"
                + " AND starts_with(street_code, '340102')", "citylake").rows().get(0).get(0));
        System.out.printf("app_eldercare_person: %d rows (admin count with the same predicate: %d); first: %s%n", r.rows().size(), expected, r.rows().get(0));
        assertThat(r.rows()).hasSize((int) expected).isNotEmpty();
        int thisYear = LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear();
        for (List<String> row : r.rows()) {
            assertThat(row.get(0)).matches("[0-9]{6}\\*{8}[0-9]{3}[0-9X]");
            if (row.get(1) != null) {
                assertThat(row.get(1)).matches("[0-9]{3}\\*+[0-9]{4}");
            }
            assertThat(Integer.parseInt(row.get(2))).isLessThanOrEqualTo(thisYear - 60);
            assertThat(row.get(3)).startsWith("340102");
            assertThat(row.get(4)).matches(".\\**");
        }
    }

    @Test
    @Order(2)
    void forbiddenTablesAndColumnsAreRefused() {
        assertThatThrownBy(() -> trino.run("SELECT * FROM lake.base.person LIMIT 1", "app_eldercare"))
                .isInstanceOf(SQLException.class).hasMessageContaining("Access Denied");
        assertThatThrownBy(() -> trino.run("SELECT * FROM lake.serving.app_market_legal_entity LIMIT 1", "app_eldercare"))
                .isInstanceOf(SQLException.class).hasMessageContaining("Access Denied");
        assertThatThrownBy(() -> trino.run("SELECT * FROM lake.serving_secret.pseudonym_key", "app_emergency"))
                .isInstanceOf(SQLException.class).hasMessageContaining("Access Denied");
        assertThatThrownBy(() -> trino.run("SELECT * FROM lake.quarantine.person LIMIT 1", "app_market"))
                .isInstanceOf(SQLException.class).hasMessageContaining("Access Denied");
        // Suppressed columns are not in the view at all.
        assertThatThrownBy(() -> trino.run("SELECT ethnicity FROM lake.serving.app_eldercare_person", "app_eldercare"))
                .isInstanceOf(SQLException.class).hasMessageContaining("ethnicity");
        // An unknown user has no rule at all.
        assertThatThrownBy(() -> trino.run("SELECT count(*) FROM lake.serving.app_citymgmt_place", "somebody"))
                .isInstanceOf(SQLException.class).hasMessageContaining("Access Denied");
    }

    @Test
    @Order(2)
    void rowFiltersHold() throws Exception {
        List<List<String>> types = trino.run("SELECT certificate_type, count(*) FROM lake.serving.app_market_certificate GROUP BY 1", "app_market").rows();
        assertThat(types).hasSize(1);
        assertThat(types.get(0).get(0)).isEqualTo("食品经营许可证");
        assertThat(trino.run("SELECT DISTINCT street_code FROM lake.serving.app_grassroots_person", "app_grassroots").rows())
                .containsExactly(List.of("340102001"));
        assertThat(trino.run("SELECT DISTINCT street_code FROM lake.serving.app_grassroots_place", "app_grassroots").rows())
                .containsExactly(List.of("340102001"));
    }

    @Test
    @Order(2)
    void pseudonymsJoinAcrossAppsAndTheKeyIsNotInAnyViewAppsCanRead() throws Exception {
        List<List<String>> ids = trino.run("SELECT resident_id FROM lake.serving.app_emergency_person", "app_emergency").rows();
        assertThat(ids).isNotEmpty().allSatisfy(r -> assertThat(r.get(0)).matches("[0-9A-F]{64}"));
        Set<String> emergency = new HashSet<>();
        ids.forEach(r -> emergency.add(r.get(0)));
        List<List<String>> grassroots = trino.run("SELECT resident_id FROM lake.serving.app_grassroots_person", "app_grassroots").rows();
        assertThat(grassroots).isNotEmpty().allSatisfy(r -> assertThat(emergency).contains(r.get(0)));
        Path keyFile = profile.stateDir().resolve("serving/pseudonym.key");
        if (Files.exists(keyFile)) {
            String key = Files.readString(keyFile).strip();
            String definitions = String.join("\n", trino.run("SELECT view_definition FROM lake.information_schema.views", "app_emergency")
                    .rows().stream().map(r -> String.valueOf(r.get(0))).toList());
            assertThat(definitions).doesNotContainIgnoringCase(key);
        }
    }

    @Test
    @Order(2)
    void theAdminStillReadsTheBaseTables() throws Exception {
        assertThat(Long.parseLong(trino.run("SELECT count(*) FROM lake.base.person", "citylake").rows().get(0).get(0))).isPositive();
        assertThat(Long.parseLong(trino.run("SELECT count(*) FROM lake.serving.app_eldercare_person", "citylake").rows().get(0).get(0))).isPositive();
    }

    @Test
    @Order(3)
    void aHostileAppFileCannotInjectSql() throws Exception {
        Path apps = work.resolve("hostile-apps");
        Files.createDirectories(apps);
        Files.writeString(apps.resolve("app_hostile.yaml"), """
                app: app_hostile
                purpose: "it's'); DROP VIEW lake.serving.app_market_certificate; --"
                tables:
                  - table: base.certificate
                    columns: [certificate_id, certificate_type]
                    rows:
                      - equals: {column: certificate_type, value: "x' OR '1'='1"}
                """);
        ServingPublisher hostile = new ServingPublisher(profile, profile.confDir().resolve("contracts"), apps, System.getenv()::get, System.out);
        hostile.publish();
        // The value stayed a value: no certificate has that type, so the view is empty, not the whole table.
        assertThat(trino.run("SELECT count(*) FROM lake.serving.app_hostile_certificate", "citylake").rows().get(0).get(0)).isEqualTo("0");
        assertThat(trino.run("SELECT count(*) FROM lake.base.certificate", "citylake").rows().get(0).get(0)).isNotEqualTo("0");

        Files.writeString(apps.resolve("app_hostile.yaml"), """
                app: app_hostile
                purpose: test
                tables:
                  - table: base.certificate
                    columns: ['certificate_id" FROM lake.base.person --']
                """);
        assertThatThrownBy(hostile::publish).isInstanceOf(ContractException.class).hasMessageContaining("app_hostile.yaml:5");

        // Publishing the real apps again drops what no app file asks for.
        ServingPublisher.Published again = ServingPublisher.of(profile, System.out).publish();
        assertThat(again.dropped()).contains("app_hostile_certificate");
        // The hostile publish wrote rules for app_hostile alone; Trino re-reads the restored rules within its refresh period.
        awaitRules("app_market", "SELECT count(*) FROM lake.serving.app_market_certificate");
        assertThat(trino.run("SELECT count(*) FROM lake.serving.app_market_certificate", "app_market").rows()).hasSize(1);
    }

    @Test
    @Order(4)
    void aRevokeTakesEffectWithoutRestartingTrino() throws Exception {
        Path apps = work.resolve("revoke-apps");
        Files.createDirectories(apps);
        Files.copy(Profile.home().resolve("conf/apps/app_citymgmt.yaml"), apps.resolve("app_citymgmt.yaml"));
        new AppFileEditor(apps, ContractLoader.loadAll(profile.confDir().resolve("contracts"))).revoke("app_citymgmt", "base.place");
        new ServingPublisher(profile, profile.confDir().resolve("contracts"), apps, System.getenv()::get, System.out).publish();
        assertThatThrownBy(() -> trino.run("SELECT count(*) FROM lake.serving.app_citymgmt_place", "app_citymgmt"))
                .isInstanceOf(SQLException.class);
        // And back: the shipped files again, and the rules file is re-read within the refresh period.
        ServingPublisher.of(profile, System.out).publish();
        awaitRules("app_citymgmt", "SELECT count(*) FROM lake.serving.app_citymgmt_place");
    }

    private boolean baseTablesExist() throws SQLException {
        return trino.run("SELECT count(*) FROM lake.information_schema.tables WHERE table_schema = 'base'", "citylake")
                .rows().get(0).get(0).equals("4");
    }

    /** Trino re-reads rules.json every 5 s; wait until a query the new rules allow succeeds. */
    private void awaitRules(String user, String sql) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                trino.run(sql, user);
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(1000);
            }
        }
    }
}
