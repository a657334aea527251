package org.citylake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.citylake.exchange.crypto.ManifestSigner;
import org.citylake.exchange.crypto.Sm4FileCipher;
import org.citylake.exchange.pkg.ExchangePackage;
import org.citylake.exchange.pkg.PackageColumn;
import org.citylake.exchange.pkg.PackageHeader;
import org.citylake.exchange.pkg.PackageManifest;
import org.citylake.exchange.pkg.RowCounter;
import org.citylake.exchange.pkg.SnapshotRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code citylake exchange verify} on a local package, with the keys city-person.yaml names. */
class ExchangeVerifyCommandTest {
    static final Map<String, String> ENV = Map.of("CITYLAKE_CITY_SIGNING_KEY", "00112233445566778899aabbccddeeff00112233",
            "CITYLAKE_CITY_SM4_KEY", "0123456789abcdeffedcba9876543210");

    @TempDir
    Path dir;

    int verify(Path pkg, ByteArrayOutputStream out) {
        ExchangeCommand.Verify v = new ExchangeCommand.Verify();
        v.env = ENV::get;
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true));
        try {
            return new CommandLine(v).execute("--subscription", "city-person", pkg.toString());
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void anIntactPackagePassesAndOneChangedByteFailsWithExitCode3() throws Exception {
        Path pkg = Files.createDirectories(dir.resolve("city-person.base_person.start-42"));
        Files.writeString(pkg.resolve("part-00000.csv"), "resident_id,name,_op\n110101********1234,张*,I\n", RowCounter.GBK);
        ExchangePackage.seal(pkg, new PackageHeader("city-person.base_person.start-42", "city-person", "base.person",
                        PackageManifest.ChangeKind.APPEND, PackageManifest.DataFormat.CSV_GBK,
                        List.of(new PackageColumn("resident_id", "string", "mask(6,4)"), new PackageColumn("name", "string", "mask(1,0)"),
                                new PackageColumn("_op", "string", "none")), new SnapshotRange(null, 42L), "test"),
                Map.of("part-00000.csv", 1L), new ManifestSigner(ManifestSigner.HMAC_SM3, "city-2026", HexFormat.of().parseHex(ENV.get("CITYLAKE_CITY_SIGNING_KEY"))),
                Optional.of(new Sm4FileCipher(HexFormat.of().parseHex(ENV.get("CITYLAKE_CITY_SM4_KEY")))), Clock.systemUTC());
        ByteArrayOutputStream ok = new ByteArrayOutputStream();
        assertThat(verify(pkg, ok)).isZero();
        assertThat(ok.toString()).contains("intact", "1 rows", "digests verified", "HMAC-SM3");

        Path f = pkg.resolve("part-00000.csv.sm4");
        byte[] b = Files.readAllBytes(f);
        b[5] ^= 0x10;
        Files.write(f, b);
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        assertThat(verify(pkg, bad)).isEqualTo(3);
        assertThat(bad.toString()).contains("REJECTED", "sha256_mismatch [part-00000.csv.sm4]", "sm3_mismatch");
    }
}
