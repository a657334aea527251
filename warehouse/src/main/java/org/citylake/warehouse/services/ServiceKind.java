package org.citylake.warehouse.services;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The services citylake can start on this machine, in start order: PostgreSQL (the metastore's database in the
 * cluster profile), the Hive Metastore, a Spark standalone master with one worker, and Trino.
 */
public enum ServiceKind {
    POSTGRES,
    HMS,
    SPARK,
    TRINO,
    /** Apache Atlas 2.1.0, for lineage publishing; never started unless asked for by name. */
    ATLAS,
    /** An S3-compatible server (s3proxy) on loopback, for exchange peers and S3 warehouses; only when asked for by name. */
    S3;

    /** Parses "hms" or "trino" (any case); the error names the accepted values so a CLI user can fix the typo. */
    public static ServiceKind parse(String text) {
        if (text != null) {
            String wanted = text.trim().toUpperCase(Locale.ROOT);
            for (ServiceKind kind : values()) {
                if (kind.name().equals(wanted)) {
                    return kind;
                }
            }
        }
        throw new IllegalArgumentException("Unknown service '" + text + "': expected one of "
                + Arrays.stream(values()).map(ServiceKind::displayName).collect(Collectors.joining(", ")));
    }

    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
