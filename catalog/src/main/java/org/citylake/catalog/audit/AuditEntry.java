package org.citylake.catalog.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One line of the audit log as stored: an {@link AuditEvent} with its sequence number, time and OS user,
 * chained to the entry before it. {@code hash = SHA-256(canonical())}, and {@link #canonical()} includes
 * the previous entry's hash, so changing, removing or reordering any stored entry breaks every hash after
 * it; {@link AuditChain#verify} finds the first such break.
 *
 * <p>Times are kept to the microsecond, the precision Iceberg stores, so an entry read back hashes to
 * the value computed when it was written.
 */
public record AuditEntry(long seq, Instant at, String osUser, String actor, String action, List<String> targets, String batchId,
                         String packageId, Outcome outcome, String message, String details, String prevHash, String hash) {
    /** The hash before the first entry. */
    public static final String GENESIS = "0".repeat(64);

    public enum Outcome {
        OK, FAILED;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Outcome ofCode(String code) {
            return valueOf(code.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        targets = List.copyOf(targets);
        message = message == null ? "" : message;
        details = details == null ? "{}" : details;
    }

    /** The entry that follows {@code previous} (null: the first entry) for {@code event}, with its hash. */
    public static AuditEntry next(AuditEntry previous, AuditEvent event, Instant at, String osUser) {
        return previous == null ? next(0, GENESIS, event, at, osUser) : next(previous.seq(), previous.hash(), event, at, osUser);
    }

    /** The entry after the one with {@code previousSeq} and {@code previousHash} (0 and {@link #GENESIS}: the first). */
    public static AuditEntry next(long previousSeq, String previousHash, AuditEvent event, Instant at, String osUser) {
        long seq = previousSeq + 1;
        String prev = previousHash;
        AuditEntry unsigned = new AuditEntry(seq, at.truncatedTo(ChronoUnit.MICROS), osUser, event.actor(), event.action(), event.targets(),
                event.batchId(), event.packageId(), event.outcome(), event.message(), Json.object(event.details()), prev, "");
        return unsigned.withHash(unsigned.computedHash());
    }

    AuditEntry withHash(String h) {
        return new AuditEntry(seq, at, osUser, actor, action, targets, batchId, packageId, outcome, message, details, prevHash, h);
    }

    /** Every field but the hash itself, in a fixed order, as one JSON array: the text the hash is taken of. */
    public String canonical() {
        return Json.array(List.of(seq, at.toString(), nullable(osUser), nullable(actor), action, targets, nullable(batchId),
                nullable(packageId), outcome.code(), message, details, nullable(prevHash)));
    }

    public String computedHash() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The entry as one JSON object (for {@code citylake audit --format json}); details stay a nested object. */
    public String toJson() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("seq", seq);
        m.put("at", at.toString());
        m.put("os_user", osUser);
        m.put("actor", actor);
        m.put("action", action);
        m.put("targets", targets);
        m.put("batch_id", batchId);
        m.put("package_id", packageId);
        m.put("outcome", outcome.code());
        m.put("message", message);
        m.put("details", new Json.Raw(details));
        m.put("prev_hash", prevHash);
        m.put("hash", hash);
        return Json.value(m);
    }

    private static Object nullable(String s) {
        return s == null ? Json.NULL : s;
    }
}
