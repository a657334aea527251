package org.citylake.exchange.crypto;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Keyed pseudonyms for join keys that leave the district (GB/T 37964 pseudonymisation): HMAC-SM3 of the
 * value under a key shared with the peer only.
 *
 * <p>Why keyed: an 18-character resident ID has few enough plausible values (6-digit division × birth
 * date × 3-digit sequence × check digit) that a bare SHA-256 or SM3 of it is reversed by enumeration in
 * hours; without the key nobody outside the agreement can do that, while both sides get the same
 * pseudonym for the same person and can join on it. HMAC-SM3 keeps the exchange inside the commercial
 * cryptography the Cryptography Law asks of government data.
 *
 * <p>Serializable because Spark ships it to executors inside the masking function's closure; the key
 * never appears in SQL text, plans or logs.
 */
public final class Pseudonymizer implements Serializable {
    private static final long serialVersionUID = 1L;

    private final byte[] key;

    public Pseudonymizer(byte[] key) {
        if (key == null || key.length < 16) {
            throw new IllegalArgumentException("The pseudonym key must have at least 16 bytes (128 bits)");
        }
        this.key = key.clone();
    }

    /** Lower-case hex HMAC-SM3 of the value's UTF-8 bytes; null stays null (absence is not a value). */
    public String pseudonym(String value) {
        if (value == null) {
            return null;
        }
        return HexFormat.of().formatHex(ManifestSigner.mac(ManifestSigner.HMAC_SM3, key, value.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return "Pseudonymizer[HMAC-SM3]"; // never the key
    }
}
