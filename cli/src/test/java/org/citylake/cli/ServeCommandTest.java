package org.citylake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.TableContract;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.TrinoPasswords;
import org.citylake.warehouse.serving.AppFile;
import org.citylake.warehouse.serving.AppFiles;
import org.citylake.warehouse.serving.ServingViews;
import org.junit.jupiter.api.Test;

class ServeCommandTest {
    @Test
    void printsTheJdbcUrlAndEveryAppUserWithItsViews() {
        Profile p = Profile.load("local");
        List<TableContract> contracts = ContractLoader.loadAll(p.confDir().resolve("contracts"));
        List<AppFile> apps = AppFiles.loadAll(p.confDir().resolve("apps"), contracts);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ServeCommand.print("jdbc:trino://127.0.0.1:18080/lake", Optional.empty(), "lake", apps, ServingViews.plan(contracts, apps), true,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out.lines().findFirst()).hasValue("Trino is serving at  jdbc:trino://127.0.0.1:18080/lake");
        assertThat(out).contains("  app_eldercare ", "lake.serving.app_eldercare_person", "  app_market ", "  app_citymgmt ",
                "?user=" + apps.get(0).app());
        for (AppFile a : apps) {
            assertThat(out).contains("  " + a.app() + " ");
        }
    }

    @Test
    void withPasswordsItPrintsTheHttpsUrlAndWhereEachAppsPasswordComesFromNeverThePassword() {
        Profile p = Profile.load("local");
        List<TableContract> contracts = ContractLoader.loadAll(p.confDir().resolve("contracts"));
        List<AppFile> apps = AppFiles.loadAll(p.confDir().resolve("apps"), contracts);
        java.util.Map<String, String> env = new java.util.HashMap<>();
        apps.forEach(a -> env.put(TrinoPasswords.envName(a.app()), "pw-of-" + a.app()));
        String url = "jdbc:trino://127.0.0.1:18080/lake?SSL=true&SSLTrustStorePath=/x/trino.crt";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ServeCommand.print(url, Optional.of(TrinoPasswords.of(p, env::get)), "lake", apps, ServingViews.plan(contracts, apps), true,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out.lines().findFirst()).hasValue("Trino is serving at  " + url);
        assertThat(out).contains("password: $CITYLAKE_TRINO_PASSWORD_APP_ELDERCARE", "over HTTPS").doesNotContain("pw-of-", "?user=");
    }

    @Test
    void saysSoWhenTrinoIsNotAnswering() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ServeCommand.print("jdbc:trino://127.0.0.1:1/lake", Optional.empty(), "lake", List.of(), List.of(), false, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("Trino is NOT answering at  jdbc:trino://127.0.0.1:1/lake");
    }
}
