package org.citylake.exchange.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.io.CipherOutputStream;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * SM4 (GB/T 32907-2016) in GCM mode for exchanged data files. GCM rather than CBC because it also
 * authenticates: a flipped ciphertext bit fails decryption instead of yielding altered rows. The 96-bit
 * IV is random per file and travels in the manifest (it is not secret, it must only never repeat).
 */
public final class Sm4FileCipher {
    public static final String ALGORITHM = "SM4/GCM/NoPadding";
    public static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    public Sm4FileCipher(byte[] key) {
        if (key == null || key.length != 16) {
            throw new IllegalArgumentException("An SM4 key has exactly 16 bytes (32 hex digits)");
        }
        this.key = key.clone();
    }

    public static byte[] newIv() {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        return iv;
    }

    public void encrypt(Path plain, Path encrypted, byte[] iv) throws IOException {
        transform(true, plain, encrypted, iv);
    }

    /**
     * Decrypts to {@code plain}. The tag is only checked at the end, so the output is written under a temp
     * name and moved into place only when it verified: nobody reads unauthenticated plaintext.
     */
    public void decrypt(Path encrypted, Path plain, byte[] iv) throws IOException {
        transform(false, encrypted, plain, iv);
    }

    private void transform(boolean encrypt, Path from, Path to, byte[] iv) throws IOException {
        if (iv == null || iv.length != IV_BYTES) {
            throw new IllegalArgumentException("SM4-GCM needs a " + IV_BYTES + "-byte IV");
        }
        GCMModeCipher gcm = GCMBlockCipher.newInstance(new SM4Engine());
        gcm.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_BITS, iv));
        Path tmp = to.resolveSibling(to.getFileName() + ".part");
        try {
            try (InputStream in = Files.newInputStream(from);
                 OutputStream out = new CipherOutputStream(Files.newOutputStream(tmp), gcm)) {
                in.transferTo(out);
            }
            Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
