package org.citylake.warehouse.services;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.S3Settings;

/** The files that configure the embedded Hive Metastore: pure text generation, unit-tested without a server. */
final class HiveMetastoreConfig {
    /**
     * Hive 4.0.1's default {@code metastore.task.threads.always} minus {@code HiveProtoEventsCleanerTask},
     * which lives in hive-exec (not on a standalone metastore classpath) and would fail the start.
     */
    static final String TASK_THREADS_ALWAYS = String.join(",",
            "org.apache.hadoop.hive.metastore.events.EventCleanerTask",
            "org.apache.hadoop.hive.metastore.RuntimeStatsCleanerTask",
            "org.apache.hadoop.hive.metastore.metrics.AcidMetricService",
            "org.apache.hadoop.hive.metastore.metrics.AcidMetricLogger",
            "org.apache.hadoop.hive.metastore.ScheduledQueryExecutionsMaintTask",
            "org.apache.hadoop.hive.metastore.ReplicationMetricsMaintTask");

    /** The Derby schema script the schema tool runs for a fresh 4.0.x database. */
    static final String DERBY_SCHEMA_SCRIPT = "hive-schema-4.0.0.derby.sql";

    private static final Pattern TABLE_PARAMS_CLOB = Pattern.compile(
            "(CREATE TABLE \"APP\"\\.\"TABLE_PARAMS\"\\s*\\([^;]*?\"PARAM_VALUE\"\\s+)CLOB", Pattern.CASE_INSENSITIVE);
    private static final Pattern TABLE_PARAMS_PATCHED = Pattern.compile(
            "CREATE TABLE \"APP\"\\.\"TABLE_PARAMS\"\\s*\\([^;]*?\"PARAM_VALUE\"\\s+VARCHAR\\(32672\\)", Pattern.CASE_INSENSITIVE);

    private HiveMetastoreConfig() {
    }

    static Path derbyDatabase(Profile profile) {
        return profile.stateDir().resolve("hms/metastore_db");
    }

    /** Environment variable the metastore process reads its database password from (never written to a file). */
    static final String DB_PASSWORD_ENV = "CITYLAKE_HMS_DB_PASSWORD";

    /** The metastore's database: {@code hms.db}, {@code derby} (embedded, the default) or {@code postgres}. */
    static String database(Profile profile) {
        String db = profile.get("hms.db", "derby").trim().toLowerCase(java.util.Locale.ROOT);
        if (!db.equals("derby") && !db.equals("postgres")) {
            throw new IllegalArgumentException("hms.db must be derby or postgres, got '" + profile.get("hms.db", "") + "'");
        }
        return db;
    }

    /** The PostgreSQL database that holds the metastore's tables: {@code hms.db.name} (default metastore). */
    static String postgresDatabase(Profile profile) {
        return profile.get("hms.db.name", "metastore").trim();
    }

    static Map<String, String> siteProperties(Profile profile) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("metastore.thrift.bind.host", profile.get("hms.host"));
        p.put("metastore.thrift.port", String.valueOf(profile.getInt("hms.port")));
        if (database(profile).equals("postgres")) {
            PostgresService pg = new PostgresService(profile, System.err);
            p.put("javax.jdo.option.ConnectionURL", pg.jdbcUrl(postgresDatabase(profile)));
            p.put("javax.jdo.option.ConnectionDriverName", "org.postgresql.Driver");
            p.put("javax.jdo.option.ConnectionUserName", pg.user());
            // Hadoop's Configuration expands ${env.X}: the password reaches the server only through its environment.
            p.put("javax.jdo.option.ConnectionPassword", "${env." + DB_PASSWORD_ENV + "}");
        } else {
            p.put("javax.jdo.option.ConnectionURL", "jdbc:derby:;databaseName=" + derbyDatabase(profile) + ";create=true");
            p.put("javax.jdo.option.ConnectionDriverName", "org.apache.derby.jdbc.EmbeddedDriver");
        }
        p.put("metastore.warehouse.dir", profile.warehouseUri());
        if (profile.s3Warehouse()) {
            S3Settings s3 = S3Settings.of(profile);
            // Iceberg's S3FileIO writes s3:// locations; the metastore checks and creates them through Hadoop's S3A.
            p.put("fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
            p.put("fs.s3a.endpoint", s3.endpoint());
            p.put("fs.s3a.endpoint.region", s3.region());
            p.put("fs.s3a.path.style.access", String.valueOf(s3.pathStyle()));
            p.put("fs.s3a.connection.ssl.enabled", String.valueOf(s3.endpoint().startsWith("https:")));
            // The key pair comes from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the server's environment.
            p.put("fs.s3a.aws.credentials.provider", "com.amazonaws.auth.EnvironmentVariableCredentialsProvider");
        }
        // The schema comes from the schema tool; autoCreateAll would skip the lock tables Iceberg commits need.
        p.put("metastore.schema.verification", "true");
        p.put("datanucleus.schema.autoCreateAll", "false");
        p.put("metastore.task.threads.always", TASK_THREADS_ALWAYS);
        // Async logging needs the LMAX disruptor, which the server's Maven dependencies do not bring.
        p.put("metastore.async.log.enabled", "false");
        return p;
    }

    static String metastoreSiteXml(Profile profile) {
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Generated by citylake from profile settings on every start; edit the profile, not this file. -->
                <configuration>
                """);
        for (Map.Entry<String, String> e : siteProperties(profile).entrySet()) {
            xml.append("  <property><name>").append(escape(e.getKey())).append("</name><value>")
                    .append(escape(e.getValue())).append("</value></property>\n");
        }
        return xml.append("</configuration>\n").toString();
    }

    /** Hive looks for this name on the classpath; without it log4j2 prints only errors and startup is opaque. */
    static final String LOG4J2_FILE = "metastore-log4j2.properties";

    static String log4j2Properties() {
        return """
                # Generated by citylake: everything INFO and up to stdout, which citylake redirects to hms.log.
                status = WARN
                appender.console.type = Console
                appender.console.name = console
                appender.console.target = SYSTEM_OUT
                appender.console.layout.type = PatternLayout
                appender.console.layout.pattern = %d{ISO8601} %5p [%t] %c{2}: %m%n
                rootLogger.level = INFO
                rootLogger.appenderRef.console.ref = console
                logger.datanucleus.name = DataNucleus
                logger.datanucleus.level = WARN
                """;
    }

    /**
     * Derby cannot compare CLOB values, and Trino's Iceberg commit compares {@code TABLE_PARAMS.PARAM_VALUE}
     * (the metadata location) in its optimistic-locking update, so every Trino write would fail. VARCHAR(32672)
     * is Derby's longest comparable type and holds any metadata location. Idempotent.
     */
    static String patchDerbySchema(String script) {
        Matcher m = TABLE_PARAMS_CLOB.matcher(script);
        if (m.find()) {
            return m.replaceFirst(Matcher.quoteReplacement(m.group(1)) + "VARCHAR(32672)");
        }
        if (TABLE_PARAMS_PATCHED.matcher(script).find()) {
            return script;
        }
        throw new IllegalStateException("The Derby schema script has no TABLE_PARAMS.PARAM_VALUE CLOB column to patch;"
                + " the Hive version changed and the patch must be revisited");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
