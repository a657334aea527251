package org.citylake.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The passwords of Trino users when {@code trino.auth} is {@code password}: each user's comes from the
 * environment variable {@code CITYLAKE_TRINO_PASSWORD_<USER>} (upper case, other characters → {@code _}), else it
 * is generated once into {@code <state>/secrets/trino-passwords.properties} (mode 600) and kept there. Trino
 * itself only ever sees bcrypt hashes ({@link #passwordDb}); no password is printed or logged, only where it
 * comes from ({@link #source}).
 *
 * <p>The same file keeps the internal-communication shared secret Trino requires once authentication is on
 * ({@code CITYLAKE_TRINO_SHARED_SECRET} overrides it).
 */
public final class TrinoPasswords {
    public static final String ENV_PREFIX = "CITYLAKE_TRINO_PASSWORD_";
    public static final String SHARED_SECRET_ENV = "CITYLAKE_TRINO_SHARED_SECRET";
    /** Trino's file authenticator accepts bcrypt with the {@code $2y$} prefix and a cost of at least 8. */
    static final int BCRYPT_COST = 10;
    private static final String SHARED_SECRET_KEY = "internal-communication.shared-secret";
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@-]*");

    private final Path file;
    private final Function<String, String> env;
    private final SecureRandom random = new SecureRandom();

    private TrinoPasswords(Path file, Function<String, String> env) {
        this.file = file;
        this.env = env;
    }

    public static TrinoPasswords of(Profile profile, Function<String, String> env) {
        return new TrinoPasswords(file(profile), env);
    }

    public static Path file(Profile profile) {
        return profile.stateDir().resolve("secrets/trino-passwords.properties");
    }

    /** The hashed password file Trino's file authenticator reads (and re-reads when it changes). */
    public static Path passwordDb(Profile profile) {
        return profile.stateDir().resolve("trino/etc/password.db");
    }

    public static String envName(String user) {
        return ENV_PREFIX + user.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** The user's password: from its environment variable, else the secrets file (generated there on first need). */
    public String password(String user) {
        checkUser(user);
        String fromEnv = env.apply(envName(user));
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        return storedOrGenerated("user." + user);
    }

    /** Where a user's password comes from, for operators and app owners; never the password itself. */
    public String source(String user) {
        String fromEnv = env.apply(envName(user));
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return "$" + envName(user);
        }
        return file + " (key user." + user + ")";
    }

    public String sharedSecret() {
        String fromEnv = env.apply(SHARED_SECRET_ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        return storedOrGenerated(SHARED_SECRET_KEY);
    }

    /** Trino's password file: one {@code user:bcrypt-hash} line per user, sorted; fresh salts each time. */
    public String passwordDb(Collection<String> users) {
        StringBuilder out = new StringBuilder();
        for (String user : new TreeSet<>(users)) {
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            out.append(user).append(':').append(OpenBSDBCrypt.generate("2y", password(user).toCharArray(), salt, BCRYPT_COST)).append('\n');
        }
        return out.toString();
    }

    /** Writes {@link #passwordDb} for these users to {@code target} (mode 600), atomically. */
    public void writePasswordDb(Path target, Collection<String> users) {
        try {
            writePrivate(target, passwordDb(users));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write Trino's password file " + target, e);
        }
    }

    private static void checkUser(String user) {
        if (user == null || !USER.matcher(user).matches()) {
            throw new IllegalArgumentException("Not a Trino user name citylake keeps a password for: '" + user + "'");
        }
    }

    /** Under an OS file lock, so two citylake commands starting at once agree on one generated value. */
    private synchronized String storedOrGenerated(String key) {
        try {
            Files.createDirectories(file.getParent());
            Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                Properties props = new Properties();
                if (Files.exists(file)) {
                    try (InputStream in = Files.newInputStream(file)) {
                        props.load(in);
                    }
                }
                String value = props.getProperty(key);
                if (value == null || value.isEmpty()) {
                    byte[] bytes = new byte[24];
                    random.nextBytes(bytes);
                    value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                    props.setProperty(key, value);
                    java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
                    try (OutputStream out = text) {
                        props.store(out, "Generated by citylake: Trino passwords (trino.auth: password). Keep private.");
                    }
                    writePrivate(file, text.toString(StandardCharsets.ISO_8859_1));
                }
                return value;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep Trino passwords in " + file, e);
        }
    }

    private static void writePrivate(Path target, String text) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
