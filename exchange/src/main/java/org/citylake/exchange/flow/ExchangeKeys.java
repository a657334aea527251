package org.citylake.exchange.flow;

import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import org.citylake.exchange.crypto.ManifestSigner;
import org.citylake.exchange.crypto.Pseudonymizer;
import org.citylake.exchange.crypto.Sm4FileCipher;
import org.citylake.exchange.subscription.Subscription;

/** Resolves a subscription's signing and SM4 keys from the environment variables it names (hex text). */
public final class ExchangeKeys {
    private ExchangeKeys() {
    }

    public static ManifestSigner signer(Subscription s, Function<String, String> env) {
        return new ManifestSigner(s.security().signature(), s.security().keyId(), hex(env, s.security().signingKeyEnv(), "signing key"));
    }

    public static Optional<Sm4FileCipher> cipher(Subscription s, Function<String, String> env) {
        return s.security().encryptionKeyEnv().map(name -> new Sm4FileCipher(hex(env, name, "SM4 key")));
    }

    /** The pseudonym key when the subscription pseudonymises a column (the loader insists it names one then). */
    public static Optional<Pseudonymizer> pseudonymizer(Subscription s, Function<String, String> env) {
        return s.security().pseudonymKeyEnv().map(name -> new Pseudonymizer(hex(env, name, "pseudonym key")));
    }

    private static byte[] hex(Function<String, String> env, String name, String what) {
        String v = env.apply(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("Set " + name + " to the " + what + " (hex) shared with the peer");
        }
        try {
            return HexFormat.of().parseHex(v.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " must hold the " + what + " as hex digits");
        }
    }
}
