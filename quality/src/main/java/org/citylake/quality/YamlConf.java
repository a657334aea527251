package org.citylake.quality;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A small strict reader for the files under {@code conf/quality/}: an unknown key is an error (a
 * misspelt weight must not silently fall back to a default), and every complaint names file and key.
 */
public final class YamlConf {
    private final String where;
    private final Map<String, Object> values;

    private YamlConf(String where, Map<String, Object> values) {
        this.where = where;
        this.values = values;
    }

    public static YamlConf load(Path file) {
        try {
            Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            return of(file.toString(), root == null ? Map.of() : root);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static YamlConf of(String where, Object node) {
        if (!(node instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(where + ": expected a map");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return new YamlConf(where, out);
    }

    /** Fails when a key other than {@code allowed} is present. */
    public YamlConf only(String... allowed) {
        List<String> ok = List.of(allowed);
        for (String k : values.keySet()) {
            if (!ok.contains(k)) {
                throw new IllegalArgumentException(where + ": unknown key '" + k + "' (known: " + String.join(", ", ok) + ")");
            }
        }
        return this;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Optional<YamlConf> section(String key) {
        Object v = values.get(key);
        return v == null ? Optional.empty() : Optional.of(of(where + ": " + key, v));
    }

    public java.util.Set<String> keys() {
        return values.keySet();
    }

    /** A number; {@code fallback} when absent. An explicit {@code null} is returned as empty (means "unbounded"). */
    public Optional<Double> number(String key, Double fallback) {
        if (!values.containsKey(key)) {
            return Optional.ofNullable(fallback);
        }
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Number n) {
            return Optional.of(n.doubleValue());
        }
        throw new IllegalArgumentException(where + ": '" + key + "' must be a number, got '" + v + "'");
    }

    public double requiredNumber(String key, double fallback) {
        return number(key, fallback).orElseThrow(() -> new IllegalArgumentException(where + ": '" + key + "' must not be null"));
    }

    public String string(String key, String fallback) {
        Object v = values.get(key);
        return v == null ? fallback : String.valueOf(v);
    }
}
