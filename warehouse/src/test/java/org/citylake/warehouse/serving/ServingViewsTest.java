package org.citylake.warehouse.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.citylake.warehouse.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServingViewsTest {
    /** Well-formed Trino string literals ('' is an escaped quote inside one). */
    static final String LITERAL = "'(?:[^']|'')*'";

    @TempDir
    Path dir;

    @Test
    void eldercareSeesMaskedIdsBirthYearsAndNoEthnicity() {
        ServingView v = view(AppFiles.loadAll(Profile.home().resolve("conf/apps"), AppFilesTest.CONTRACTS), "app_eldercare_person");
        assertThat(v.columns()).extracting(ServedColumn::name).contains("resident_id", "name", "birth_year", "phone", "street_code")
                .doesNotContain("ethnicity", "domicile_address", "birth_date");
        String sql = v.createSql("lake");
        assertThat(sql).startsWith("CREATE OR REPLACE VIEW \"lake\".\"serving\".\"app_eldercare_person\"")
                .contains("SECURITY DEFINER")
                .contains("FROM \"lake\".\"base\".\"person\" \"t\"")
                .contains("\"t\".\"birth_date\" <= current_date - INTERVAL '60' YEAR")
                .contains("starts_with(\"t\".\"street_code\", '340102')")
                .contains("year(\"t\".\"birth_date\") AS \"birth_year\"")
                .doesNotContain("pseudonym_key");
    }

    @Test
    void joinKeysArePseudonymisedWithTheKeyTableNotAKeyInTheText() {
        ServingView v = view(AppFiles.loadAll(Profile.home().resolve("conf/apps"), AppFilesTest.CONTRACTS), "app_emergency_person");
        assertThat(v.usesPseudonymKey()).isTrue();
        assertThat(v.createSql("lake"))
                .contains("to_hex(hmac_sha256(to_utf8(CAST(\"t\".\"resident_id\" AS varchar)), \"k\".\"hmac_key\")) AS \"resident_id\"")
                .contains("CROSS JOIN \"lake\".\"serving_secret\".\"pseudonym_key\" \"k\"");
    }

    @Test
    void aHostileValueStaysInsideItsLiteral() throws Exception {
        Files.writeString(dir.resolve("app_hostile.yaml"), """
                app: app_hostile
                purpose: "it's a test'); DROP TABLE lake.base.person; --"
                tables:
                  - table: base.certificate
                    columns: [certificate_id]
                    rows:
                      - equals: {column: certificate_type, value: "x' OR '1'='1"}
                      - in: {column: holder_type, values: ["a'); DROP VIEW x; --"]}
                """);
        ServingView v = view(AppFiles.loadAll(dir, AppFilesTest.CONTRACTS), "app_hostile_certificate");
        String sql = v.createSql("lake");
        assertThat(sql).contains("= 'x'' OR ''1''=''1'");
        // With every literal removed, nothing of the hostile text is left to be read as SQL.
        String outsideLiterals = sql.replaceAll(LITERAL, "?").replace("CREATE OR REPLACE VIEW", "");
        assertThat(outsideLiterals).doesNotContain(" OR ", "DROP", "--", ";");
        assertThat(outsideLiterals.chars().filter(c -> c == '\'').count()).isZero();
    }

    @Test
    void maskKeepsTheEndsAndTheLength() {
        assertThat(ServedColumn.mask("x", 6, 4)).isEqualTo("CASE WHEN length(CAST(x AS varchar)) <= 10 THEN lpad('', length(CAST(x AS varchar)), '*')"
                + " ELSE concat(substr(CAST(x AS varchar), 1, 6), lpad('', length(CAST(x AS varchar)) - 10, '*'),"
                + " substr(CAST(x AS varchar), length(CAST(x AS varchar)) - 3)) END");
        assertThat(ServedColumn.mask("x", 1, 0)).doesNotContain("length(CAST(x AS varchar)) - -1");
    }

    static ServingView view(List<AppFile> apps, String name) {
        return ServingViews.plan(AppFilesTest.CONTRACTS, apps).stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }
}
