package org.citylake.warehouse.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.citylake.warehouse.Profile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppFileEditorTest {
    @TempDir
    Path dir;
    AppFileEditor editor;

    @BeforeEach
    void copyTheShippedApps() throws Exception {
        for (String app : List.of("app_eldercare", "app_market", "app_citymgmt")) {
            Files.copy(Profile.home().resolve("conf/apps/" + app + ".yaml"), dir.resolve(app + ".yaml"));
        }
        editor = new AppFileEditor(dir, AppFilesTest.CONTRACTS);
    }

    @Test
    void grantAppendsAnEntryAndKeepsTheComments() throws Exception {
        AppFile a = editor.grant("app_market", "base.place", List.of("place_id", "address"));
        assertThat(a.grant("base.place").orElseThrow().columns()).containsExactly("place_id", "address");
        assertThat(a.grants()).hasSize(3);
        assertThat(Files.readString(dir.resolve("app_market.yaml"))).startsWith("# 市场监管");
    }

    @Test
    void revokeRemovesTheWholeEntryIncludingItsRowsAndMasking() throws Exception {
        AppFile a = editor.revoke("app_market", "base.certificate");
        assertThat(a.grants()).extracting(AppGrant::table).containsExactly("base.legal_entity");
        assertThat(Files.readString(dir.resolve("app_market.yaml"))).doesNotContain("食品经营许可证");
        AppFile b = editor.revoke("app_eldercare", "base.person");
        assertThat(b.grants()).isEmpty();
        assertThat(editor.grant("app_eldercare", "base.person", List.of()).grant("base.person").orElseThrow().allColumns()).isTrue();
    }

    @Test
    void aGrantThatDoesNotValidateLeavesTheFileUntouched() throws Exception {
        String before = Files.readString(dir.resolve("app_citymgmt.yaml"));
        assertThatThrownBy(() -> editor.grant("app_citymgmt", "base.person", List.of("shoe_size")))
                .hasMessageContaining("Not changed").hasMessageContaining("shoe_size");
        assertThatThrownBy(() -> editor.grant("app_citymgmt", "base.person", List.of("name]\n  - table: base.person")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.readString(dir.resolve("app_citymgmt.yaml"))).isEqualTo(before);
        assertThat(dir.resolve("app_citymgmt.yaml.bak")).doesNotExist();
    }
}
