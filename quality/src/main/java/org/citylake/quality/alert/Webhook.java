package org.citylake.quality.alert;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One receiver of alert JSON. {@code headers} maps a header name to the NAME of the environment variable
 * holding its value: tokens stay out of {@code conf/}, which is committed.
 */
public record Webhook(URI url, Map<String, String> headers, Duration timeout) {
    public Webhook {
        Objects.requireNonNull(url, "url");
        if (!url.getScheme().equals("http") && !url.getScheme().equals("https")) {
            throw new IllegalArgumentException("webhook url must be http or https: " + url);
        }
        headers = Map.copyOf(headers);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("webhook timeout must be positive: " + url);
        }
    }
}
