package org.citylake.quality.alert;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * POSTs a JSON body to one {@link Webhook} and says how it went. Never throws for a delivery problem (refused
 * connection, timeout, non-2xx): an unreachable chat server must not fail a data load; the outcome is
 * returned so it can be recorded next to the alert.
 */
public final class WebhookSender {
    private final HttpClient http;
    private final UnaryOperator<String> env;

    /** {@code env} resolves an environment variable name to its value or null, e.g. {@code System::getenv}. */
    public WebhookSender(UnaryOperator<String> env) {
        this.env = Objects.requireNonNull(env, "env");
        this.http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build();
    }

    /** {@code delivered <status>} for a 2xx answer, else {@code failed: <why>}; prefixed with the url. */
    public String send(Webhook hook, String json) {
        try {
            HttpRequest.Builder req = HttpRequest.newBuilder(hook.url()).timeout(hook.timeout())
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
            for (Map.Entry<String, String> h : hook.headers().entrySet()) {
                String value = env.apply(h.getValue());
                if (value == null) {
                    // Sending without the token would only earn a 401 and leak that we tried; say what is missing instead.
                    return hook.url() + " failed: environment variable " + h.getValue() + " (header " + h.getKey() + ") is not set";
                }
                req.header(h.getKey(), value);
            }
            HttpResponse<Void> res = http.send(req.build(), HttpResponse.BodyHandlers.discarding());
            return hook.url() + (res.statusCode() / 100 == 2 ? " delivered " : " failed: HTTP ") + res.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return hook.url() + " failed: interrupted";
        } catch (java.io.IOException | RuntimeException e) {
            return hook.url() + " failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
        }
    }
}
