package org.citylake.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileTest {
    static final Path HOME = Path.of(System.getProperty("citylake.home", "..")).toAbsolutePath().normalize();

    @Test
    void localDefaults() {
        Profile p = Profile.load("local", HOME, k -> null, k -> null);
        assertThat(p.get("spark.master")).isEqualTo("local[*]");
        assertThat(p.hmsUri()).isEqualTo("thrift://127.0.0.1:19083");
        assertThat(p.trinoJdbcUrl()).isEqualTo("jdbc:trino://127.0.0.1:18080/lake");
        assertThat(p.stateDir()).isEqualTo(HOME.resolve(".citylake"));
        assertThat(p.warehouseDir()).isEqualTo(HOME.resolve(".citylake/warehouse"));
        assertThat(p.cacheDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".cache/citylake"));
    }

    @Test
    void environmentBeatsSystemPropertyBeatsFile() {
        Map<String, String> env = Map.of("CITYLAKE_HMS_PORT", "29083");
        Map<String, String> props = Map.of("citylake.hms.port", "39083", "citylake.trino.port", "28080");
        Profile p = Profile.load("local", HOME, env::get, props::get);
        assertThat(p.getInt("hms.port")).isEqualTo(29083);
        assertThat(p.getInt("trino.port")).isEqualTo(28080);
    }

    @Test
    void errorsNameTheSetting() {
        assertThatThrownBy(() -> Profile.load("nope", HOME, k -> null, k -> null)).hasMessageContaining("No profile 'nope'");
        Profile p = Profile.load("local", HOME, Map.of("CITYLAKE_HMS_PORT", "abc")::get, k -> null);
        assertThatThrownBy(() -> p.getInt("hms.port")).hasMessageContaining("'hms.port' must be a whole number, got 'abc'");
        assertThatThrownBy(() -> p.get("no.such")).hasMessageContaining("no setting 'no.such'");
    }

    @Test
    void clusterDefaults() {
        Profile p = Profile.load("cluster", HOME, k -> null, k -> null);
        assertThat(p.get("spark.master")).isEqualTo("spark://127.0.0.1:7077");
        assertThat(p.hmsUri()).isEqualTo("thrift://127.0.0.1:9083");
        assertThat(p.get("hms.db")).isEqualTo("postgres");
        assertThat(p.warehouseUri()).isEqualTo("s3://citylake/warehouse");
        assertThat(p.s3Warehouse()).isTrue();
        assertThat(p.trinoJdbcUrl()).isEqualTo("jdbc:trino://127.0.0.1:8080/lake");
        assertThat(p.get("services.managed")).isEqualTo("postgres,hms,spark,trino");
        // The key pair is not in the file: without the environment an S3 warehouse refuses to start.
        assertThat(p.get(S3Settings.ACCESS_KEY)).isEmpty();
        assertThat(p.get(S3Settings.SECRET_KEY)).isEmpty();
        assertThatThrownBy(() -> S3Settings.of(p)).hasMessageContaining("set CITYLAKE_S3_ACCESS_KEY");
    }

    @Test
    void clusterKeysComeFromTheEnvironment() {
        Map<String, String> env = Map.of("CITYLAKE_S3_ACCESS_KEY", "lake", "CITYLAKE_S3_SECRET_KEY", "s3cr3t-value",
                "CITYLAKE_S3_ENDPOINT", "http://minio.internal:9000", "CITYLAKE_SPARK_MASTER", "spark://spark-master:7077");
        Profile p = Profile.load("cluster", HOME, env::get, k -> null);
        S3Settings s3 = S3Settings.of(p);
        assertThat(s3).isEqualTo(new S3Settings("http://minio.internal:9000", "us-east-1", true, "lake", "s3cr3t-value"));
        assertThat(s3.toString()).doesNotContain("s3cr3t-value");
        assertThat(p.get("spark.master")).isEqualTo("spark://spark-master:7077");
    }

    @Test
    void localWarehouseIsAFileUriWithoutTrailingSlash() {
        Profile p = Profile.load("local", HOME, k -> null, k -> null);
        assertThat(p.s3Warehouse()).isFalse();
        assertThat(p.warehouseUri()).isEqualTo("file://" + HOME.resolve(".citylake/warehouse"));
        assertThat(p.get("hms.db")).isEqualTo("derby");
        assertThat(p.get("services.managed")).isEqualTo("hms,trino");
        assertThat(p.getInt("postgres.port")).isEqualTo(15432);
    }

    @Test
    void s3EndpointMustBeAnHttpUrl() {
        assertThatThrownBy(() -> new S3Settings("minio:9000", "", true, "a", "b")).hasMessageContaining("must be an http(s) URL");
        assertThat(new S3Settings("https://s3.internal", "", false, "a", "b").region()).isEqualTo("us-east-1");
    }
}
