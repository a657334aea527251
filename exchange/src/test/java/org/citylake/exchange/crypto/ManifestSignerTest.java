package org.citylake.exchange.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.junit.jupiter.api.Test;

class ManifestSignerTest {
    static final byte[] KEY = "district-city-shared-key-0001".getBytes(StandardCharsets.US_ASCII);

    @Test
    void hmacSm3IsTheRfc2104ConstructionOverSm3() {
        String text = "{\"package_id\":\"p1\"}";
        // RFC 2104 by hand: H((K ^ opad) || H((K ^ ipad) || m)), block size 64 for SM3.
        byte[] k = Arrays.copyOf(KEY, 64);
        byte[] ipad = new byte[64];
        byte[] opad = new byte[64];
        for (int i = 0; i < 64; i++) {
            ipad[i] = (byte) (k[i] ^ 0x36);
            opad[i] = (byte) (k[i] ^ 0x5c);
        }
        byte[] inner = sm3(concat(ipad, text.getBytes(StandardCharsets.UTF_8)));
        String expected = HexFormat.of().formatHex(sm3(concat(opad, inner)));

        assertThat(new ManifestSigner(ManifestSigner.HMAC_SM3, "k1", KEY).sign(text)).isEqualTo(expected);
    }

    @Test
    void aChangedCharacterOrKeyFailsVerification() {
        ManifestSigner signer = new ManifestSigner(ManifestSigner.HMAC_SM3, "k1", KEY);
        String sig = signer.sign("{\"rows\":10}");
        assertThat(signer.verify("{\"rows\":10}", sig)).isTrue();
        assertThat(signer.verify("{\"rows\":11}", sig)).isFalse();
        assertThat(new ManifestSigner(ManifestSigner.HMAC_SM3, "k2", "another-shared-key-0002".getBytes(StandardCharsets.US_ASCII))
                .verify("{\"rows\":10}", sig)).isFalse();
        assertThat(signer.verify("{\"rows\":10}", "not hex")).isFalse();
    }

    @Test
    void sha256VariantDiffersAndShortKeysAreRefused() {
        assertThat(new ManifestSigner(ManifestSigner.HMAC_SHA256, "k1", KEY).sign("x"))
                .isNotEqualTo(new ManifestSigner(ManifestSigner.HMAC_SM3, "k1", KEY).sign("x"));
        assertThatThrownBy(() -> new ManifestSigner(ManifestSigner.HMAC_SM3, "k", new byte[8])).hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> new ManifestSigner("MD5", "k", KEY)).hasMessageContaining("Unknown");
    }

    static byte[] sm3(byte[] in) {
        SM3Digest d = new SM3Digest();
        d.update(in, 0, in.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
