package org.citylake.pipelines.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.citylake.catalog.contract.JdbcSource;
import org.junit.jupiter.api.Test;

/** Connections come from the variables a contract names; SQL for bounds and literals is built safely. No database needed. */
class JdbcConnectionTest {
    static final JdbcSource SOURCE = new JdbcSource("DB_URL", "DB_USER", "DB_PASSWORD", "registry.market_entity", null, "updated_at",
            JdbcSource.WatermarkKind.TIMESTAMP, "id", 4);

    @Test
    void anUnsetUrlMeansTheSourceIsNotReadHere() {
        assertThat(JdbcConnection.resolve(SOURCE, Map.<String, String>of()::get)).isEmpty();
        assertThat(JdbcConnection.resolve(SOURCE, Map.of("DB_URL", " ")::get)).isEmpty();
    }

    @Test
    void aNamedUserOrPasswordThatIsMissingIsAnErrorNotAnAnonymousLogin() {
        assertThatThrownBy(() -> JdbcConnection.resolve(SOURCE, Map.of("DB_URL", "jdbc:postgresql://h/db", "DB_USER", "lake")::get))
                .hasMessageContaining("DB_PASSWORD").hasMessageContaining("not set");
        assertThatThrownBy(() -> JdbcConnection.resolve(SOURCE, Map.of("DB_URL", "postgresql://h/db", "DB_USER", "u", "DB_PASSWORD", "p")::get))
                .hasMessageContaining("starts with jdbc:");
    }

    @Test
    void thePasswordNeverAppearsInWhatIsPrinted() {
        JdbcConnection c = JdbcConnection.resolve(SOURCE, Map.of("DB_URL", "jdbc:postgresql://h/db?password=inurl&ssl=true",
                "DB_USER", "lake", "DB_PASSWORD", "s3cret")::get).orElseThrow();
        assertThat(c.toString()).doesNotContain("s3cret").doesNotContain("inurl").contains("password=***").contains("lake");
        assertThat(c.sparkOptions()).containsEntry("password", "s3cret").containsEntry("user", "lake");
    }

    @Test
    void watermarkLiteralsAreQuotedOrCheckedAndIdentifiersQuoted() {
        assertThat(JdbcSourceReader.literal(SOURCE, "2026-06-01 08:00:00")).isEqualTo("'2026-06-01 08:00:00'");
        assertThat(JdbcSourceReader.literal(SOURCE, "x' OR '1'='1")).isEqualTo("'x'' OR ''1''=''1'");
        JdbcSource numbered = new JdbcSource("DB_URL", null, null, null, "SELECT * FROM t", "seq", JdbcSource.WatermarkKind.NUMBER, null, 1);
        assertThat(JdbcSourceReader.literal(numbered, "120")).isEqualTo("120");
        assertThatThrownBy(() -> JdbcSourceReader.literal(numbered, "1; DROP TABLE t")).isInstanceOf(NumberFormatException.class);
        assertThat(JdbcSourceReader.relation(SOURCE)).isEqualTo("\"registry\".\"market_entity\"");
        assertThat(JdbcSourceReader.relation(numbered)).isEqualTo("(SELECT * FROM t) citylake_q");
        assertThat(JdbcSourceReader.quote("主体\"名称")).isEqualTo("\"主体\"\"名称\"");
        assertThat(new JdbcRange(java.util.Optional.of("a"), java.util.Optional.of("b"), 3, java.util.OptionalLong.empty(),
                java.util.OptionalLong.empty()).describe("updated_at")).isEqualTo("updated_at (a, b]");
    }
}
