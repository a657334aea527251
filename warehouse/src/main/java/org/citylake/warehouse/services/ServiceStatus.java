package org.citylake.warehouse.services;

import java.nio.file.Path;

/**
 * What {@link LocalServices#status()} reports for one service. {@code pid} is -1 when citylake has no
 * live process for it; {@code endpoint} is where clients connect (thrift or JDBC URL).
 */
public record ServiceStatus(ServiceKind kind, boolean running, long pid, String endpoint, Path logFile) {
}
