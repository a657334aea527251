package org.citylake.pipelines.generate;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a CSV file the way a department's export tool does: a chosen charset (GBK for the police
 * registry, where characters GBK lacks become '?' exactly as a real lossy export would), an optional
 * UTF-8 byte-order mark, a line terminator, RFC 4180 quoting. Counts physical lines so every row can
 * be located by the defect ledger; values never contain line breaks, so one record is one line.
 */
final class CsvFileWriter implements Closeable {
    private final Writer out;
    private final String lineEnd;
    private final String fileName;
    private long lines;
    private long dataRows;

    private CsvFileWriter(Path file, Charset charset, boolean byteOrderMark, String lineEnd) throws IOException {
        OutputStream stream = Files.newOutputStream(file);
        if (byteOrderMark) {
            stream.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        CharsetEncoder encoder = charset.newEncoder()
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .onMalformedInput(CodingErrorAction.REPLACE);
        this.out = new BufferedWriter(new OutputStreamWriter(stream, encoder), 1 << 16);
        this.lineEnd = lineEnd;
        this.fileName = file.getFileName().toString();
    }

    /** GBK with CRLF: what the police registry's Windows export produces. */
    static CsvFileWriter gbk(Path file) throws IOException {
        return new CsvFileWriter(file, Charset.forName("GBK"), false, "\r\n");
    }

    static CsvFileWriter utf8(Path file) throws IOException {
        return new CsvFileWriter(file, StandardCharsets.UTF_8, false, "\n");
    }

    static CsvFileWriter utf8WithBom(Path file) throws IOException {
        return new CsvFileWriter(file, StandardCharsets.UTF_8, true, "\n");
    }

    String fileName() {
        return fileName;
    }

    void writeHeader(List<String> header) {
        writeLine(header.toArray(String[]::new));
    }

    /** Writes one data row and returns its 1-based physical line number. */
    long writeRow(String... values) {
        dataRows++;
        return writeLine(values);
    }

    /** The line number the next row will get. */
    long nextLine() {
        return lines + 1;
    }

    long dataRows() {
        return dataRows;
    }

    private long writeLine(String[] values) {
        try {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    out.write(',');
                }
                writeField(values[i] == null ? "" : values[i]);
            }
            out.write(lineEnd);
            return ++lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeField(String value) throws IOException {
        boolean needsQuotes = value.indexOf(',') >= 0 || value.indexOf('"') >= 0
                || (!value.isEmpty() && (value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' '));
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("line break inside a CSV value would break line accounting: " + value);
        }
        if (!needsQuotes) {
            out.write(value);
            return;
        }
        out.write('"');
        out.write(value.replace("\"", "\"\""));
        out.write('"');
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
