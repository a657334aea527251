package org.citylake.exchange.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sm4FileCipherTest {
    static final byte[] KEY = HexFormat.of().parseHex("0123456789abcdeffedcba9876543210");

    /** GB/T 32907-2016 appendix A, example 1: the block cipher Sm4FileCipher runs in GCM. */
    @Test
    void engineMatchesTheStandardsTestVector() {
        SM4Engine e = new SM4Engine();
        e.init(true, new KeyParameter(KEY));
        byte[] out = new byte[16];
        e.processBlock(KEY, 0, out, 0);
        assertThat(HexFormat.of().formatHex(out)).isEqualTo("681edf34d206965e86b3e94f536e4246");
    }

    @Test
    void roundTripRestoresTheBytesAndCiphertextDiffers(@TempDir Path dir) throws Exception {
        byte[] data = new byte[300_000];
        new Random(1).nextBytes(data);
        Path plain = Files.write(dir.resolve("a.parquet"), data);
        Sm4FileCipher c = new Sm4FileCipher(KEY);
        byte[] iv = Sm4FileCipher.newIv();
        c.encrypt(plain, dir.resolve("a.sm4"), iv);
        byte[] enc = Files.readAllBytes(dir.resolve("a.sm4"));
        assertThat(enc).hasSize(data.length + 16); // GCM tag
        assertThat(java.util.Arrays.copyOf(enc, 64)).isNotEqualTo(java.util.Arrays.copyOf(data, 64));
        c.decrypt(dir.resolve("a.sm4"), dir.resolve("back"), iv);
        assertThat(Files.readAllBytes(dir.resolve("back"))).isEqualTo(data);
        assertThat(Sm4FileCipher.newIv()).isNotEqualTo(Sm4FileCipher.newIv());
    }

    @Test
    void aFlippedBitOrWrongKeyFailsAndLeavesNoPlaintext(@TempDir Path dir) throws Exception {
        Path plain = Files.writeString(dir.resolve("a.csv"), "id,name\n1,张三\n");
        Sm4FileCipher c = new Sm4FileCipher(KEY);
        byte[] iv = Sm4FileCipher.newIv();
        c.encrypt(plain, dir.resolve("a.sm4"), iv);
        byte[] enc = Files.readAllBytes(dir.resolve("a.sm4"));
        enc[3] ^= 1;
        Files.write(dir.resolve("bad.sm4"), enc);
        assertThatThrownBy(() -> c.decrypt(dir.resolve("bad.sm4"), dir.resolve("out"), iv)).isInstanceOf(Exception.class);
        assertThat(dir.resolve("out")).doesNotExist();
        Sm4FileCipher other = new Sm4FileCipher(HexFormat.of().parseHex("00112233445566778899aabbccddeeff"));
        assertThatThrownBy(() -> other.decrypt(dir.resolve("a.sm4"), dir.resolve("out"), iv)).isInstanceOf(Exception.class);
        assertThat(dir.resolve("out")).doesNotExist();
        assertThatThrownBy(() -> new Sm4FileCipher(new byte[8])).hasMessageContaining("16 bytes");
    }
}
