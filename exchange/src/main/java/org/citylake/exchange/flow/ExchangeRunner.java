package org.citylake.exchange.flow;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.citylake.catalog.contract.TableContract;
import org.citylake.exchange.subscription.Subscription;
import org.citylake.exchange.transport.PeerStore;

/** Runs subscriptions: a push exports its increments, a pull applies what the peer published. */
public final class ExchangeRunner {
    private final SparkSession spark;
    private final String catalog;
    private final Path workDir;
    private final Map<String, TableContract> contracts;
    private final String producer;
    private final Function<String, String> env;
    private final PrintStream out;
    private final Clock clock;
    private final ExchangeLedger ledger;

    public ExchangeRunner(SparkSession spark, String catalog, Path workDir, Map<String, TableContract> contracts, String producer,
                          Function<String, String> env, PrintStream out, Clock clock) {
        this.spark = spark;
        this.catalog = catalog;
        this.workDir = workDir;
        this.contracts = contracts;
        this.producer = producer;
        this.env = env;
        this.out = out;
        this.clock = clock;
        this.ledger = new ExchangeLedger(spark, catalog);
    }

    public ExchangeLedger ledger() {
        return ledger;
    }

    public List<OutboundExport.Result> push(Subscription s) {
        return new OutboundExport(spark, catalog, ledger, workDir.resolve("outbox"), contracts, producer, out, clock)
                .run(s, PeerStore.connect(s.peer(), env, out), ExchangeKeys.signer(s, env), ExchangeKeys.cipher(s, env),
                        ExchangeKeys.pseudonymizer(s, env));
    }

    public List<InboundApply.Result> pull(Subscription s) {
        return new InboundApply(spark, catalog, ledger, workDir.resolve("inbox"), out, clock)
                .run(s, PeerStore.connect(s.peer(), env, out), ExchangeKeys.signer(s, env), ExchangeKeys.cipher(s, env));
    }

    /** Runs one subscription in its own direction; returns the number of packages sent or applied. */
    public int run(Subscription s) {
        if (s.direction() == Subscription.Direction.PUSH) {
            return (int) push(s).stream().filter(r -> r.packageId() != null).count();
        }
        return (int) pull(s).stream().filter(r -> r.outcome() == InboundApply.Outcome.APPLIED).count();
    }
}
