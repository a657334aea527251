package org.citylake.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.citylake.warehouse.LakeSession;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.services.LocalServices;
import org.citylake.warehouse.services.ServiceKind;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The integration tier's one set of real services — Hive Metastore and Trino on private ports and
 * directories under {@code cli/target/it} — plus one Spark session, started the first time an
 * integration test asks and stopped when the test JVM's root context closes. Every IT class
 * shares them, so the services start once per run however many classes there are.
 *
 * <p>Ports: {@code -Dcitylake.it.hms.port} (default 29083) and {@code -Dcitylake.it.trino.port}
 * (default 28080), so parallel checkouts can run their tiers side by side.
 *
 * <p>PostgreSQL (a department's database for JDBC sources) starts only when a test asks for it
 * ({@link #postgres()}), on {@code -Dcitylake.it.postgres.port} (default 25433).
 */
final class LocalStack implements ExtensionContext.Store.CloseableResource {
    final Path work;
    final Profile profile;
    final LocalServices services;
    final SparkSession spark;

    private LocalStack() throws IOException {
        Path home = Profile.home();
        work = home.resolve("cli/target/it");
        org.citylake.warehouse.FileTrees.delete(work);
        profile = Profile.load("local").with(Map.of(
                "hms.port", System.getProperty("citylake.it.hms.port", "29083"),
                "trino.port", System.getProperty("citylake.it.trino.port", "28080"),
                "postgres.port", System.getProperty("citylake.it.postgres.port", "25433"),
                "state.dir", work.resolve("state").toString(),
                "warehouse.dir", work.resolve("state/warehouse").toString()));
        services = new LocalServices(profile, System.out);
        services.up(EnumSet.of(ServiceKind.HMS, ServiceKind.TRINO));
        spark = LakeSession.open(profile, "citylake-it");
    }

    /** The stack's PostgreSQL, started on first use (most IT classes never need it). */
    synchronized org.citylake.warehouse.services.PostgresService postgres() {
        if (!postgresUp) {
            services.up(EnumSet.of(ServiceKind.POSTGRES));
            postgresUp = true;
        }
        return services.postgres();
    }

    private boolean postgresUp;

    static LocalStack get(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(LocalStack.class, k -> {
                    try {
                        return new LocalStack();
                    } catch (IOException e) {
                        throw new IllegalStateException("Cannot prepare " + Profile.home().resolve("cli/target/it"), e);
                    }
                }, LocalStack.class);
    }

    @Override
    public void close() {
        spark.stop();
        services.down(EnumSet.allOf(ServiceKind.class));
    }
}
