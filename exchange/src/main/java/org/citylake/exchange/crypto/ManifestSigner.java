package org.citylake.exchange.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * HMAC over the canonical manifest text with a key shared with the peer. A keyed MAC (not a bare digest)
 * because whoever can change a data file in the bucket can also rewrite its digest in the manifest.
 */
public final class ManifestSigner {
    public static final String HMAC_SM3 = "HMAC-SM3";
    public static final String HMAC_SHA256 = "HMAC-SHA256";

    private final String algorithm;
    private final String keyId;
    private final byte[] key;

    public ManifestSigner(String algorithm, String keyId, byte[] key) {
        if (!HMAC_SM3.equals(algorithm) && !HMAC_SHA256.equals(algorithm)) {
            throw new IllegalArgumentException("Unknown manifest signature algorithm '" + algorithm + "' (known: " + HMAC_SM3 + ", " + HMAC_SHA256 + ")");
        }
        if (key == null || key.length < 16) {
            throw new IllegalArgumentException("The manifest signing key must have at least 16 bytes (128 bits)");
        }
        this.algorithm = algorithm;
        this.keyId = keyId;
        this.key = key.clone();
    }

    public String algorithm() {
        return algorithm;
    }

    public String keyId() {
        return keyId;
    }

    public String sign(String canonicalManifest) {
        return HexFormat.of().formatHex(mac(algorithm, key, canonicalManifest.getBytes(StandardCharsets.UTF_8)));
    }

    /** Constant-time comparison: a verifier must not tell an attacker how many leading bytes matched. */
    public boolean verify(String canonicalManifest, String signatureHex) {
        byte[] expected = mac(algorithm, key, canonicalManifest.getBytes(StandardCharsets.UTF_8));
        byte[] actual;
        try {
            actual = HexFormat.of().parseHex(signatureHex);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, actual);
    }

    static byte[] mac(String algorithm, byte[] key, byte[] data) {
        Digest digest = HMAC_SM3.equals(algorithm) ? new SM3Digest() : new SHA256Digest();
        HMac mac = new HMac(digest);
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return out;
    }
}
