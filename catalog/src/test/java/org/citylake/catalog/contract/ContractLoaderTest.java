package org.citylake.catalog.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContractLoaderTest {
    static final Path CONTRACTS = Path.of(System.getProperty("citylake.home", "..")).resolve("conf/contracts");

    @TempDir
    Path tmp;

    @Test
    void loadsTheFourBaseLibraries() {
        List<TableContract> all = ContractLoader.loadAll(CONTRACTS);
        assertThat(all).extracting(TableContract::qualifiedName)
                .containsExactly("base.certificate", "base.legal_entity", "base.person", "base.place");
        TableContract person = all.stream().filter(c -> c.table().equals("person")).findFirst().orElseThrow();
        assertThat(person.key()).containsExactly("resident_id");
        assertThat(person.columnForHeader(" 公民身份号码 ")).map(ColumnContract::name).contains("resident_id");
        assertThat(person.columnForHeader("身份证号")).map(ColumnContract::name).contains("resident_id");
        ColumnContract id = person.column("resident_id").orElseThrow();
        assertThat(id.sensitivity()).isEqualTo(Sensitivity.PERSONAL_SENSITIVE);
        assertThat(id.grade()).isEqualTo(Grade.CORE);
        assertThat(id.masking().describe()).isEqualTo("mask(6,4)");
        assertThat(id.quality()).extracting(QualityRule::kind)
                .containsExactly(QualityRule.Kind.COMPLETENESS, QualityRule.Kind.UNIQUENESS, QualityRule.Kind.PATTERN);
        assertThat(person.sources()).extracting(SourceSpec::encoding).extracting(Object::toString)
                .containsExactly("GBK", "UTF-8", "UTF-8");
        assertThat(person.sources()).extracting(SourceSpec::deliversChanges).containsExactly(false, false, true);
        SourceSpec changes = person.sources().get(2);
        assertThat(changes.changeFeed()).contains(new ChangeFeed("变更类型", "变更时间", ChangeFeed.SequenceKind.TIMESTAMP));
        assertThat(changes.matchesFileName("population_changes_20261125.csv")).isTrue();
        assertThat(changes.matchesFileName("population_registry.csv")).isFalse();
        assertThat(person.sources().get(0).matchesFileName("population_registry.csv")).isTrue();
        assertThat(person.sources().get(0).odsTable()).isEqualTo("ods.population_registry");
    }

    @Test
    void everyRequiredColumnOfEveryContractHasACompletenessOrKeyRule() {
        // A required column nobody checks would let the quality gate pass on empty values.
        for (TableContract c : ContractLoader.loadAll(CONTRACTS)) {
            for (ColumnContract col : c.requiredColumns()) {
                assertThat(col.quality()).as(c.qualifiedName() + "." + col.name())
                        .anyMatch(r -> r.kind() == QualityRule.Kind.COMPLETENESS || r.kind() == QualityRule.Kind.ALLOWED_VALUES);
            }
        }
    }

    @Test
    void unknownFieldNamesFileLineAndField() throws IOException {
        Path f = write("""
                table: base.t
                title: t
                owner_department: d
                grade: general
                key: [id]
                columns:
                  - name: id
                    type: string
                    title: 编号
                    standard: text
                    nullable: false
                    sensitivity: public
                    grade: general
                    qualty: []
                """);
        assertThatThrownBy(() -> ContractLoader.load(f))
                .isInstanceOf(ContractException.class)
                .hasMessage(f + ":14: field 'columns[0].qualty': unknown field (known: name, type, title, aliases, standard, "
                        + "nullable, sensitivity, grade, masking, quality, description)");
    }

    @Test
    void changeFeedKeysNeedModeChangesAndChangesNeedBothColumns() throws IOException {
        String source = """
                sources:
                  - name: s
                    department: d
                    file: s_*.csv
                    format: csv
                    encoding: UTF-8
                """;
        Path typo = write(minimal() + source + "    mode: change\n    op_column: op\n    sequence_column: seq\n");
        assertThatThrownBy(() -> ContractLoader.load(typo)).isInstanceOf(ContractException.class)
                .hasMessageContaining("expected full or changes, got 'change'");
        Path noMode = write(minimal() + source + "    op_column: op\n");
        assertThatThrownBy(() -> ContractLoader.load(noMode)).isInstanceOf(ContractException.class)
                .hasMessageContaining("op_column needs mode: changes");
        Path noSequence = write(minimal() + source + "    mode: changes\n    op_column: op\n");
        assertThatThrownBy(() -> ContractLoader.load(noSequence)).isInstanceOf(ContractException.class)
                .hasMessageContaining("sequence_column").hasMessageContaining("is required");
        Path ok = write(minimal() + source + "    mode: changes\n    op_column: op\n    sequence_column: seq\n");
        SourceSpec s = ContractLoader.load(ok).sources().get(0);
        assertThat(s.changeFeed()).contains(new ChangeFeed("op", "seq", ChangeFeed.SequenceKind.NUMBER));
        Path full = write(minimal() + source.replace("s_*.csv", "s.csv"));
        assertThat(ContractLoader.load(full).sources().get(0).deliversChanges()).isFalse();
    }

    @Test
    void badEnumValueIsReportedAtItsLine() throws IOException {
        Path f = write(minimal().replace("grade: general\n    ", "grade: secret\n    "));
        assertThatThrownBy(() -> ContractLoader.load(f))
                .isInstanceOfSatisfying(ContractException.class, e -> {
                    assertThat(e.line()).isEqualTo(13);
                    assertThat(e.field()).isEqualTo("columns[0].grade");
                    assertThat(e.getMessage()).contains("unknown value 'secret' (expected one of core, important, general)");
                });
    }

    @Test
    void missingRequiredFieldNamesTheParent() throws IOException {
        Path f = write(minimal().replace("    standard: text\n", ""));
        assertThatThrownBy(() -> ContractLoader.load(f))
                .isInstanceOfSatisfying(ContractException.class, e -> {
                    assertThat(e.field()).isEqualTo("columns[0].standard");
                    assertThat(e.getMessage()).contains("is required");
                    assertThat(e.line()).isEqualTo(7);
                });
    }

    @Test
    void keyMustBeADeclaredRequiredColumn() throws IOException {
        Path f = write(minimal().replace("key: [id]", "key: [code]"));
        assertThatThrownBy(() -> ContractLoader.load(f)).hasMessageContaining(":5: field 'key': key column 'code' is not a declared column");
    }

    @Test
    void invalidRegexAndRangeBoundsAreRejected() throws IOException {
        Path bad = write(minimal().replace("quality: []", "quality:\n      - {rule: pattern, regex: '[0-9', level: error}"));
        assertThatThrownBy(() -> ContractLoader.load(bad)).hasMessageContaining("field 'columns[0].quality[0].regex': not a valid regular expression");
        Path range = write(minimal().replace("quality: []", "quality:\n      - {rule: range, min: abc, level: error}"));
        assertThatThrownBy(() -> ContractLoader.load(range)).hasMessageContaining("range rules apply to dates and numbers");
    }

    @Test
    void personalSensitiveColumnsMustBeMasked() throws IOException {
        Path f = write(minimal().replace("sensitivity: public", "sensitivity: personal-sensitive"));
        assertThatThrownBy(() -> ContractLoader.load(f)).hasMessageContaining("needs a masking rule other than none");
    }

    @Test
    void brokenYamlReportsItsLine() throws IOException {
        Path f = write("table: base.t\ntitle: [unclosed\nowner_department: d\n");
        assertThatThrownBy(() -> ContractLoader.load(f)).isInstanceOf(ContractException.class).hasMessageContaining("not valid YAML");
    }

    @Test
    void unknownStandardIsRejected() throws IOException {
        Path f = write(minimal().replace("standard: text", "standard: gb11634"));
        assertThatThrownBy(() -> ContractLoader.load(f)).hasMessageContaining(":10: field 'columns[0].standard': unknown standard 'gb11634'");
    }

    @Test
    void jdbcSourcesNameTheirConnectionByEnvironmentVariablesAndAWatermark() throws IOException {
        String source = """
                sources:
                  - name: db
                    department: d
                    jdbc:
                      url_env: CITY_DB_URL
                      user_env: CITY_DB_USER
                      password_env: CITY_DB_PASSWORD
                      table: registry.market_entity
                      watermark_column: updated_at
                      partition_column: id
                      num_partitions: 3
                """;
        SourceSpec s = ContractLoader.load(write(minimal() + source)).sources().get(0);
        assertThat(s.readsJdbc()).isTrue();
        assertThat(s.format()).isEqualTo(SourceFormat.JDBC);
        assertThat(s.file()).isNull();
        assertThat(s.origin()).isEqualTo("jdbc:registry.market_entity");
        assertThat(s.matchesFileName("market_entity")).isFalse();
        assertThat(s.jdbcSource()).contains(new JdbcSource("CITY_DB_URL", "CITY_DB_USER", "CITY_DB_PASSWORD", "registry.market_entity", null,
                "updated_at", JdbcSource.WatermarkKind.TIMESTAMP, "id", 3));
        // A query and a numeric watermark; no partition column: one read.
        SourceSpec q = ContractLoader.load(write(minimal() + source.replace("table: registry.market_entity", "query: SELECT * FROM t WHERE x = 1")
                .replace("watermark_column: updated_at", "watermark_column: seq\n      watermark_kind: number")
                .replace("      partition_column: id\n      num_partitions: 3\n", ""))).sources().get(0);
        assertThat(q.jdbcSource().orElseThrow().watermarkKind()).isEqualTo(JdbcSource.WatermarkKind.NUMBER);
        assertThat(q.jdbcSource().orElseThrow().numPartitions()).isEqualTo(1);
        assertThat(q.origin()).isEqualTo("jdbc:query:db");

        // The value of a variable, not its name, is refused, so no URL or password is ever written here.
        assertThatThrownBy(() -> ContractLoader.load(write(minimal() + source.replace("url_env: CITY_DB_URL", "url_env: jdbc:postgresql://h/db"))))
                .isInstanceOf(ContractException.class).hasMessageContaining("jdbc.url_env").hasMessageContaining("NAME of an environment variable");
        assertThatThrownBy(() -> ContractLoader.load(write(minimal() + source.replace("password_env: CITY_DB_PASSWORD", "password_env: s3cret!"))))
                .isInstanceOf(ContractException.class).hasMessageContaining("never the value itself");
        assertThatThrownBy(() -> ContractLoader.load(write(minimal() + source.replace("    jdbc:", "    file: x.csv\n    jdbc:"))))
                .isInstanceOf(ContractException.class).hasMessageContaining("file does not apply to a jdbc source");
        assertThatThrownBy(() -> ContractLoader.load(write(minimal() + source.replace("      table: registry.market_entity\n", ""))))
                .isInstanceOf(ContractException.class).hasMessageContaining("exactly one of table or query");
        assertThatThrownBy(() -> ContractLoader.load(write(minimal() + source.replace("table: registry.market_entity", "query: DELETE FROM t"))))
                .isInstanceOf(ContractException.class).hasMessageContaining("one SELECT statement");
        assertThatThrownBy(() -> ContractLoader.load(write(minimal() + source.replace("      partition_column: id\n", ""))))
                .isInstanceOf(ContractException.class).hasMessageContaining("num_partitions needs a partition_column");
        assertThatThrownBy(() -> ContractLoader.load(write(minimal() + source.replace("      url_env: CITY_DB_URL\n", ""))))
                .isInstanceOf(ContractException.class).hasMessageContaining("url_env").hasMessageContaining("is required");
    }

    @Test
    void theLegalEntityContractDeclaresItsRegistryDatabaseByVariableNamesOnly() {
        TableContract entity = ContractLoader.loadAll(Path.of(System.getProperty("citylake.home", "..")).resolve("conf/contracts")).stream()
                .filter(c -> c.qualifiedName().equals("base.legal_entity")).findFirst().orElseThrow();
        SourceSpec db = entity.sources().stream().filter(SourceSpec::readsJdbc).findFirst().orElseThrow();
        JdbcSource j = db.jdbcSource().orElseThrow();
        assertThat(j.urlEnv()).isEqualTo("CITYLAKE_MARKET_DB_URL");
        assertThat(j.partitionColumnName()).contains("id");
        assertThat(db.priority()).isGreaterThan(entity.sources().get(0).priority());   // the delivered file wins when both disagree
    }

    private static String minimal() {
        return """
                table: base.t
                title: t
                owner_department: d
                grade: general
                key: [id]
                columns:
                  - name: id
                    type: string
                    title: 编号
                    standard: text
                    nullable: false
                    sensitivity: public
                    grade: general
                    quality: []
                """;
    }

    private Path write(String text) throws IOException {
        Path f = tmp.resolve("c" + System.nanoTime() + ".yaml");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }
}
