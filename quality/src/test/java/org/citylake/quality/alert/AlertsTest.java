package org.citylake.quality.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.citylake.catalog.contract.QualityRule.Level;
import org.citylake.quality.CheckResult;
import org.citylake.quality.CheckResult.Status;
import org.citylake.quality.QualityReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Alerts against a real HTTP server on an ephemeral port: what it receives, and that failures never throw. */
class AlertsTest {
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    HttpServer server;
    final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    final List<String> auth = Collections.synchronizedList(new ArrayList<>());
    volatile int answer = 204;
    volatile long delayMillis = 0;
    final List<List<Alert>> recorded = new ArrayList<>();
    final List<List<String>> deliveries = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            auth.add(ex.getRequestHeaders().getFirst("Authorization"));
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(answer, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    URI hook() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    static QualityReport report() {
        return new QualityReport("base.person", "b-7", NOW.minusSeconds(60), 512, List.of(
                new CheckResult("*", "row_count", Level.ERROR, Status.PASSED, OptionalDouble.of(512), "> 0", "rows"),
                new CheckResult("name", "completeness", Level.ERROR, Status.FAILED, OptionalDouble.of(0.98), "== 1.0", "名字 missing in 2%"),
                new CheckResult("*", "row_count_anomaly", Level.WARNING, Status.FAILED, OptionalDouble.of(512),
                        "change vs previous batch within [-20%, +50%]", "row count 512 vs previous 1000"),
                new CheckResult("holder_id", "reference", Level.WARNING, Status.SKIPPED, OptionalDouble.empty(), ">= 0.9", "not checked")));
    }

    Alerts alerts(List<Webhook> hooks, Map<String, String> env) {
        return new Alerts(new AlertsConfig(hooks), new WebhookSender(env::get), (a, d) -> {
            recorded.add(a);
            deliveries.add(d);
        }, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void postsOneJsonPerFailedCheckOrAnomalyWithTheHeaderFromTheEnvironment() throws Exception {
        List<Alert> raised = alerts(List.of(new Webhook(hook(), Map.of("Authorization", "ALERT_TOKEN"), Duration.ofSeconds(5))),
                Map.of("ALERT_TOKEN", "Bearer s3cret")).raise(report());

        assertThat(raised).extracting(Alert::rule).containsExactly("name:completeness", "*:row_count_anomaly");
        assertThat(bodies).hasSize(2);
        assertThat(auth).containsExactly("Bearer s3cret", "Bearer s3cret");
        JsonNode check = JSON.readTree(bodies.get(0));
        assertThat(check.get("kind").asText()).isEqualTo("check_failed");
        assertThat(check.get("table").asText()).isEqualTo("base.person");
        assertThat(check.get("batch_id").asText()).isEqualTo("b-7");
        assertThat(check.get("rule").asText()).isEqualTo("name:completeness");
        assertThat(check.get("level").asText()).isEqualTo("error");
        assertThat(check.get("metric").asDouble()).isEqualTo(0.98);
        assertThat(check.get("threshold").asText()).isEqualTo("== 1.0");
        assertThat(check.get("message").asText()).isEqualTo("名字 missing in 2%");
        assertThat(check.get("raised_at").asText()).isEqualTo("2026-11-25T10:00:00Z");
        JsonNode anomaly = JSON.readTree(bodies.get(1));
        assertThat(anomaly.get("kind").asText()).isEqualTo("anomaly");
        assertThat(anomaly.get("level").asText()).isEqualTo("warning");

        assertThat(recorded).hasSize(1);
        assertThat(recorded.get(0)).isEqualTo(raised);
        assertThat(deliveries.get(0)).containsExactly(hook() + " delivered 204", hook() + " delivered 204");
    }

    @Test
    void failingWebhooksAreRecordedNotThrown() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        URI dead = URI.create("http://127.0.0.1:" + closedPort + "/hook");
        answer = 500;
        List<Alert> raised = alerts(List.of(new Webhook(dead, Map.of(), Duration.ofSeconds(2)), new Webhook(hook(), Map.of(), Duration.ofSeconds(2))),
                Map.of()).raise(report());

        assertThat(raised).hasSize(2);
        assertThat(bodies).as("the live webhook still gets every alert after the dead one failed").hasSize(2);
        for (String d : deliveries.get(0)) {
            assertThat(d).startsWith(dead + " failed: ").contains("; " + hook() + " failed: HTTP 500");
        }
    }

    @Test
    void aSlowWebhookTimesOut() {
        delayMillis = 3000;
        alerts(List.of(new Webhook(hook(), Map.of(), Duration.ofMillis(300))), Map.of()).raise(report());
        assertThat(deliveries.get(0).get(0)).startsWith(hook() + " failed: HttpTimeoutException");
    }

    @Test
    void aMissingTokenIsNotSentWithoutIt() {
        alerts(List.of(new Webhook(hook(), Map.of("Authorization", "ALERT_TOKEN"), Duration.ofSeconds(2))), Map.of()).raise(report());
        assertThat(bodies).isEmpty();
        assertThat(deliveries.get(0).get(0)).contains("ALERT_TOKEN").contains("not set");
    }

    @Test
    void aPassingBatchRaisesNothingAndRecordsNothing() {
        QualityReport ok = new QualityReport("base.place", "g-1", NOW, 3, List.of(
                new CheckResult("*", "row_count", Level.ERROR, Status.PASSED, OptionalDouble.of(3), "> 0", "rows")));
        assertThat(alerts(List.of(new Webhook(hook(), Map.of(), Duration.ofSeconds(2))), Map.of()).raise(ok)).isEmpty();
        assertThat(bodies).isEmpty();
        assertThat(recorded).isEmpty();
    }

    @Test
    void withoutWebhooksAlertsAreStillRecorded() {
        alerts(List.of(), Map.of()).raise(report());
        assertThat(deliveries.get(0)).containsExactly("no webhook configured", "no webhook configured");
    }

    @Test
    void configIsStrictAndShipsWithNoWebhook() {
        Path shipped = Path.of(System.getProperty("citylake.home", "..")).resolve("conf/quality/alerts.yaml");
        assertThat(AlertsConfig.load(shipped).webhooks()).isEmpty();
        AlertsConfig c = AlertsConfig.parse("t", """
                webhooks:
                  - url: https://chat.example/hook
                    headers: {Authorization: CITYLAKE_ALERT_TOKEN}
                    timeout_seconds: 2.5
                  - url: http://127.0.0.1:9/x
                """);
        assertThat(c.webhooks()).hasSize(2);
        assertThat(c.webhooks().get(0).headers()).containsEntry("Authorization", "CITYLAKE_ALERT_TOKEN");
        assertThat(c.webhooks().get(0).timeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(c.webhooks().get(1).timeout()).isEqualTo(AlertsConfig.DEFAULT_TIMEOUT);
        assertThatThrownBy(() -> AlertsConfig.parse("t", "webhooks:\n  - uri: http://x/\n")).hasMessageContaining("unknown key 'uri'");
        assertThatThrownBy(() -> AlertsConfig.parse("t", "webhooks:\n  - url: ftp://x/\n")).hasMessageContaining("http or https");
    }
}
