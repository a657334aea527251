package org.citylake.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.TableContract;
import org.citylake.exchange.flow.ExchangeRunner;
import org.citylake.exchange.subscription.Subscription;
import org.citylake.exchange.subscription.SubscriptionLoader;
import org.citylake.warehouse.LakeSession;
import org.citylake.warehouse.Profile;

/**
 * A separate JVM that runs one exchange subscription against the integration tier's lake, so a test can
 * kill it at a crash point ({@code CITYLAKE_EXCHANGE_CRASH_AT}) and check that a rerun applies exactly once.
 * Args: state dir, warehouse dir, hms port, catalog, subscription file, endpoint override, the city's metastore URI and warehouse URI (or "-" twice).
 */
public final class ExchangeChild {
    public static void main(String[] args) {
        Profile profile = Profile.load("local").with(Map.of("state.dir", args[0], "warehouse.dir", args[1], "hms.port", args[2],
                "spark.master", "local[1]"));
        String catalog = args[3];
        Map<String, TableContract> contracts = ContractLoader.loadAll(Profile.home().resolve("conf/contracts")).stream()
                .collect(Collectors.toMap(TableContract::qualifiedName, Function.identity()));
        Subscription s = SubscriptionLoader.load(Path.of(args[4]), contracts);
        s = s.withEndpoint(args[5]);
        SparkSession spark = LakeSession.open(profile, "citylake-exchange-child");
        if (!args[6].equals("-")) {
            spark.conf().set("spark.sql.catalog.city", "org.apache.iceberg.spark.SparkCatalog");
            spark.conf().set("spark.sql.catalog.city.type", "hive");
            spark.conf().set("spark.sql.catalog.city.uri", args[6]);
            spark.conf().set("spark.sql.catalog.city.warehouse", args[7]);
        }
        try {
            int n = new ExchangeRunner(spark, catalog, Path.of(args[0]).resolve("exchange-" + catalog), contracts, "citylake-child",
                    System::getenv, System.out, Clock.systemUTC()).run(s);
            System.out.println("child done: " + n + " package(s)");
        } finally {
            spark.stop();
        }
    }
}
