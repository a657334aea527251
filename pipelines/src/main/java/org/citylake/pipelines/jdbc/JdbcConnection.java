package org.citylake.pipelines.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.citylake.catalog.contract.JdbcSource;

/**
 * Where a JDBC source's database is and how to log in, resolved from the environment variables
 * its contract names. Never printed whole: {@link #toString()} leaves out the password.
 */
public record JdbcConnection(String url, String user, String password) {
    public JdbcConnection {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("a JDBC URL starts with jdbc: (e.g. jdbc:postgresql://host:5432/db)");
        }
    }

    /**
     * The connection of {@code source}, or empty when its {@code url_env} is not set (the source is
     * then not read in this deployment). A user or password variable the contract names but the
     * environment lacks is an error, not an anonymous login.
     */
    public static Optional<JdbcConnection> resolve(JdbcSource source, Function<String, String> env) {
        String url = env.apply(source.urlEnv());
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new JdbcConnection(url.strip(), required(source.userEnvName(), env), required(source.passwordEnvName(), env)));
    }

    private static String required(Optional<String> name, Function<String, String> env) {
        if (name.isEmpty()) {
            return null;
        }
        String v = env.apply(name.get());
        if (v == null) {
            throw new IllegalStateException("The environment variable " + name.get() + " the contract names for a JDBC source is not set");
        }
        return v;
    }

    /** The options Spark's JDBC reader takes for this connection. */
    Map<String, String> sparkOptions() {
        Map<String, String> o = new java.util.HashMap<>();
        o.put("url", url);
        if (user != null) {
            o.put("user", user);
        }
        if (password != null) {
            o.put("password", password);
        }
        return o;
    }

    Connection open() throws SQLException {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection(url, p);
    }

    @Override
    public String toString() {
        return "JdbcConnection[" + url.replaceAll("(?i)(password=)[^&;]*", "$1***") + ", user " + user + "]";
    }
}
