package org.citylake.exchange.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Sm3Test {
    /** GB/T 32905-2016 appendix A, example 1. */
    @Test
    void abcGivesTheStandardsDigest() {
        assertThat(Sm3.hex("abc")).isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    }

    /** GB/T 32905-2016 appendix A, example 2: 512 bits, so two compression rounds with padding. */
    @Test
    void sixtyFourBytesGiveTheStandardsDigest() {
        assertThat(Sm3.hex("abcd".repeat(16))).isEqualTo("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
    }

    @Test
    void fileDigestsAgreeWithTheOneShotDigestAndSha256() throws Exception {
        FileDigests d = FileDigests.of(new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)));
        assertThat(d.bytes()).isEqualTo(3);
        assertThat(d.sm3()).isEqualTo(Sm3.hex("abc"));
        // FIPS 180-2 "abc"
        assertThat(d.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
