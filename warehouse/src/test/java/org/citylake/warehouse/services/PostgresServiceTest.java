package org.citylake.warehouse.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.citylake.warehouse.Profile;
import org.junit.jupiter.api.Test;

/**
 * A real PostgreSQL from Debian's packages: init, start on a private port, create a database, query it over TCP
 * with the password, restart on the same data, stop cleanly. Port: -Dcitylake.it.postgres.port (default 25432).
 */
class PostgresServiceTest {
    static final String PORT = System.getProperty("citylake.it.postgres.port", "25432");

    // Under target/ rather than /tmp: the server's OS user must be able to reach the data dir.

    @Test
    void initialisesStartsServesAndStopsAPrivateServer() throws Exception {
        assumeTrue(PostgresBinaries.newestUnder(PostgresBinaries.DEBIAN_ROOT).isPresent(),
                "PostgreSQL's server binaries are not installed (.ci/run installs Debian's postgresql package)");
        Path home = Files.createDirectories(Path.of("target/pg-test").toAbsolutePath());
        ArtifactCache.deleteTree(home);
        Profile profile = TestProfiles.local(home).with(Map.of("postgres.port", PORT, "services.start.timeout.seconds", "60"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PostgresService pg = PostgresService.of(profile, new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            pg.up();
            assertThat(pg.healthy()).isTrue();
            assertThat(pg.jdbcUrl("sources")).isEqualTo("jdbc:postgresql://127.0.0.1:" + PORT + "/sources");
            assertThat(pg.user()).isEqualTo("citylake");
            assertThat(pg.password()).hasSize(36);
            assertThat(Files.readString(home.resolve(".citylake/secrets/postgres.password")).trim()).isEqualTo(pg.password());
            pg.ensureDatabase("sources");
            pg.ensureDatabase("sources"); // idempotent
            pg.query("sources", "CREATE TABLE t (id int, name text)");
            pg.query("sources", "INSERT INTO t VALUES (1, '张三'), (2, '李四')");
            assertThat(pg.query("sources", "SELECT count(*) || ':' || string_agg(name, ',' ORDER BY id) FROM t")).isEqualTo("2:张三,李四");
            // Only loopback: the server was told to listen on 127.0.0.1 alone.
            assertThat(pg.query("postgres", "SHOW listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(pg.status().running()).isTrue();

            pg.down();
            assertThat(pg.healthy()).isFalse();
            assertThat(pg.status().running()).isFalse();
            pg.up(); // same data dir, no second initdb
            assertThat(pg.query("sources", "SELECT count(*) FROM t")).isEqualTo("2");
            assertThat(out.toString(StandardCharsets.UTF_8)).containsOnlyOnce("Initialising a PostgreSQL cluster");
        } finally {
            pg.down();
        }
        assertThatThrownBy(() -> pg.jdbcUrl("x; DROP")).hasMessageContaining("lower-case SQL identifier");
    }

    @Test
    void dataStaysUnderTheStateDirUnlessTheServerUserCouldNotReachIt() throws Exception {
        Path home = Files.createDirectories(Path.of("target/pg-reach").toAbsolutePath());
        Path closed = Files.createDirectories(home.resolve("closed"));
        Files.setPosixFilePermissions(closed, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Profile open = TestProfiles.local(home);
        assertThat(PostgresService.of(open, System.err).baseDir()).isEqualTo(home.resolve(".citylake/postgres"));
        Profile hidden = open.with(Map.of("state.dir", closed.resolve("state").toString()));
        Path base = PostgresService.of(hidden, System.err).baseDir();
        if (OsUser.runningAsRoot()) {
            assertThat(base.getParent()).isEqualTo(PostgresService.FALLBACK_ROOT);
            assertThat(PostgresService.of(hidden, System.err).baseDir()).isEqualTo(base); // stable per state dir
            if (PostgresBinaries.newestUnder(PostgresBinaries.DEBIAN_ROOT).isPresent()) {
                // And the server really runs from there (a CI clone under a private home must still pass).
                PostgresService pg = PostgresService.of(hidden.with(Map.of("postgres.port", PORT, "services.start.timeout.seconds", "60")), System.err);
                ArtifactCache.deleteTree(base);
                try {
                    pg.up();
                    assertThat(pg.query("postgres", "SELECT 40 + 2")).isEqualTo("42");
                } finally {
                    pg.down();
                    ArtifactCache.deleteTree(base);
                }
            }
        } else {
            assertThat(base).isEqualTo(closed.resolve("state/postgres")); // the server runs as this user: it can reach it
        }
    }
}
