package org.citylake.exchange.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.citylake.exchange.crypto.ManifestSigner;
import org.citylake.exchange.crypto.Sm4FileCipher;
import org.citylake.exchange.pkg.ManifestVerifier.Kind;
import org.citylake.exchange.pkg.ManifestVerifier.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestVerifierTest {
    static final ManifestSigner SIGNER = new ManifestSigner(ManifestSigner.HMAC_SM3, "city-2026",
            "district-city-shared-key-0001".getBytes(StandardCharsets.US_ASCII));
    static final Sm4FileCipher CIPHER = new Sm4FileCipher(HexFormat.of().parseHex("0123456789abcdeffedcba9876543210"));
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T08:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    ExchangePackage csvPackage(Map<String, Long> claimedRows, Optional<Sm4FileCipher> cipher) throws Exception {
        Files.writeString(dir.resolve("part-00000.csv"), "resident_id,name\n110101********1234,张*\n110101********5678,\"李,四\"\n", RowCounter.GBK);
        Files.writeString(dir.resolve("part-00001.csv"), "resident_id,name\n320102********0011,王*\n", RowCounter.GBK);
        PackageHeader h = new PackageHeader("city-person.s0-42", "city-person", "base.person", PackageManifest.ChangeKind.APPEND,
                PackageManifest.DataFormat.CSV_GBK, List.of(new PackageColumn("resident_id", "string", "mask(6,4)"),
                new PackageColumn("name", "string", "mask(1,0)")), new SnapshotRange(null, 42L), "district-test");
        return ExchangePackage.seal(dir, h, claimedRows, SIGNER, cipher, CLOCK);
    }

    static Map<String, Long> rows(long first, long second) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("part-00000.csv", first);
        m.put("part-00001.csv", second);
        return m;
    }

    ManifestVerifier verifier() {
        return new ManifestVerifier(SIGNER, Optional.of(CIPHER));
    }

    @Test
    void anIntactPackageVerifiesAndTheManifestRoundTrips() throws Exception {
        ExchangePackage p = csvPackage(rows(2, 1), Optional.empty());
        ManifestVerifier.Verification v = verifier().verify(dir);
        assertThat(v.problems()).isEmpty();
        assertThat(v.manifest().totalRows()).isEqualTo(3);
        assertThat(v.plainFiles()).containsKeys("part-00000.csv", "part-00001.csv");
        PackageManifest reread = PackageManifest.parse(Files.readString(p.manifestFile()));
        assertThat(reread).isEqualTo(p.manifest());
        assertThat(reread.canonical()).isEqualTo(p.manifest().canonical()).doesNotContain("signature");
        assertThat(Files.readString(p.manifestFile())).contains("\"sm3\"", "\"sha256\"", "\"signature\"", "HMAC-SM3");
    }

    @Test
    void oneChangedByteIsADigestError() throws Exception {
        csvPackage(rows(2, 1), Optional.empty());
        Path f = dir.resolve("part-00001.csv");
        byte[] b = Files.readAllBytes(f);
        b[b.length - 3] ^= 0x01;
        Files.write(f, b);
        ManifestVerifier.Verification v = verifier().verify(dir);
        assertThat(v.problems()).extracting(Problem::kind).containsExactly(Kind.SHA256_MISMATCH, Kind.SM3_MISMATCH);
        assertThat(v.problems()).allMatch(p -> p.file().equals("part-00001.csv"));
        assertThat(v.plainFiles()).isEmpty();
    }

    @Test
    void aMissingFileIsNamed() throws Exception {
        csvPackage(rows(2, 1), Optional.empty());
        Files.delete(dir.resolve("part-00000.csv"));
        assertThat(verifier().verify(dir).problems()).containsExactly(
                new Problem(Kind.MISSING_FILE, "part-00000.csv", "listed in the manifest but not in the package"));
    }

    @Test
    void aWrongRowCountIsCaughtEvenWhenSignedAndDigestsMatch() throws Exception {
        csvPackage(rows(2, 5), Optional.empty());
        ManifestVerifier.Verification v = verifier().verify(dir);
        assertThat(v.problems()).extracting(Problem::kind).containsExactly(Kind.ROW_COUNT_MISMATCH);
        assertThat(v.reason()).contains("part-00001.csv", "manifest says 5 rows, the file holds 1");
    }

    @Test
    void anEditedManifestOrAnotherKeyIsABadSignature() throws Exception {
        ExchangePackage p = csvPackage(rows(2, 1), Optional.empty());
        String json = Files.readString(p.manifestFile());
        Files.writeString(p.manifestFile(), json.replace("\"table\" : \"base.person\"", "\"table\" : \"base.company\""));
        assertThat(verifier().verify(dir).problems()).extracting(Problem::kind).containsExactly(Kind.BAD_SIGNATURE);

        Files.writeString(p.manifestFile(), json);
        ManifestSigner other = new ManifestSigner(ManifestSigner.HMAC_SM3, "other", "some-other-shared-key-99".getBytes(StandardCharsets.US_ASCII));
        assertThat(new ManifestVerifier(other, Optional.empty()).verify(dir).problems()).extracting(Problem::kind).containsExactly(Kind.BAD_SIGNATURE);
        assertThat(verifier().verify(dir).ok()).isTrue();
    }

    @Test
    void aManifestNamingAPathOutsideThePackageIsRefused() throws Exception {
        ExchangePackage p = csvPackage(rows(2, 1), Optional.empty());
        String json = Files.readString(p.manifestFile());
        Files.writeString(p.manifestFile(), json.replace("\"name\" : \"part-00000.csv\"", "\"name\" : \"../../etc/passwd\""));
        ManifestVerifier.Verification v = verifier().verify(dir);
        assertThat(v.problems()).extracting(Problem::kind).containsExactly(Kind.MALFORMED_MANIFEST);
        assertThat(v.reason()).contains("path separator");
    }

    @Test
    void noManifestMeansAnIncompletePackage() throws Exception {
        csvPackage(rows(2, 1), Optional.empty());
        Files.delete(dir.resolve(PackageManifest.FILE_NAME));
        assertThat(verifier().verify(dir).reason()).contains("malformed_manifest", "incomplete package");
    }

    @Test
    void anEncryptedPackageDecryptsAndCountsRows() throws Exception {
        ExchangePackage p = csvPackage(rows(2, 1), Optional.of(CIPHER));
        assertThat(p.manifest().encryption()).isEqualTo(Sm4FileCipher.ALGORITHM);
        assertThat(p.manifest().files()).allMatch(f -> f.name().endsWith(".csv.sm4") && f.iv().length() == 24);
        assertThat(dir.resolve("part-00000.csv")).doesNotExist();
        ManifestVerifier.Verification v = verifier().verify(dir);
        assertThat(v.problems()).isEmpty();
        assertThat(Files.readString(v.plainFiles().get("part-00000.csv.sm4"), RowCounter.GBK)).contains("张*");

        assertThat(new ManifestVerifier(SIGNER, Optional.empty()).verify(dir).problems())
                .extracting(Problem::kind).containsOnly(Kind.NO_DECRYPTION_KEY);
        Sm4FileCipher wrong = new Sm4FileCipher(HexFormat.of().parseHex("00112233445566778899aabbccddeeff"));
        assertThat(new ManifestVerifier(SIGNER, Optional.of(wrong)).verify(dir).problems())
                .extracting(Problem::kind).containsOnly(Kind.DECRYPTION_FAILED);
    }

    @Test
    void anExtraFileIsReported() throws Exception {
        csvPackage(rows(2, 1), Optional.empty());
        Files.writeString(dir.resolve("part-99999.csv"), "x\n");
        assertThat(verifier().verify(dir).problems()).extracting(Problem::kind).containsExactly(Kind.UNEXPECTED_FILE);
    }
}
