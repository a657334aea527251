package org.citylake.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A deployment profile: flat settings from {@code conf/profiles/<name>.yaml}, overridden by
 * {@code -Dcitylake.<key>} system properties and then by {@code CITYLAKE_<KEY>} environment
 * variables (dots become underscores). Immutable; paths are resolved against the citylake home.
 */
public final class Profile {
    public static final String DEFAULT_NAME = "local";

    private final String name;
    private final Path home;
    private final Map<String, String> settings;

    private Profile(String name, Path home, Map<String, String> settings) {
        this.name = name;
        this.home = home;
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** The citylake home: {@code -Dcitylake.home}, else {@code CITYLAKE_HOME}, else the working directory. */
    public static Path home() {
        String prop = System.getProperty("citylake.home");
        if (prop == null || prop.isBlank()) {
            prop = System.getenv("CITYLAKE_HOME");
        }
        return Path.of(prop == null || prop.isBlank() ? "." : prop).toAbsolutePath().normalize();
    }

    public static Profile load(String name) {
        return load(name, home(), System.getenv()::get, System::getProperty);
    }

    /** Loads a profile with explicit lookups, so tests can check defaults and overrides. */
    public static Profile load(String name, Path home, Function<String, String> env, Function<String, String> props) {
        Path file = home.resolve("conf/profiles").resolve(name + ".yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No profile '" + name + "': " + file + " does not exist");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file)) {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            if (!(doc instanceof Map)) {
                throw new IllegalArgumentException(file + ": a profile must be a map of settings");
            }
            for (Map.Entry<?, ?> e : ((Map<?, ?>) doc).entrySet()) {
                settings.put(String.valueOf(e.getKey()), e.getValue() == null ? "" : String.valueOf(e.getValue()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read profile " + file, e);
        }
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String key = e.getKey();
            String fromProp = props.apply("citylake." + key);
            if (fromProp != null) {
                e.setValue(fromProp);
            }
            String fromEnv = env.apply(envName(key));
            if (fromEnv != null) {
                e.setValue(fromEnv);
            }
        }
        return new Profile(name, home, settings);
    }

    static String envName(String key) {
        return "CITYLAKE_" + key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** A copy with some settings replaced; used by tests to run on private ports and directories. */
    public Profile with(Map<String, String> overrides) {
        Map<String, String> copy = new LinkedHashMap<>(settings);
        copy.putAll(overrides);
        return new Profile(name, home, copy);
    }

    public String name() {
        return name;
    }

    public Path homeDir() {
        return home;
    }

    public Map<String, String> settings() {
        return settings;
    }

    public String get(String key) {
        String value = settings.get(key);
        if (value == null) {
            throw new IllegalArgumentException("Profile '" + name + "' has no setting '" + key + "'");
        }
        return value;
    }

    public String get(String key, String fallback) {
        return settings.getOrDefault(key, fallback);
    }

    public int getInt(String key) {
        String value = get(key);
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Profile '" + name + "' setting '" + key + "' must be a whole number, got '" + value + "'");
        }
    }

    /** A path setting: {@code ~} expands to the user's home, relative paths resolve against the citylake home. */
    public Path path(String key) {
        String value = get(key).trim();
        if (value.startsWith("~/") || value.equals("~")) {
            return Path.of(System.getProperty("user.home")).resolve(value.substring(Math.min(2, value.length()))).normalize();
        }
        Path p = Path.of(value);
        return (p.isAbsolute() ? p : home.resolve(p)).normalize();
    }

    public Path stateDir() {
        return path("state.dir");
    }

    public Path warehouseDir() {
        return path("warehouse.dir");
    }

    /**
     * Where Iceberg tables live: {@code warehouse.uri} when set (an {@code s3://bucket/prefix} in the cluster
     * profile), else the local {@code warehouse.dir} as a {@code file:} URI without a trailing slash.
     */
    public String warehouseUri() {
        String uri = get("warehouse.uri", "").trim();
        if (!uri.isEmpty()) {
            return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
        }
        String file = warehouseDir().toAbsolutePath().normalize().toUri().toString();
        return file.endsWith("/") ? file.substring(0, file.length() - 1) : file;
    }

    /** Whether the warehouse is in an S3 bucket (then {@link S3Settings#of} says how to reach it). */
    public boolean s3Warehouse() {
        String uri = warehouseUri();
        return uri.startsWith("s3://") || uri.startsWith("s3a://");
    }

    public Path cacheDir() {
        return path("cache.dir");
    }

    /** Contracts, dictionaries and rule files: {@code conf/} under the home unless {@code conf.dir} says otherwise. */
    public Path confDir() {
        return settings.containsKey("conf.dir") ? path("conf.dir") : home.resolve("conf");
    }

    public String hmsUri() {
        return "thrift://" + get("hms.host") + ":" + getInt("hms.port");
    }

    public String trinoJdbcUrl() {
        return "jdbc:trino://" + get("trino.host") + ":" + getInt("trino.port") + "/" + get("trino.catalog");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Profile p && name.equals(p.name) && home.equals(p.home) && settings.equals(p.settings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, home, settings);
    }

    @Override
    public String toString() {
        return "Profile[" + name + " @ " + home + "]";
    }
}
