package org.citylake.catalog.audit;

import java.time.Instant;
import java.util.function.Predicate;

/**
 * Which entries {@code citylake audit} lists. Every criterion is optional; given ones must all hold.
 *
 * @param since  entries at or after this instant
 * @param user   the OS user or the acting user ({@link AuditEntry#actor()})
 * @param table  a target, exactly ({@code base.person}, {@code app:app_market}, {@code subscription:city-person});
 *               a namespace ({@code base}) matches its tables
 * @param action an action, or a family: {@code apps} matches {@code apps.grant} and {@code apps.revoke}
 */
public record AuditFilter(Instant since, String user, String table, String action) implements Predicate<AuditEntry> {
    public static final AuditFilter ALL = new AuditFilter(null, null, null, null);

    @Override
    public boolean test(AuditEntry e) {
        return (since == null || !e.at().isBefore(since))
                && (user == null || user.equals(e.osUser()) || user.equals(e.actor()))
                && (table == null || e.targets().stream().anyMatch(t -> t.equals(table) || t.startsWith(table + ".")))
                && (action == null || e.action().equals(action) || e.action().startsWith(action + "."));
    }
}
