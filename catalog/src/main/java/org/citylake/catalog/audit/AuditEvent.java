package org.citylake.catalog.audit;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a command reports to the audit log: the action, what it touched, how it ended and its details.
 * The log adds the time, the OS user, the sequence number and the hash chain when it appends the event
 * (see {@link AuditEntry}). Immutable: each {@code with…} returns a copy, so a command can prepare the
 * event before the job and finish it with the outcome afterwards.
 *
 * @param action    a dotted verb, e.g. {@code load}, {@code publish.steward}, {@code apps.grant} (see {@link Actions})
 * @param targets   tables ({@code base.person}), subscriptions ({@code subscription:city-person}) or apps ({@code app:app_market})
 * @param actor     the user the command acts for when it names one (a steward's {@code --user}, {@code audit.user}), else null
 * @param batchId   the batch the action is about, or null
 * @param packageId the exchange package, or null
 * @param details   free key/value facts, stored as canonical JSON (keys sorted)
 */
public record AuditEvent(String action, List<String> targets, String actor, String batchId, String packageId,
                         AuditEntry.Outcome outcome, String message, SortedMap<String, String> details) {
    public AuditEvent {
        Objects.requireNonNull(action, "action");
        if (action.isBlank()) {
            throw new IllegalArgumentException("An audit event needs an action");
        }
        targets = List.copyOf(targets);
        outcome = outcome == null ? AuditEntry.Outcome.OK : outcome;
        message = message == null ? "" : message;
        details = Collections.unmodifiableSortedMap(new TreeMap<>(details));
    }

    public static AuditEvent of(String action, List<String> targets) {
        return new AuditEvent(action, targets, null, null, null, AuditEntry.Outcome.OK, "", new TreeMap<>());
    }

    public static AuditEvent of(String action, String... targets) {
        return of(action, List.of(targets));
    }

    public AuditEvent withTargets(List<String> t) {
        return new AuditEvent(action, t, actor, batchId, packageId, outcome, message, details);
    }

    public AuditEvent withActor(String a) {
        return new AuditEvent(action, targets, a == null || a.isBlank() ? null : a, batchId, packageId, outcome, message, details);
    }

    public AuditEvent withBatch(String b) {
        return new AuditEvent(action, targets, actor, b, packageId, outcome, message, details);
    }

    public AuditEvent withPackage(String p) {
        return new AuditEvent(action, targets, actor, batchId, p, outcome, message, details);
    }

    /** Adds one detail; a null value is left out (an absent fact, not the text "null"). */
    public AuditEvent withDetail(String key, Object value) {
        if (value == null) {
            return this;
        }
        TreeMap<String, String> d = new TreeMap<>(details);
        d.put(key, String.valueOf(value));
        return new AuditEvent(action, targets, actor, batchId, packageId, outcome, message, d);
    }

    public AuditEvent ok(String m) {
        return new AuditEvent(action, targets, actor, batchId, packageId, AuditEntry.Outcome.OK, m, details);
    }

    public AuditEvent failed(String m) {
        return new AuditEvent(action, targets, actor, batchId, packageId, AuditEntry.Outcome.FAILED, m, details);
    }

    /** A failure's message: the exception's first message line (the log is for people, not stack traces). */
    public AuditEvent failed(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
        int nl = m.indexOf('\n');
        return failed(nl > 0 ? m.substring(0, nl) : m);
    }
}
