package org.citylake.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrinoPasswordsTest {
    @TempDir
    Path home;

    private Profile profile() throws Exception {
        Files.createDirectories(home.resolve("conf/profiles"));
        Files.writeString(home.resolve("conf/profiles/local.yaml"), "name: local\nstate.dir: state\ntrino.auth: password\n");
        return Profile.load("local", home, k -> null, k -> null);
    }

    @Test
    void passwordsAreGeneratedOnceIntoAPrivateFileAndKept() throws Exception {
        Profile p = profile();
        TrinoPasswords pw = TrinoPasswords.of(p, k -> null);
        String admin = pw.password("citylake");
        String app = pw.password("app_eldercare");
        assertThat(admin).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo(app);
        assertThat(TrinoPasswords.of(p, k -> null).password("citylake")).isEqualTo(admin);
        Path file = TrinoPasswords.file(p);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(pw.source("app_eldercare")).isEqualTo(file + " (key user.app_eldercare)").doesNotContain(app);
        assertThat(pw.sharedSecret()).isNotBlank().isEqualTo(TrinoPasswords.of(p, k -> null).sharedSecret()).isNotEqualTo(admin);
    }

    @Test
    void anEnvironmentVariableNamesAUsersPassword() throws Exception {
        Map<String, String> env = Map.of("CITYLAKE_TRINO_PASSWORD_APP_ELDERCARE", "correct horse battery");
        TrinoPasswords pw = TrinoPasswords.of(profile(), env::get);
        assertThat(TrinoPasswords.envName("app_eldercare")).isEqualTo("CITYLAKE_TRINO_PASSWORD_APP_ELDERCARE");
        assertThat(pw.password("app_eldercare")).isEqualTo("correct horse battery");
        assertThat(pw.source("app_eldercare")).isEqualTo("$CITYLAKE_TRINO_PASSWORD_APP_ELDERCARE");
    }

    @Test
    void thePasswordFileHoldsOnlyBcryptHashesTrinoAccepts() throws Exception {
        Map<String, String> env = Map.of("CITYLAKE_TRINO_PASSWORD_APP_MARKET", "market-pass-1");
        TrinoPasswords pw = TrinoPasswords.of(profile(), env::get);
        String db = pw.passwordDb(List.of("citylake", "app_market"));
        List<String> lines = db.lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("app_market:$2y$10$");
        assertThat(lines.get(1)).startsWith("citylake:$2y$10$");
        String hash = lines.get(0).substring("app_market:".length());
        assertThat(OpenBSDBCrypt.checkPassword(hash, "market-pass-1".toCharArray())).isTrue();
        assertThat(OpenBSDBCrypt.checkPassword(hash, "market-pass-2".toCharArray())).isFalse();
        assertThat(db).doesNotContain("market-pass-1", pw.password("citylake"));
    }

    @Test
    void aUserNameThatCouldBreakThePasswordFileIsRefused() throws Exception {
        TrinoPasswords pw = TrinoPasswords.of(profile(), k -> null);
        assertThatThrownBy(() -> pw.password("evil:$2y$\nroot")).hasMessageContaining("Not a Trino user name");
    }
}
