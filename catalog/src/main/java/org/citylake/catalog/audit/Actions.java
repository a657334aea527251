package org.citylake.catalog.audit;

/**
 * The actions citylake audits. One constant per kind of event so {@code citylake audit --action} has a
 * closed vocabulary to filter on; a prefix filters a family ({@code --action apps} matches {@code apps.grant}).
 */
public final class Actions {
    public static final String LOAD = "load";
    public static final String LOAD_INCREMENTAL = "load.incremental";
    public static final String QUARANTINE_REPLAY = "quarantine.replay";
    public static final String MAINTAIN = "maintain";
    public static final String EXCHANGE_RUN = "exchange.run";
    public static final String EXCHANGE_PUSH = "exchange.push";
    public static final String EXCHANGE_PULL = "exchange.pull";
    public static final String LINEAGE_SYNC = "lineage.sync";
    /** The automatic quality gate's decision on a batch (published or held). */
    public static final String PUBLISH_GATE = "publish.gate";
    public static final String PUBLISH_STEWARD = "publish.steward";
    public static final String DISCARD_STEWARD = "discard.steward";
    /** A package written for a peer (one per subscription and range). */
    public static final String EXPORT_EXCHANGE = "export.exchange";
    public static final String EXPORT_QUALITY_REPORT = "export.quality-report";
    public static final String APPS_GRANT = "apps.grant";
    public static final String APPS_REVOKE = "apps.revoke";
    public static final String APPS_PUBLISH = "apps.publish";
    /** Serving views and Trino's rules.json regenerated (after a load, {@code serve} or an apps command). */
    public static final String RULES_PUBLISH = "rules.publish";

    private Actions() {
    }
}
