package org.citylake.pipelines.collect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;

/**
 * Splits a byte stream into physical lines and decodes each strictly in the declared encoding.
 * Splitting on bytes first is safe for UTF-8 and GBK (neither uses 0x0A inside a multi-byte
 * character) and means one undecodable line is reported on its own instead of failing the file.
 *
 * <p>A reader of one {@link SourceSplit} starts at the split's first byte (a line start) with the
 * split's first line number, and ends with the last line that starts before the split's end.
 */
final class PhysicalLines implements AutoCloseable {
    /** One physical line: its 1-based number, its text, and whether it decoded cleanly. */
    record Line(long number, String text, boolean decoded) {
    }

    private final InputStream in;
    private final Charset charset;
    private final CharsetDecoder strict;
    /** Bytes of this reader's range: lines starting at or after this many bytes are not read. */
    private final long limit;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int end;
    private byte[] line = new byte[256];
    private long consumed;
    private long number;
    private boolean eof;

    /** Every line of the stream, numbered from 1. */
    PhysicalLines(InputStream in, Charset charset) {
        this(in, charset, 1, Long.MAX_VALUE);
    }

    /**
     * The lines of a stream positioned at a line start: the first is numbered {@code firstNumber}, and
     * only lines starting within the next {@code limit} bytes are read (the last one may run past it).
     */
    PhysicalLines(InputStream in, Charset charset, long firstNumber, long limit) {
        this.in = in;
        this.charset = charset;
        this.strict = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        this.number = firstNumber - 1;
        this.limit = limit;
    }

    /** The next line without its terminator, or null at the end. */
    Line next() throws IOException {
        if (eof || consumed >= limit) {
            return null;
        }
        int len = 0;
        boolean terminated = false;
        while (!terminated) {
            if (pos == end && !fill()) {
                eof = true;
                if (len == 0) {
                    return null;
                }
                break;
            }
            int nl = pos;
            while (nl < end && buf[nl] != '\n') {
                nl++;
            }
            int n = nl - pos;
            if (len + n > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, len + n));
            }
            System.arraycopy(buf, pos, line, len, n);
            len += n;
            consumed += n;
            pos = nl;
            if (nl < end) {
                pos++;
                consumed++;
                terminated = true;
            }
        }
        number++;
        if (len > 0 && line[len - 1] == '\r') {
            len--;
        }
        int start = 0;
        if (number == 1 && len >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB && (line[2] & 0xFF) == 0xBF) {
            start = 3; // UTF-8 byte-order mark, as Excel and the province's export tool write it
        }
        try {
            CharBuffer chars = strict.reset().decode(ByteBuffer.wrap(line, start, len - start));
            return new Line(number, chars.toString(), true);
        } catch (CharacterCodingException e) {
            return new Line(number, new String(line, start, len - start, charset), false);
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        end = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
