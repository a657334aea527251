package org.citylake.pipelines.collect;

import java.nio.file.Path;

/** A source file that cannot be read at all (as opposed to one bad record, which is quarantined). */
public final class SourceFileException extends RuntimeException {
    public SourceFileException(Path file, long line, String problem) {
        super(file + ":" + line + ": " + problem);
    }
}
