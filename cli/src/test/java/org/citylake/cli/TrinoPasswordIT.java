package org.citylake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.citylake.pipelines.generate.GeneratorOptions;
import org.citylake.pipelines.generate.SourceDataGenerator;
import org.citylake.pipelines.job.Progress;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.TrinoAccess;
import org.citylake.warehouse.TrinoQuery;
import org.citylake.warehouse.serving.ServingPublisher;
import org.citylake.warehouse.services.LocalServices;
import org.citylake.warehouse.services.ServiceKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code trino.auth: password} on the real Trino 476: a second Trino of its own (HTTPS only, on its own port,
 * its own state dir) over the shared stack's metastore and warehouse, started once for this class. The
 * serving publisher and every query below go through {@link TrinoAccess}: TLS trusting the certificate
 * citylake generated, and each user's password from {@code <state>/secrets}. Wrong, missing or another app's
 * password is refused; the right one still sees only the app's masked views.
 *
 * <p>Port: {@code -Dcitylake.it.trino.password.port} (default 28085).
 */
// After ServingIT and ExchangeRoundTripIT (it reads their lake as it is), before IncrementalIT replaces base.person.
@Order(Integer.MAX_VALUE - 5)
@ExtendWith(UsesLocalStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrinoPasswordIT {
    Profile profile;
    LocalServices services;
    TrinoAccess access;
    TrinoQuery trino;

    @BeforeAll
    void startTrinoWithPasswords(LocalStack stack) throws Exception {
        TrinoQuery shared = new TrinoQuery(stack.profile);
        if (!shared.run("SELECT count(*) FROM lake.information_schema.tables WHERE table_schema = 'base'", "citylake")
                .rows().get(0).get(0).equals("4")) {
            // Run alone (-Dit.test=TrinoPasswordIT): the same delivery ServingIT loads.
            Path input = stack.work.resolve("serving-input");
            new SourceDataGenerator(System.out).generate(GeneratorOptions.defaults(input, Profile.home().resolve("conf"))
                    .withPersons(2000).withSeed(7).withDefectRate(0.1));
            BatchPipeline.run(stack.profile, stack.spark, input, new Progress(System.out));
        }
        profile = stack.profile.with(Map.of(
                "state.dir", stack.work.resolve("state-password").toString(),
                "trino.port", System.getProperty("citylake.it.trino.password.port", "28085"),
                "trino.auth", "password",
                "trino.heap", "1536m",
                // The metastore is the shared stack's: this profile starts Trino alone.
                "services.managed", "trino"));
        // The same pseudonym key as the shared stack, or this publish would replace the key table for every later class.
        Path key = stack.profile.stateDir().resolve("serving/pseudonym.key");
        if (Files.exists(key)) {
            Files.createDirectories(profile.stateDir().resolve("serving"));
            Files.copy(key, profile.stateDir().resolve("serving/pseudonym.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        services = new LocalServices(profile, System.out);
        long t0 = System.nanoTime();
        services.up(EnumSet.of(ServiceKind.TRINO));
        System.out.printf("Trino with HTTPS and passwords up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        access = TrinoAccess.of(profile);
        trino = new TrinoQuery(access);
        // Views and rules through the HTTPS Trino, as the admin with its password.
        ServingPublisher.Published published = ServingPublisher.of(profile, System.out).publish();
        assertThat(published.viewsRefreshed()).isTrue();
    }

    @AfterAll
    void stop() {
        if (services != null) {
            services.down(EnumSet.of(ServiceKind.TRINO));
        }
    }

    @Test
    void theRightPasswordWorksAndAnAppStillSeesOnlyItsMaskedView() throws Exception {
        assertThat(access.jdbcUrl()).startsWith("jdbc:trino://127.0.0.1:" + profile.getInt("trino.port") + "/lake?SSL=true&SSLTrustStorePath=");
        TrinoQuery.Result r = trino.run("SELECT resident_id, phone, street_code FROM lake.serving.app_eldercare_person", "app_eldercare");
        assertThat(r.rows()).isNotEmpty();
        for (List<String> row : r.rows()) {
            assertThat(row.get(0)).matches("[0-9]{6}\\*{8}[0-9]{3}[0-9X]");
            if (row.get(1) != null) {
                assertThat(row.get(1)).matches("[0-9]{3}\\*+[0-9]{4}");
            }
            assertThat(row.get(2)).startsWith("340102");
        }
        assertThatThrownBy(() -> trino.run("SELECT * FROM lake.base.person LIMIT 1", "app_eldercare"))
                .isInstanceOf(SQLException.class).hasMessageContaining("Access Denied");
        assertThatThrownBy(() -> trino.run("SELECT * FROM lake.serving.app_market_legal_entity LIMIT 1", "app_eldercare"))
                .isInstanceOf(SQLException.class).hasMessageContaining("Access Denied");
        assertThat(Long.parseLong(trino.run("SELECT count(*) FROM lake.base.person", "citylake").rows().get(0).get(0))).isPositive();
    }

    @Test
    void aWrongPasswordIsRefused() {
        assertRefused("app_eldercare", "not-the-password");
        assertRefused("citylake", "");
    }

    @Test
    void noPasswordIsRefused() {
        assertRefused("app_eldercare", null);
    }

    @Test
    void anotherAppsPasswordDoesNotMakeYouThatApp() {
        assertRefused("app_market", access.passwords().password("app_eldercare"));
    }

    @Test
    void plainHttpIsNotServedAtAll() {
        Properties p = new Properties();
        p.setProperty("user", "app_eldercare");
        assertThatThrownBy(() -> query(profile.trinoJdbcUrl(), p)).isInstanceOf(SQLException.class);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest statement = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + profile.getInt("trino.port") + "/v1/statement"))
                .header("X-Trino-User", "app_eldercare").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("SELECT 1")).build();
        try {
            HttpResponse<String> r = http.send(statement, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("plain HTTP on the HTTPS port").isGreaterThanOrEqualTo(400);
        } catch (java.io.IOException e) {
            // The TLS port drops a plain-text request: just as refused.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void secretsStayInPrivateFilesAndOutOfTheGeneratedConfig() throws Exception {
        Path secrets = profile.stateDir().resolve("secrets");
        for (String f : List.of("trino-passwords.properties", "trino-https.pem")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets.resolve(f))))
                    .as(f).isEqualTo("rw-------");
        }
        String password = access.passwords().password("app_eldercare");
        String secret = access.passwords().sharedSecret();
        try (var files = Files.walk(profile.stateDir().resolve("trino/etc"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain(password, secret);
            }
        }
        try (var logs = Files.list(profile.stateDir().resolve("logs"))) {
            for (Path f : logs.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain(password, secret);
            }
        }
        assertThat(Files.readString(profile.stateDir().resolve("trino/etc/password.db"))).contains("app_eldercare:$2y$10$");
    }

    private void assertRefused(String user, String password) {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        assertThatThrownBy(() -> query(access.jdbcUrl(), p)).as(user + (password == null ? " without a password" : " with a wrong password"))
                .isInstanceOf(SQLException.class).hasMessageContaining("Authentication failed")
                .satisfies(e -> System.out.println("refused as expected: " + e.getMessage()));
    }

    private static void query(String url, Properties p) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, p); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM lake.serving.app_eldercare_person")) {
            rs.next();
        }
    }
}
