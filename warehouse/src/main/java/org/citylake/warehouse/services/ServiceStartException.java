package org.citylake.warehouse.services;

/** A local service did not come up; the message carries the tail of its log so the operator sees why. */
public final class ServiceStartException extends RuntimeException {
    public ServiceStartException(String message) {
        super(message);
    }

    public ServiceStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
