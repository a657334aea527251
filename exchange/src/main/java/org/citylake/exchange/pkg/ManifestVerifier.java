package org.citylake.exchange.pkg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.citylake.exchange.crypto.FileDigests;
import org.citylake.exchange.crypto.ManifestSigner;
import org.citylake.exchange.crypto.Sm4FileCipher;

/**
 * Checks a downloaded package before anything of it is applied: the manifest parses and is signed with
 * the shared key, every listed file is there with its size, SHA-256 and SM3, decrypts, and holds the
 * rows the manifest claims. Every failure is a {@link Problem} with a precise reason; a package with
 * any problem is not applied at all.
 */
public final class ManifestVerifier {
    private final ManifestSigner signer;
    private final Optional<Sm4FileCipher> cipher;

    public ManifestVerifier(ManifestSigner signer, Optional<Sm4FileCipher> cipher) {
        this.signer = signer;
        this.cipher = cipher;
    }

    public enum Kind {
        MALFORMED_MANIFEST, UNSIGNED, BAD_SIGNATURE, MISSING_FILE, UNEXPECTED_FILE, SIZE_MISMATCH, SHA256_MISMATCH, SM3_MISMATCH,
        NO_DECRYPTION_KEY, DECRYPTION_FAILED, ROW_COUNT_MISMATCH, UNREADABLE_FILE
    }

    public record Problem(Kind kind, String file, String detail) {
        @Override
        public String toString() {
            return kind.name().toLowerCase() + (file == null ? "" : " [" + file + "]") + ": " + detail;
        }
    }

    /** The outcome: the manifest (when it could be read), problems, and the plaintext file of each data file. */
    public record Verification(PackageManifest manifest, List<Problem> problems, Map<String, Path> plainFiles) {
        public boolean ok() {
            return problems.isEmpty();
        }

        public String reason() {
            return problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
        }
    }

    public Verification verify(Path dir) {
        List<Problem> problems = new ArrayList<>();
        PackageManifest manifest;
        try {
            manifest = ExchangePackage.open(dir).manifest();
        } catch (IllegalArgumentException e) {
            return new Verification(null, List.of(new Problem(Kind.MALFORMED_MANIFEST, PackageManifest.FILE_NAME, e.getMessage())), Map.of());
        }
        if (manifest.signature() == null) {
            return failed(manifest, new Problem(Kind.UNSIGNED, PackageManifest.FILE_NAME, "the manifest carries no signature"));
        }
        if (!manifest.signature().algorithm().equals(signer.algorithm())
                || !signer.verify(manifest.withSignature(null).canonical(), manifest.signature().value())) {
            // Nothing else is checked: digests from an unauthenticated manifest prove nothing.
            return failed(manifest, new Problem(Kind.BAD_SIGNATURE, PackageManifest.FILE_NAME, manifest.signature().algorithm()
                    + " signature (key " + manifest.signature().keyId() + ") does not match the manifest content"));
        }
        for (PackageFile f : manifest.files()) {
            checkDigests(dir, f, problems);
        }
        Set<String> listed = manifest.files().stream().map(PackageFile::name).collect(Collectors.toSet());
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals(PackageManifest.FILE_NAME) && !listed.contains(n) && !n.endsWith(".plain") && !n.endsWith(".part"))
                    .sorted()
                    .forEach(n -> problems.add(new Problem(Kind.UNEXPECTED_FILE, n, "is in the package but not in the manifest")));
        } catch (IOException e) {
            problems.add(new Problem(Kind.UNREADABLE_FILE, null, "cannot list " + dir + ": " + e.getMessage()));
        }
        if (!problems.isEmpty()) {
            return new Verification(manifest, List.copyOf(problems), Map.of());
        }
        Map<String, Path> plain = new LinkedHashMap<>();
        for (PackageFile f : manifest.files()) {
            Path stored = ExchangePackage.resolve(dir, f.name());
            Path p = stored;
            if (f.encrypted()) {
                if (cipher.isEmpty()) {
                    problems.add(new Problem(Kind.NO_DECRYPTION_KEY, f.name(), "the file is " + manifest.encryption() + " encrypted and no SM4 key is configured"));
                    continue;
                }
                p = dir.resolve(f.name() + ".plain");
                try {
                    cipher.get().decrypt(stored, p, HexFormat.of().parseHex(f.iv()));
                } catch (IOException | RuntimeException e) {
                    problems.add(new Problem(Kind.DECRYPTION_FAILED, f.name(), "SM4-GCM authentication failed (wrong key or altered ciphertext): " + e.getMessage()));
                    continue;
                }
            }
            try {
                long actual = RowCounter.count(p, manifest.format());
                if (actual != f.rows()) {
                    problems.add(new Problem(Kind.ROW_COUNT_MISMATCH, f.name(), "manifest says " + f.rows() + " rows, the file holds " + actual));
                }
            } catch (IOException | RuntimeException e) {
                problems.add(new Problem(Kind.UNREADABLE_FILE, f.name(), "cannot count rows as " + manifest.format().code() + ": " + e.getMessage()));
            }
            plain.put(f.name(), p);
        }
        return new Verification(manifest, List.copyOf(problems), problems.isEmpty() ? Map.copyOf(plain) : Map.of());
    }

    private static void checkDigests(Path dir, PackageFile f, List<Problem> problems) {
        Path p = ExchangePackage.resolve(dir, f.name());
        if (!Files.isRegularFile(p)) {
            problems.add(new Problem(Kind.MISSING_FILE, f.name(), "listed in the manifest but not in the package"));
            return;
        }
        FileDigests d;
        try {
            d = FileDigests.of(p);
        } catch (IOException e) {
            problems.add(new Problem(Kind.UNREADABLE_FILE, f.name(), e.getMessage()));
            return;
        }
        if (d.bytes() != f.bytes()) {
            problems.add(new Problem(Kind.SIZE_MISMATCH, f.name(), "manifest says " + f.bytes() + " bytes, the file has " + d.bytes()));
        }
        if (!d.sha256().equals(f.sha256())) {
            problems.add(new Problem(Kind.SHA256_MISMATCH, f.name(), "SHA-256 " + d.sha256() + " differs from the manifest's " + f.sha256()));
        }
        if (!d.sm3().equals(f.sm3())) {
            problems.add(new Problem(Kind.SM3_MISMATCH, f.name(), "SM3 " + d.sm3() + " differs from the manifest's " + f.sm3()));
        }
    }

    private static Verification failed(PackageManifest m, Problem p) {
        return new Verification(m, List.of(p), Map.of());
    }
}
