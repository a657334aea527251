package org.citylake.warehouse.services;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.stream.Collectors;

/** The local services citylake can start for the embedded {@code local} profile. */
public enum ServiceKind {
    HMS,
    TRINO,
    /** Apache Atlas 2.1.0, for lineage publishing; never started unless asked for by name. */
    ATLAS;

    /** What {@code citylake services up} starts without {@code --only}: the lake's own services, not Atlas. */
    public static EnumSet<ServiceKind> defaults() {
        return EnumSet.of(HMS, TRINO);
    }

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
