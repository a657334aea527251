package org.citylake.exchange.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SM3Digest;

/**
 * SHA-256 and SM3 of one file, computed in a single pass: the international digest for peers that only
 * check SHA-256, the national one for GB/T 39786 compliance. Both over the bytes as stored (after
 * encryption), so a package can be checked before anyone holds the decryption key.
 */
public record FileDigests(long bytes, String sha256, String sm3) {

    public static FileDigests of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return of(in);
        }
    }

    public static FileDigests of(InputStream in) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java 17 runtime has SHA-256", e);
        }
        SM3Digest sm3 = new SM3Digest();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            sha.update(buf, 0, n);
            sm3.update(buf, 0, n);
            total += n;
        }
        byte[] sm3Out = new byte[sm3.getDigestSize()];
        sm3.doFinal(sm3Out, 0);
        HexFormat hex = HexFormat.of();
        return new FileDigests(total, hex.formatHex(sha.digest()), hex.formatHex(sm3Out));
    }
}
