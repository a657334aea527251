package org.citylake.warehouse.services;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The local services citylake can start for the embedded {@code local} profile. */
public enum ServiceKind {
    HMS,
    TRINO;

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
