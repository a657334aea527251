package org.citylake.warehouse.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.citylake.warehouse.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HiveMetastoreConfigTest {
    @TempDir
    Path home;

    @Test
    void siteXmlCarriesPortsDirectoriesAndSchemaSettings() throws Exception {
        Profile profile = TestProfiles.local(home);
        String xml = HiveMetastoreConfig.metastoreSiteXml(profile);

        assertThat(xml).startsWith("<?xml")
                .contains("<property><name>metastore.thrift.port</name><value>29083</value></property>")
                .contains("<property><name>metastore.thrift.bind.host</name><value>127.0.0.1</value></property>")
                .contains("<value>jdbc:derby:;databaseName=" + home.resolve(".citylake/hms/metastore_db") + ";create=true</value>")
                .contains("<property><name>metastore.warehouse.dir</name><value>file://" + home.resolve(".citylake/warehouse") + "</value></property>")
                .contains("<property><name>metastore.schema.verification</name><value>true</value></property>")
                .contains("<property><name>datanucleus.schema.autoCreateAll</name><value>false</value></property>")
                .contains("<property><name>metastore.async.log.enabled</name><value>false</value></property>")
                .endsWith("</configuration>\n");
        assertThat(HiveMetastoreConfig.siteProperties(profile).get("metastore.task.threads.always"))
                .contains("org.apache.hadoop.hive.metastore.events.EventCleanerTask")
                .doesNotContain("HiveProtoEventsCleanerTask");
    }

    @Test
    void xmlSpecialCharactersInPathsAreEscaped() throws Exception {
        Profile profile = TestProfiles.local(home).with(java.util.Map.of("warehouse.dir", "/tmp/a&b"));
        assertThat(HiveMetastoreConfig.metastoreSiteXml(profile)).contains("a&amp;b").doesNotContain("a&b");
    }

    private static final String SCRIPT = """
            CREATE TABLE "APP"."SERDE_PARAMS" ("SERDE_ID" BIGINT NOT NULL, "PARAM_KEY" VARCHAR(256) NOT NULL, "PARAM_VALUE" CLOB);
            CREATE TABLE "APP"."TABLE_PARAMS" ("TBL_ID" BIGINT NOT NULL, "PARAM_KEY" VARCHAR(256) NOT NULL, "PARAM_VALUE" CLOB);
            CREATE TABLE "APP"."SD_PARAMS" ("SD_ID" BIGINT NOT NULL, "PARAM_KEY" VARCHAR(256) NOT NULL, "PARAM_VALUE" CLOB);
            """;

    @Test
    void derbyPatchTurnsOnlyTableParamsValueIntoVarchar() {
        String patched = HiveMetastoreConfig.patchDerbySchema(SCRIPT);

        assertThat(patched).contains("CREATE TABLE \"APP\".\"TABLE_PARAMS\" (\"TBL_ID\" BIGINT NOT NULL, \"PARAM_KEY\" VARCHAR(256) NOT NULL,"
                        + " \"PARAM_VALUE\" VARCHAR(32672));")
                .contains("\"SERDE_ID\" BIGINT NOT NULL, \"PARAM_KEY\" VARCHAR(256) NOT NULL, \"PARAM_VALUE\" CLOB);")
                .contains("\"SD_ID\" BIGINT NOT NULL, \"PARAM_KEY\" VARCHAR(256) NOT NULL, \"PARAM_VALUE\" CLOB);");
        assertThat(patched.lines().count()).isEqualTo(SCRIPT.lines().count());
    }

    @Test
    void derbyPatchIsIdempotentAndFailsLoudlyOnAnUnknownScript() {
        String once = HiveMetastoreConfig.patchDerbySchema(SCRIPT);
        assertThat(HiveMetastoreConfig.patchDerbySchema(once)).isEqualTo(once);
        assertThatThrownBy(() -> HiveMetastoreConfig.patchDerbySchema("CREATE TABLE \"APP\".\"DBS\" (\"DB_ID\" BIGINT);"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TABLE_PARAMS.PARAM_VALUE");
    }

    @Test
    void postgresAndS3SiteNamesSecretsOnlyByEnvironment() throws Exception {
        Profile profile = TestProfiles.clusterLike(home);
        java.util.Map<String, String> site = HiveMetastoreConfig.siteProperties(profile);
        assertThat(site).containsEntry("javax.jdo.option.ConnectionURL", "jdbc:postgresql://127.0.0.1:25432/metastore")
                .containsEntry("javax.jdo.option.ConnectionDriverName", "org.postgresql.Driver")
                .containsEntry("javax.jdo.option.ConnectionUserName", "citylake")
                .containsEntry("javax.jdo.option.ConnectionPassword", "${env.CITYLAKE_HMS_DB_PASSWORD}")
                .containsEntry("metastore.warehouse.dir", "s3://lakebucket/wh")
                .containsEntry("fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem")
                .containsEntry("fs.s3a.endpoint", "http://127.0.0.1:28381")
                .containsEntry("fs.s3a.path.style.access", "true")
                .containsEntry("fs.s3a.connection.ssl.enabled", "false")
                .containsEntry("metastore.schema.verification", "true");
        assertThat(HiveMetastoreConfig.metastoreSiteXml(profile)).doesNotContain("very-secret-key", "AKIDEXAMPLE");
    }

    @Test
    void metastoreDatabaseIsDerbyOrPostgres() throws Exception {
        assertThat(HiveMetastoreConfig.database(TestProfiles.local(home))).isEqualTo("derby");
        assertThatThrownBy(() -> HiveMetastoreConfig.database(TestProfiles.local(home).with(java.util.Map.of("hms.db", "mysql"))))
                .hasMessageContaining("hms.db must be derby or postgres, got 'mysql'");
    }
}
