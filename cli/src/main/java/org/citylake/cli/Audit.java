package org.citylake.cli;

import java.util.List;
import java.util.function.BiFunction;
import org.citylake.catalog.audit.Actions;
import org.citylake.catalog.audit.AuditEvent;
import org.citylake.catalog.audit.AuditLog;
import org.citylake.quality.gate.Publication;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.audit.IcebergAuditLog;

/**
 * The commands' one hook into the audit log ({@code governance.audit_log}): an event named for the profile's
 * acting user, and a job run under {@link AuditLog#record}, so its failure is audited too.
 */
final class Audit {
    private Audit() {
    }

    /** {@code audit.user} (CITYLAKE_AUDIT_USER): the person an operator account acts for, when the profile names one. */
    static AuditEvent event(Profile p, String action, List<String> targets) {
        return AuditEvent.of(action, targets).withActor(p.get("audit.user", "").trim());
    }

    static AuditEvent event(Profile p, String action, String... targets) {
        return event(p, action, List.of(targets));
    }

    static <T> T record(Profile p, AuditEvent event, AuditLog.Job<T> job, BiFunction<AuditEvent, T, AuditEvent> finish) throws Exception {
        try (IcebergAuditLog log = IcebergAuditLog.open(p)) {
            return log.record(event, job, finish);
        }
    }

    /** {@link #record} for callers that declare no checked exception: a checked one is wrapped, unchecked ones pass as they are. */
    static <T> T recordUnchecked(Profile p, AuditEvent event, AuditLog.Job<T> job, BiFunction<AuditEvent, T, AuditEvent> finish) {
        try {
            return record(p, event, job, finish);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A quality gate's or a steward's decision on a batch. */
    static AuditEvent decision(AuditEvent base, Publication d) {
        return base.withTargets(List.of(d.table())).withBatch(d.batchId()).withDetail("status", d.status().code())
                .withDetail("snapshot_id", d.snapshotId()).withDetail("branch", d.branch()).withDetail("decided_by", d.decidedBy())
                .withDetail("failed_checks", d.failedChecks().isEmpty() ? null : String.join(",", d.failedChecks())).ok(d.reason());
    }

    static AuditEvent gate(Profile p, Publication d) {
        return decision(event(p, Actions.PUBLISH_GATE), d);
    }
}
