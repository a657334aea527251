package org.citylake.pipelines.generate;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** JSON Lines in UTF-8, one object per line; line numbers are 1-based and there is no header. */
final class JsonLinesWriter implements Closeable {
    private final Writer out;
    private long lines;

    JsonLinesWriter(Path file) throws IOException {
        this.out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
    }

    long write(Map<String, ?> record) {
        try {
            out.write(JsonText.object(record));
            out.write('\n');
            return ++lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long lines() {
        return lines;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
