package org.citylake.quality.alert;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code conf/quality/alerts.yaml}: the webhooks alerts are POSTed to. Strict like the other quality files:
 * an unknown key is an error, so a misspelt {@code url} does not silently mean "no alerts".
 */
public record AlertsConfig(List<Webhook> webhooks) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public AlertsConfig {
        webhooks = List.copyOf(webhooks);
    }

    public static AlertsConfig none() {
        return new AlertsConfig(List.of());
    }

    /** The file's webhooks; none when the file is absent. */
    public static AlertsConfig load(Path file) {
        if (!Files.exists(file)) {
            return none();
        }
        try {
            return parse(file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static AlertsConfig parse(String where, String yaml) {
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        if (root == null) {
            return none();
        }
        Map<?, ?> top = map(where, root);
        only(where, top, Set.of("webhooks"));
        Object list = top.get("webhooks");
        if (list == null) {
            return none();
        }
        if (!(list instanceof List<?> items)) {
            throw new IllegalArgumentException(where + ": webhooks must be a list");
        }
        List<Webhook> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = where + ": webhooks[" + i + "]";
            Map<?, ?> w = map(at, items.get(i));
            only(at, w, Set.of("url", "headers", "timeout_seconds"));
            Object url = w.get("url");
            if (url == null) {
                throw new IllegalArgumentException(at + ": url is required");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            if (w.get("headers") != null) {
                map(at + ".headers", w.get("headers")).forEach((k, v) -> headers.put(String.valueOf(k), String.valueOf(v)));
            }
            Object t = w.get("timeout_seconds");
            if (t != null && !(t instanceof Number)) {
                throw new IllegalArgumentException(at + ": timeout_seconds must be a number");
            }
            Duration timeout = t == null ? DEFAULT_TIMEOUT : Duration.ofMillis(Math.round(((Number) t).doubleValue() * 1000));
            out.add(new Webhook(URI.create(String.valueOf(url)), headers, timeout));
        }
        return new AlertsConfig(out);
    }

    private static Map<?, ?> map(String where, Object node) {
        if (!(node instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(where + ": expected a map");
        }
        return m;
    }

    private static void only(String where, Map<?, ?> m, Set<String> allowed) {
        for (Object k : m.keySet()) {
            if (!allowed.contains(String.valueOf(k))) {
                throw new IllegalArgumentException(where + ": unknown key '" + k + "' (known: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }
}
