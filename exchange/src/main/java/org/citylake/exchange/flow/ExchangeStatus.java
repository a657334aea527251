package org.citylake.exchange.flow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citylake.exchange.subscription.Subscription;
import org.citylake.warehouse.SqlText;

/**
 * Where each subscription stands: its last package and, for a push, how far the table has moved on
 * since — in snapshots, rows added and time — read from the table's own snapshot history.
 */
public final class ExchangeStatus {
    public record Line(String subscription, String direction, String table, String lastPackage, String lastStatus, Instant lastAt,
                       long snapshotsBehind, long rowsBehind, Duration timeBehind) {
    }

    private ExchangeStatus() {
    }

    public static List<Line> of(SparkSession spark, String catalog, ExchangeLedger ledger, List<Subscription> subscriptions, Instant now) {
        List<Line> out = new ArrayList<>();
        for (Subscription s : subscriptions) {
            for (Subscription.TableGrant g : s.tables()) {
                List<Row> last = spark.sql("SELECT package_id, status, recorded_at FROM " + ledger.table() + " WHERE subscription = "
                        + SqlText.literal(s.name()) + " AND source_table = " + SqlText.literal(g.table())
                        + " ORDER BY recorded_at DESC LIMIT 1").collectAsList();
                String pkg = last.isEmpty() ? null : last.get(0).getString(0);
                String status = last.isEmpty() ? "never" : last.get(0).getString(1);
                Instant at = last.isEmpty() ? null : toInstant(last.get(0).get(2));
                long snaps = 0;
                long rows = 0;
                Duration behind = Duration.ZERO;
                if (s.direction() == Subscription.Direction.PUSH && spark.catalog().tableExists(catalog + "." + g.table())) {
                    OptionalLong exported = ledger.lastExported(s.name(), g.table());
                    String since = exported.isPresent() ? " WHERE committed_at > (SELECT committed_at FROM " + catalog + "." + g.table()
                            + ".snapshots WHERE snapshot_id = " + exported.getAsLong() + ")" : "";
                    Row r = spark.sql("SELECT count(*), coalesce(sum(CAST(summary['added-records'] AS BIGINT)), 0), min(committed_at) FROM "
                            + catalog + "." + g.table() + ".snapshots" + since).first();
                    snaps = r.getLong(0);
                    rows = r.getLong(1);
                    Instant oldest = r.isNullAt(2) ? null : toInstant(r.get(2));
                    behind = oldest == null ? Duration.ZERO : Duration.between(oldest, now);
                }
                out.add(new Line(s.name(), s.direction().name().toLowerCase(), g.table(), pkg, status, at, snaps, rows, behind));
            }
        }
        return out;
    }

    private static Instant toInstant(Object o) {
        return o instanceof Instant i ? i : ((java.sql.Timestamp) o).toInstant();
    }
}
