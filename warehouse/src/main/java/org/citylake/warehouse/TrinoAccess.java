package org.citylake.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How citylake and its apps reach the profile's Trino: {@code trino.auth: none} (the default) is plain HTTP
 * where Trino believes the user a client names; {@code trino.auth: password} is HTTPS only (a self-signed
 * certificate for the loopback address, or {@code trino.truststore} for a deployment's own CA) with a
 * password per user checked against bcrypt hashes ({@link TrinoPasswords}). Every JDBC connection citylake
 * opens — the sql command, the serving publisher, health checks, benchmarks, tests — comes from here.
 */
public final class TrinoAccess {
    public enum Auth {
        NONE, PASSWORD;

        static Auth of(Profile profile) {
            String value = profile.get("trino.auth", "none").trim().toLowerCase(Locale.ROOT);
            return switch (value) {
                case "", "none" -> NONE;
                case "password" -> PASSWORD;
                default -> throw new IllegalArgumentException("trino.auth must be none or password, got '" + value + "'");
            };
        }
    }

    private final Profile profile;
    private final Auth auth;
    private final TrinoPasswords passwords;

    private TrinoAccess(Profile profile, Function<String, String> env) {
        this.profile = profile;
        this.auth = Auth.of(profile);
        this.passwords = TrinoPasswords.of(profile, env);
    }

    public static TrinoAccess of(Profile profile) {
        return new TrinoAccess(profile, System.getenv()::get);
    }

    public static TrinoAccess of(Profile profile, Function<String, String> env) {
        return new TrinoAccess(profile, env);
    }

    public Auth auth() {
        return auth;
    }

    public boolean passwordAuth() {
        return auth == Auth.PASSWORD;
    }

    public TrinoPasswords passwords() {
        return passwords;
    }

    /** The server's PEM keystore (key + certificate, mode 600) when citylake runs Trino with HTTPS. */
    public static Path keystore(Profile profile) {
        return profile.stateDir().resolve("secrets/trino-https.pem");
    }

    /** The certificate clients trust: {@code trino.truststore} when set, else the one citylake generated. */
    public Path truststore() {
        String configured = profile.get("trino.truststore", "").trim();
        return configured.isEmpty() ? profile.stateDir().resolve("trino/https/trino.crt") : profile.path("trino.truststore");
    }

    /** {@code http(s)://host:port}: the REST API (/v1/info, /v1/query). */
    public String baseUrl() {
        return (passwordAuth() ? "https://" : "http://") + profile.get("trino.host") + ":" + profile.getInt("trino.port");
    }

    /** The JDBC URL apps use; with passwords it names TLS and the certificate to trust (the password goes separately). */
    public String jdbcUrl() {
        String url = profile.trinoJdbcUrl();
        return passwordAuth() ? url + "?SSL=true&SSLTrustStorePath=" + truststore() : url;
    }

    /** Connection properties for a user: with passwords, the user's own (from {@link TrinoPasswords}). */
    public Properties properties(String user) {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (passwordAuth()) {
            p.setProperty("password", passwords.password(user));
        }
        return p;
    }

    public Connection connect(String user) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), properties(user));
    }

    /** For citylake's own HTTP calls to the REST API: trusts {@link #truststore()} when HTTPS is on. */
    public SSLContext sslContext() {
        try {
            if (!passwordAuth()) {
                return SSLContext.getDefault();
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(truststore())) {
                int i = 0;
                for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    trust.setCertificateEntry("trino-" + i++, cert);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Trino's certificate " + truststore(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot trust Trino's certificate " + truststore() + ": " + e.getMessage(), e);
        }
    }
}
