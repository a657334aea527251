package org.citylake.quality.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.apache.spark.sql.SparkSession;
import org.citylake.quality.CheckResult;
import org.citylake.quality.QualityReport;

/**
 * Tells stewards about a batch's failed checks and anomalies: each becomes an {@link Alert}, is POSTed as JSON
 * to every configured webhook and is recorded, with the delivery outcome, in {@code governance.quality_alerts}.
 * A webhook that fails is logged and recorded, never thrown: alerting must not fail the load it reports on.
 */
public final class Alerts {
    private static final System.Logger LOG = System.getLogger(Alerts.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertsConfig config;
    private final WebhookSender sender;
    private final BiConsumer<List<Alert>, List<String>> record;
    private final Clock clock;

    /** {@code record} receives the alerts of one report and the delivery outcome of each, e.g. {@link QualityAlertsTable#append}. */
    public Alerts(AlertsConfig config, WebhookSender sender, BiConsumer<List<Alert>, List<String>> record, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.record = Objects.requireNonNull(record, "record");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The production wiring: webhooks from {@code <conf>/quality/alerts.yaml}, header values from the environment. */
    public static Alerts inLake(SparkSession spark, String catalog, Path conf) {
        return new Alerts(AlertsConfig.load(conf.resolve("quality/alerts.yaml")), new WebhookSender(System::getenv),
                new QualityAlertsTable(spark, catalog)::append, Clock.systemUTC());
    }

    /** Raises one alert per failed check (anomalies included) of {@code report}; returns them (empty when all passed). */
    public List<Alert> raise(QualityReport report) {
        List<Alert> alerts = new ArrayList<>();
        List<String> delivery = new ArrayList<>();
        for (CheckResult r : report.results()) {
            if (!r.failed()) {
                continue;
            }
            Alert a = Alert.of(report, r, clock.instant());
            alerts.add(a);
            delivery.add(deliver(a));
        }
        if (!alerts.isEmpty()) {
            record.accept(alerts, delivery);
        }
        return alerts;
    }

    private String deliver(Alert a) {
        if (config.webhooks().isEmpty()) {
            return "no webhook configured";
        }
        String body = json(a);
        List<String> outcomes = new ArrayList<>();
        for (Webhook hook : config.webhooks()) {
            String outcome = sender.send(hook, body);
            if (outcome.contains(" failed")) {
                LOG.log(System.Logger.Level.WARNING, "quality alert " + a.table() + " " + a.batchId() + " " + a.rule() + ": " + outcome);
            }
            outcomes.add(outcome);
        }
        return String.join("; ", outcomes);
    }

    /** The webhook body: the alert's fields, snake_case like the table's columns. */
    public static String json(Alert a) {
        ObjectNode n = JSON.createObjectNode();
        n.put("kind", a.anomaly() ? "anomaly" : "check_failed");
        n.put("table", a.table());
        n.put("batch_id", a.batchId());
        n.put("rule", a.rule());
        n.put("level", a.level().code());
        if (a.metric().isPresent()) {
            n.put("metric", a.metric().getAsDouble());
        } else {
            n.putNull("metric");
        }
        n.put("threshold", a.threshold());
        n.put("message", a.message());
        n.put("raised_at", a.raisedAt().toString());
        try {
            return JSON.writeValueAsString(n);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot serialise alert " + a.rule(), e);
        }
    }
}
