package org.citylake.pipelines.change;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.citylake.catalog.contract.ChangeFeed;

/**
 * The position of a change in its source's order, as one comparable number: the sequence itself
 * for {@link ChangeFeed.SequenceKind#NUMBER}, microseconds since the epoch for a timestamp (which
 * also gives the change's time, {@link #changedAt()}). Changes of one key are applied in this order;
 * one at or below what the lake already holds for the key is late or a duplicate and is ignored.
 */
public record ChangeSequence(long value, Optional<Instant> changedAt) implements Comparable<ChangeSequence> {
    /** Department systems write local time; a timestamp without an offset is Yaohai's. */
    public static final ZoneId SOURCE_ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd")
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.MICRO_OF_SECOND, 1, 6, true).optionalEnd()
            .toFormatter()
            // 2026-11-31 is no date: a lenient parser would read it as 11-30 and misplace the change.
            .withResolverStyle(java.time.format.ResolverStyle.STRICT);

    /** Parses a sequence of the given kind; empty if the text is not one (the record is then quarantined). */
    public static Optional<ChangeSequence> parse(String raw, ChangeFeed.SequenceKind kind) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String s = raw.strip();
        if (kind == ChangeFeed.SequenceKind.NUMBER) {
            if (!s.matches("[0-9]{1,18}")) {
                return Optional.empty();
            }
            return Optional.of(new ChangeSequence(Long.parseLong(s), Optional.empty()));
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(s.replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                at = LocalDateTime.parse(s, LOCAL).atZone(SOURCE_ZONE).toInstant();
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new ChangeSequence(ChronoUnit.MICROS.between(Instant.EPOCH, at), Optional.of(at)));
    }

    @Override
    public int compareTo(ChangeSequence o) {
        return Long.compare(value, o.value);
    }
}
