package org.citylake.exchange.pkg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.citylake.exchange.crypto.FileDigests;
import org.citylake.exchange.crypto.ManifestSigner;
import org.citylake.exchange.crypto.Sm4FileCipher;

/**
 * A package on local disk: a directory named by the package id, its data files, and {@code manifest.json}.
 * The manifest is written last and atomically, so a directory without one is a package still being
 * built (or abandoned by a crash) and is never mistaken for a complete one.
 */
public record ExchangePackage(Path dir, PackageManifest manifest) {

    /**
     * Seals the data files already written in {@code dir} (name → row count): encrypts them when a cipher
     * is given, digests the stored bytes, signs and writes the manifest.
     */
    public static ExchangePackage seal(Path dir, PackageHeader header, Map<String, Long> rowsByFile, ManifestSigner signer,
                                       Optional<Sm4FileCipher> cipher, Clock clock) {
        try {
            List<PackageFile> files = new ArrayList<>();
            for (Map.Entry<String, Long> e : rowsByFile.entrySet()) {
                Path plain = resolve(dir, e.getKey());
                String storedName = e.getKey();
                String iv = null;
                if (cipher.isPresent()) {
                    storedName = e.getKey() + ".sm4";
                    byte[] ivBytes = Sm4FileCipher.newIv();
                    cipher.get().encrypt(plain, resolve(dir, storedName), ivBytes);
                    Files.delete(plain);
                    iv = HexFormat.of().formatHex(ivBytes);
                }
                FileDigests d = FileDigests.of(resolve(dir, storedName));
                files.add(new PackageFile(storedName, e.getValue(), d.bytes(), d.sha256(), d.sm3(), iv));
            }
            PackageManifest manifest = new PackageManifest(PackageManifest.FORMAT_VERSION, header.packageId(), header.subscription(),
                    header.table(), header.changeKind(), header.format(), header.schema(), header.snapshots(), files,
                    cipher.isPresent() ? Sm4FileCipher.ALGORITHM : null, clock.instant(), header.producer(), null).signed(signer);
            writeManifest(dir, manifest);
            return new ExchangePackage(dir, manifest);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot seal package " + header.packageId() + " in " + dir, e);
        }
    }

    /** Reads a sealed package; fails with a reason when there is no manifest or it cannot be read. */
    public static ExchangePackage open(Path dir) {
        Path m = dir.resolve(PackageManifest.FILE_NAME);
        if (!Files.isRegularFile(m)) {
            throw new PackageManifest.MalformedManifestException("no " + PackageManifest.FILE_NAME + " in " + dir + " (incomplete package)");
        }
        try {
            return new ExchangePackage(dir, PackageManifest.parse(Files.readString(m, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + m, e);
        }
    }

    public static boolean isSealed(Path dir) {
        return Files.isRegularFile(dir.resolve(PackageManifest.FILE_NAME));
    }

    public Path manifestFile() {
        return dir.resolve(PackageManifest.FILE_NAME);
    }

    public Path file(String name) {
        return resolve(dir, name);
    }

    /** Resolves a manifest-named file inside {@code dir}, never outside it. */
    public static Path resolve(Path dir, String name) {
        Path p = dir.resolve(SafeNames.fileName(name)).normalize();
        if (!p.getParent().equals(dir.normalize())) {
            throw new SafeNames.UnsafeNameException("file name '" + name + "' leaves the package directory");
        }
        return p;
    }

    static void writeManifest(Path dir, PackageManifest manifest) throws IOException {
        Path tmp = dir.resolve(PackageManifest.FILE_NAME + ".tmp");
        Files.writeString(tmp, manifest.toJson(), StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(PackageManifest.FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
