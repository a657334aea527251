package org.citylake.warehouse.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.citylake.catalog.contract.ContractException;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.Masking;
import org.citylake.catalog.contract.TableContract;
import org.citylake.warehouse.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppFilesTest {
    static final List<TableContract> CONTRACTS = ContractLoader.loadAll(Profile.home().resolve("conf/contracts"));

    @TempDir
    Path dir;

    @Test
    void theShippedAppFilesLoad() {
        List<AppFile> apps = AppFiles.loadAll(Profile.home().resolve("conf/apps"), CONTRACTS);
        assertThat(apps).extracting(AppFile::app)
                .containsExactly("app_citymgmt", "app_eldercare", "app_emergency", "app_grassroots", "app_market");
        AppGrant person = apps.get(1).grant("base.person").orElseThrow();
        assertThat(person.allColumns()).isTrue();
        assertThat(person.rows()).containsExactly(new RowCondition.AgeAtLeast("birth_date", 60),
                new RowCondition.StartsWith("street_code", "340102"));
        assertThat(person.override("ethnicity")).contains(new Masking(Masking.Technique.SUPPRESS, 0, 0, null));
        assertThat(apps.get(4).grant("base.certificate").orElseThrow().rows())
                .containsExactly(new RowCondition.EqualsValue("certificate_type", "食品经营许可证"));
    }

    @Test
    void aHostileColumnNameIsRejectedWithFileLineAndField() throws Exception {
        ContractException e = failure("app_x", """
                app: app_x
                purpose: test
                tables:
                  - table: base.person
                    columns: [name, 'resident_id" FROM lake.base.person --']
                """);
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.field()).isEqualTo("tables[0].columns[1]");
        assertThat(e.getMessage()).contains("app_x.yaml:5").contains("lower-case letters");
    }

    @Test
    void aHostileAppNameIsRejected() throws Exception {
        ContractException e = failure("app_x", """
                app: 'app_x", "allow": "all'
                purpose: test
                tables: []
                """);
        assertThat(e.field()).isEqualTo("app");
        assertThat(e.line()).isEqualTo(1);
    }

    @Test
    void unknownTablesColumnsAndConditionsAreRejected() throws Exception {
        assertThat(failure("app_x", "app: app_x\npurpose: p\ntables:\n  - {table: base.nothing, columns: all}\n").getMessage())
                .contains("app_x.yaml:4").contains("no contract for table 'base.nothing'");
        assertThat(failure("app_x", "app: app_x\npurpose: p\ntables:\n  - {table: base.person, columns: [shoe_size]}\n").getMessage())
                .contains("has no column 'shoe_size'");
        assertThat(failure("app_x", "app: app_x\npurpose: p\ntables:\n  - table: base.person\n    columns: all\n    rows:\n      - {sql: '1=1'}\n").getMessage())
                .contains("app_x.yaml:7").contains("unknown field");
        assertThat(failure("app_x", "app: app_x\npurpose: p\ntables:\n  - table: base.place\n    columns: all\n    rows:\n      - equals: {column: floors, value: '3'}\n").getMessage())
                .contains("column 'floors' is int");
        assertThat(failure("app_y", "app: app_x\npurpose: p\ntables: []\n").getMessage()).contains("must be named after the app");
    }

    @Test
    void anAppMayNotReadAPersonalSensitiveColumnUnmasked() throws Exception {
        ContractException e = failure("app_x", """
                app: app_x
                purpose: test
                tables:
                  - table: base.person
                    columns: all
                    masking:
                      resident_id: {technique: none}
                """);
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.getMessage()).contains("personal-sensitive");
    }

    private ContractException failure(String name, String yaml) throws Exception {
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, yaml);
        try {
            AppFiles.load(f, CONTRACTS);
        } catch (ContractException e) {
            return e;
        }
        throw new AssertionError("expected " + f + " to be rejected");
    }
}
