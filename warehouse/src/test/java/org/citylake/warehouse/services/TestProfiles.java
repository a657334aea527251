package org.citylake.warehouse.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.citylake.warehouse.Profile;

/** A local-like profile in a temp home, so tests do not depend on the checkout's conf/ or environment. */
final class TestProfiles {
    private TestProfiles() {
    }

    static Profile local(Path home) throws IOException {
        Path file = home.resolve("conf/profiles/local.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                name: local
                state.dir: .citylake
                warehouse.dir: .citylake/warehouse
                cache.dir: cache
                hms.host: 127.0.0.1
                hms.port: 19083
                hms.heap: 512m
                trino.host: 127.0.0.1
                trino.port: 18080
                trino.heap: 2G
                trino.catalog: lake
                services.start.timeout.seconds: 180
                atlas.url: ""
                atlas.user: admin
                atlas.password: admin
                atlas.cluster: yaohai
                atlas.host: 127.0.0.1
                atlas.port: 21000
                atlas.heap: 1g
                """);
        return Profile.load("local", home, k -> null, k -> null)
                .with(Map.of("hms.port", "29083", "trino.port", "28080"));
    }

    /** The local profile turned into a cluster-like one: metastore on PostgreSQL, warehouse in an S3 bucket. */
    static Profile clusterLike(Path home) throws IOException {
        return local(home).with(Map.of("hms.db", "postgres", "postgres.port", "25432", "postgres.user", "citylake",
                "warehouse.uri", "s3://lakebucket/wh/", "s3.endpoint", "http://127.0.0.1:28381", "s3.path.style", "true",
                "s3.access.key", "AKIDEXAMPLE", "s3.secret.key", "very-secret-key"));
    }
}
