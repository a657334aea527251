package org.citylake.pipelines.collect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.citylake.catalog.contract.SourceFormat;

/**
 * Cuts a source file into {@link SourceSplit}s of about a target size, so its records can be parsed
 * in parallel, each split in a task of its own, with the same records, line numbers and errors as one
 * reader going through the file in order.
 *
 * <p>A JSON Lines record is one line, so any line start will do. A CSV record may span lines (a quoted
 * field with line breaks; up to {@link SourceFileReader#MAX_LINES_PER_RECORD} more lines, after which the
 * reader gives up on it and reads those lines as records of their own), so a CSV split may only start at a
 * line that the in-order reader would also start a record at. A line preceded by more than that many lines
 * without any quote character is such a line: a record still open there, or given up on after reading it,
 * would have started within those lines and opened a quote in them. The quote is the byte 0x22 in every
 * encoding the reader splits on bytes (UTF-8, GBK, GB 18030 never use it inside a character). A file whose
 * lines are quoted throughout has no such line and stays one split: slower, never different.
 *
 * <p>The scan reads bytes only (no decoding) and costs one pass over the file.
 */
public final class SourceSplits {
    /** Quote-free lines a CSV split's first line needs before it (one more than a record's continuation lines). */
    static final int QUOTE_FREE_LINES = SourceFileReader.MAX_LINES_PER_RECORD + 1;

    private SourceSplits() {
    }

    /**
     * The splits of {@code file}, each at least {@code targetBytes} long except the last; in file order,
     * covering the file without gaps (an empty file is one empty split).
     */
    public static List<SourceSplit> plan(Path file, SourceFormat format, long targetBytes) {
        if (targetBytes < 1) {
            throw new IllegalArgumentException("targetBytes must be positive: " + targetBytes);
        }
        boolean csv = format != SourceFormat.JSONL;
        List<SourceSplit> out = new ArrayList<>();
        long splitStart = 0;
        long splitLine = 1;
        long line = 1;          // number of the line being scanned
        long quoteFree = 0;     // complete lines without a quote right before the line being scanned
        boolean quoteInLine = false;
        long offset = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '"') {
                        quoteInLine = true;
                    } else if (b == '\n') {
                        quoteFree = quoteInLine ? 0 : quoteFree + 1;
                        quoteInLine = false;
                        line++;
                        long next = offset + i + 1;
                        // 'line' now starts at 'next'; the header (line 1) never starts a split of its own.
                        if (next - splitStart >= targetBytes && line > 2 && (!csv || quoteFree >= QUOTE_FREE_LINES)) {
                            out.add(new SourceSplit(splitStart, next, splitLine));
                            splitStart = next;
                            splitLine = line;
                        }
                    }
                }
                offset += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read source file " + file, e);
        }
        if (splitStart < offset || out.isEmpty()) {
            out.add(new SourceSplit(splitStart, Math.max(offset, splitStart), splitLine));
        }
        return List.copyOf(out);
    }
}
