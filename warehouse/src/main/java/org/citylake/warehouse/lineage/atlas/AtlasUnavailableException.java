package org.citylake.warehouse.lineage.atlas;

/** Atlas could not be reached, or answered a request with an error; the message names the request and the answer. */
public final class AtlasUnavailableException extends RuntimeException {
    public AtlasUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public AtlasUnavailableException(String message) {
        super(message);
    }
}
