package org.citylake.warehouse.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Function;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.SqlText;

/**
 * The secret of the keyed hash (HMAC-SHA256) that pseudonymises join keys (GB/T 37964). It comes from
 * {@code CITYLAKE_SERVING_HASH_KEY} or the profile's {@code serving.hash.key}; failing both, one is generated
 * once and kept under the state dir (mode 600), so pseudonyms stay stable from one publish to the next.
 *
 * <p>The key is never written into a view definition — an app can read its own views' SQL through
 * {@code information_schema.views}, and with the key it could hash every possible ID and undo the
 * pseudonyms. Views cross-join a one-row table that only the admin user may read instead.
 */
public final class PseudonymKey {
    public static final String SCHEMA = "serving_secret";
    static final String TABLE = "pseudonym_key";
    static final String COLUMN = "hmac_key";
    static final String ENV = "CITYLAKE_SERVING_HASH_KEY";
    static final String SETTING = "serving.hash.key";

    private final byte[] key;

    private PseudonymKey(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("the serving hash key must be at least 16 bytes");
        }
        this.key = key.clone();
    }

    public static PseudonymKey resolve(Profile profile, Function<String, String> env) {
        String configured = env.apply(ENV);
        if (configured == null || configured.isBlank()) {
            configured = profile.get(SETTING, "");
        }
        if (!configured.isBlank()) {
            return new PseudonymKey(configured.getBytes(StandardCharsets.UTF_8));
        }
        Path file = profile.stateDir().resolve("serving/pseudonym.key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Path tmp = Files.createTempFile(file.getParent(), "key", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tmp, HexFormat.of().formatHex(fresh));
                Files.move(tmp, file);
            }
            return new PseudonymKey(HexFormat.of().parseHex(Files.readString(file).strip()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the pseudonym key at " + file, e);
        }
    }

    public static String tableName(String catalog) {
        return SqlText.trinoName(catalog, SCHEMA, TABLE);
    }

    /** The key in hex, to compare with what the key table holds. */
    String hex() {
        return HexFormat.of().formatHex(key);
    }

    /** Replaces the key table; the key travels as hex digits, so the literal cannot carry anything else. */
    String replaceTableSql(String catalog) {
        return "CREATE OR REPLACE TABLE " + tableName(catalog) + " AS SELECT from_hex(" + SqlText.trinoLiteral(hex()) + ") AS "
                + SqlText.trinoIdentifier(COLUMN);
    }

    String currentSql(String catalog) {
        return "SELECT lower(to_hex(" + SqlText.trinoIdentifier(COLUMN) + ")) FROM " + tableName(catalog);
    }

    @Override
    public String toString() {
        return "PseudonymKey[redacted]";
    }
}
