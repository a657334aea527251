package org.citylake.catalog.audit;

import java.util.List;

/**
 * The append-only audit log of every job, publish decision, export and access-rule change. The seam between
 * the commands, which report {@link AuditEvent}s, and a store (the lake's {@code governance.audit_log}).
 * A store offers no update or delete: an entry, once appended, is only ever read.
 */
public interface AuditLog {
    /**
     * Appends {@code event} as the next entry of the chain and returns it. Throws if the entry could not be
     * written: an audited action must never end without its entry and without anyone noticing.
     */
    AuditEntry append(AuditEvent event);

    /** Every entry, in sequence order. */
    List<AuditEntry> entries();

    default List<AuditEntry> entries(AuditFilter filter) {
        return entries().stream().filter(filter).toList();
    }

    /** The hash chain, plus whatever else the store can check about its own history. */
    default AuditChain.Verification verify() {
        return AuditChain.verify(entries());
    }

    /** A job whose outcome is audited: it may throw what the command would. */
    @FunctionalInterface
    interface Job<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code job} and audits how it ended: on success the event {@code finish} makes of its result,
     * on failure {@code event} marked failed with the exception's message — and then the exception
     * propagates unchanged (if the failure's entry cannot be written either, that is attached as suppressed).
     * If the job succeeded but its entry cannot be written, this throws, naming what was done.
     */
    default <T> T record(AuditEvent event, Job<T> job, java.util.function.BiFunction<AuditEvent, T, AuditEvent> finish) throws Exception {
        T result;
        try {
            result = job.run();
        } catch (Exception | Error e) {
            try {
                append(event.failed(e));
            } catch (RuntimeException auditFailure) {
                e.addSuppressed(auditFailure);
            }
            throw e;
        }
        AuditEvent done = finish.apply(event, result);
        try {
            append(done);
        } catch (RuntimeException e) {
            throw new AuditWriteException(done.action() + (done.targets().isEmpty() ? "" : " " + String.join(", ", done.targets())) + " was done ("
                    + done.outcome().code() + "), but its audit entry could not be written: " + e.getMessage(), e);
        }
        return result;
    }

    /** An audit entry could not be written. */
    final class AuditWriteException extends IllegalStateException {
        public AuditWriteException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
