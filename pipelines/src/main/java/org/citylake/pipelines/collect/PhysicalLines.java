package org.citylake.pipelines.collect;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;

/**
 * Splits a byte stream into physical lines and decodes each strictly in the declared encoding.
 * Splitting on bytes first is safe for UTF-8 and GBK (neither uses 0x0A inside a multi-byte
 * character) and means one undecodable line is reported on its own instead of failing the file.
 */
final class PhysicalLines implements AutoCloseable {
    /** One physical line: its 1-based number, its text, and whether it decoded cleanly. */
    record Line(long number, String text, boolean decoded) {
    }

    private final InputStream in;
    private final Charset charset;
    private final CharsetDecoder strict;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
    private long number;
    private boolean eof;

    PhysicalLines(InputStream in, Charset charset) {
        this.in = new BufferedInputStream(in, 1 << 16);
        this.charset = charset;
        this.strict = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** The next line without its terminator, or null at the end. */
    Line next() throws IOException {
        if (eof) {
            return null;
        }
        buf.reset();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            buf.write(b);
        }
        if (b == -1) {
            eof = true;
            if (buf.size() == 0) {
                return null;
            }
        }
        number++;
        byte[] bytes = buf.toByteArray();
        int len = bytes.length;
        if (len > 0 && bytes[len - 1] == '\r') {
            len--;
        }
        int start = 0;
        if (number == 1 && len >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            start = 3; // UTF-8 byte-order mark, as Excel and the province's export tool write it
        }
        try {
            CharBuffer chars = strict.reset().decode(ByteBuffer.wrap(bytes, start, len - start));
            return new Line(number, chars.toString(), true);
        } catch (CharacterCodingException e) {
            return new Line(number, new String(bytes, start, len - start, charset), false);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
