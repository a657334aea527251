package org.citylake.warehouse.maintenance;

import java.time.Duration;
import java.util.Map;
import org.citylake.catalog.contract.TableContract;

/**
 * How hard maintenance may prune one table.
 *
 * @param snapshotRetention snapshots committed longer ago than this may be expired (the contract's retention_days)
 * @param retainLast        snapshots kept on each branch however old they are; at least 1, so a table never loses its current state
 * @param orphanAge         files not referenced by any snapshot are deleted only when older than this, so a write
 *                          still in flight (files written, commit pending) is never taken for an orphan
 * @param equalSchemes      schemes that name the same file system ({@code s3a} and {@code s3n} are {@code s3})
 * @param equalAuthorities  authorities that name the same store (e.g. two endpoints of one bucket)
 */
public record MaintenancePolicy(Duration snapshotRetention, int retainLast, Duration orphanAge,
                                Map<String, String> equalSchemes, Map<String, String> equalAuthorities) {
    /** ARCHITECTURE: files younger than three days may belong to a running load. */
    public static final Duration ORPHAN_AGE = Duration.ofDays(3);
    public static final int DEFAULT_RETENTION_DAYS = 7;
    /** Iceberg's own default, spelled out so it is also applied to tables written before it was. */
    public static final Map<String, String> EQUAL_SCHEMES = Map.of("s3a", "s3", "s3n", "s3");

    public MaintenancePolicy {
        if (snapshotRetention.isNegative() || orphanAge.isNegative()) {
            throw new IllegalArgumentException("retention and orphan age must not be negative");
        }
        if (retainLast < 1) {
            throw new IllegalArgumentException("retainLast must be at least 1, got " + retainLast);
        }
        equalSchemes = Map.copyOf(equalSchemes);
        equalAuthorities = Map.copyOf(equalAuthorities);
    }

    public static MaintenancePolicy ofRetentionDays(int days) {
        int d = days > 0 ? days : DEFAULT_RETENTION_DAYS;
        return new MaintenancePolicy(Duration.ofDays(d), 1, ORPHAN_AGE, EQUAL_SCHEMES, Map.of());
    }

    /** The contract's {@code retention_days}, 7 where it declares none. */
    public static MaintenancePolicy of(TableContract contract) {
        return ofRetentionDays(contract.retentionDays());
    }

    public MaintenancePolicy withEqualAuthorities(Map<String, String> authorities) {
        return new MaintenancePolicy(snapshotRetention, retainLast, orphanAge, equalSchemes, authorities);
    }
}
