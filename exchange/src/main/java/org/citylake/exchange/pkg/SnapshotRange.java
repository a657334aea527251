package org.citylake.exchange.pkg;

import java.util.OptionalLong;

/**
 * The Iceberg snapshots a package covers: changes after {@code fromExclusive} up to and including
 * {@code toInclusive}. An empty {@code fromExclusive} means "from the beginning of the table" (the first
 * package of a subscription carries the whole table as of {@code toInclusive}).
 */
public record SnapshotRange(Long fromExclusive, long toInclusive) {
    public SnapshotRange {
        if (fromExclusive != null && fromExclusive == toInclusive) {
            throw new IllegalArgumentException("An empty snapshot range (" + toInclusive + ") makes no package");
        }
    }

    public OptionalLong from() {
        return fromExclusive == null ? OptionalLong.empty() : OptionalLong.of(fromExclusive);
    }

    public boolean isInitial() {
        return fromExclusive == null;
    }

    @Override
    public String toString() {
        return (fromExclusive == null ? "start" : fromExclusive.toString()) + ".." + toInclusive;
    }
}
