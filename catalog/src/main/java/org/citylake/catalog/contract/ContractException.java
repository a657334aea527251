package org.citylake.catalog.contract;

import java.nio.file.Path;

/** A contract that cannot be used, with the file, line and field that are wrong. */
public final class ContractException extends RuntimeException {
    private final Path file;
    private final int line;
    private final String field;

    public ContractException(Path file, int line, String field, String problem) {
        super(file + ":" + line + ": field '" + field + "': " + problem);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    public Path file() {
        return file;
    }

    /** 1-based line in the contract file. */
    public int line() {
        return line;
    }

    public String field() {
        return field;
    }
}
