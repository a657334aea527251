package org.citylake.exchange.subscription;

import java.nio.file.Path;

/** A subscription file that cannot be used, naming file, line and field (like a bad data contract). */
public final class SubscriptionException extends RuntimeException {
    private final Path file;
    private final int line;
    private final String field;

    public SubscriptionException(Path file, int line, String field, String problem) {
        super(file + ":" + line + ": field '" + field + "': " + problem);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String field() {
        return field;
    }
}
