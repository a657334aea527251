package org.citylake.pipelines.collect;

import org.citylake.pipelines.standards.ReasonCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.citylake.catalog.contract.ColumnContract;
import org.citylake.catalog.contract.SourceFormat;
import org.citylake.catalog.contract.SourceSpec;
import org.citylake.catalog.contract.TableContract;

/**
 * Reads one source file as its department delivered it (CSV with a header row, or JSON Lines),
 * in its declared encoding, and hands every record — readable or not — to a consumer. Nothing is
 * dropped: a record that cannot be read comes out with a parse error and its original text.
 *
 * <p>Reason codes of unreadable records: {@code encoding_error}, {@code wrong_field_count},
 * {@code unbalanced_quotes}, {@code malformed_json}, {@code empty_record}, {@code field_too_long}, and
 * {@code bad_type} for a JSON object or array where a contract column expects a value. A CSV file
 * without even a header row (an empty or truncated-to-nothing delivery) is refused whole.
 */
public final class SourceFileReader implements java.io.Serializable {
    /** A quoted CSV field may span lines, but an unclosed quote must not swallow the rest of the file. */
    static final int MAX_LINES_PER_RECORD = 50;
    /**
     * No base-library column holds more than this (the largest are building footprints in WKT); a longer field
     * is a broken export or an attack, and would cost every Spark stage that copies the row.
     */
    static final int MAX_FIELD_CHARS = 1 << 20;
    /** Decimals as written: a double would round 1234567890123456.78 before the decimal(18,2) column sees it. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final String table;
    private final SourceFormat format;
    private final HeaderNames headers;
    private final String encodingName;
    /** Not serializable: made again from its name in a Spark task. */
    private transient Charset encoding;

    /** A reader in the source's declared encoding (which must not be {@code auto}). */
    public SourceFileReader(TableContract contract, SourceSpec source) {
        this(contract, source, source.encoding());
    }

    /** A reader in the encoding {@link SourceEncoding#resolve} found for the file. */
    public SourceFileReader(TableContract contract, SourceSpec source, Charset encoding) {
        this.table = contract.qualifiedName();
        this.format = source.format();
        this.headers = HeaderNames.of(contract);
        this.encoding = java.util.Objects.requireNonNull(encoding, "encoding (resolve 'auto' with SourceEncoding first)");
        this.encodingName = encoding.name();
    }

    private Object readResolve() {
        encoding = Charset.forName(encodingName);
        return this;
    }

    /** Reads {@code file}, returning the number of records handed to {@code sink}. */
    public long read(Path file, Consumer<SourceRecord> sink) {
        CsvHeader header = format == SourceFormat.JSONL ? null : header(file);
        long n = 0;
        try (Records records = records(file, header, SourceSplit.whole())) {
            while (records.hasNext()) {
                sink.accept(records.next());
                n++;
            }
        }
        return n;
    }

    /**
     * The header row of a CSV file, checked: a file without one, or whose header is not valid in the
     * encoding, has an unbalanced quote, names one column twice or no column of the contract, is refused
     * whole ({@link SourceFileException}) before any of its records is read.
     */
    public CsvHeader header(Path file) {
        try (InputStream in = Files.newInputStream(file); PhysicalLines lines = new PhysicalLines(in, encoding)) {
            return header(file, lines.next());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read source file " + file, e);
        }
    }

    private CsvHeader header(Path file, PhysicalLines.Line headerLine) {
        if (headerLine == null) {
            // Even an extract with no rows has its header: a file without one was cut off, not emptied.
            throw new SourceFileException(file, 1, "the file is empty: no header row (a truncated delivery?)");
        }
        if (!headerLine.decoded()) {
            throw new SourceFileException(file, 1, "the header row is not valid " + encoding + " — is the declared encoding right?");
        }
        List<String> header = CsvRecordParser.parse(headerLine.text()).fields();
        if (header == null) {
            throw new SourceFileException(file, 1, "the header row has an unbalanced quote");
        }
        String[] target = new String[header.size()];
        boolean anyKnown = false;
        for (int i = 0; i < header.size(); i++) {
            Optional<String> col = headers.column(header.get(i));
            if (col.isPresent()) {
                for (int j = 0; j < i; j++) {
                    if (col.get().equals(target[j])) {
                        throw new SourceFileException(file, 1, "headers '" + header.get(j) + "' and '" + header.get(i)
                                + "' both name column " + col.get());
                    }
                }
                target[i] = col.get();
                anyKnown = true;
            }
        }
        if (!anyKnown) {
            throw new SourceFileException(file, 1, "no header names a column of " + table + " (headers: " + header + ")");
        }
        return new CsvHeader(List.copyOf(header), Arrays.asList(target));
    }

    /**
     * The records of one split of {@code file}, read lazily (a split of a large file never sits in memory
     * whole); close it when done. {@code header} is the file's checked {@link #header} (null for JSON Lines).
     */
    public Records records(Path file, CsvHeader header, SourceSplit split) {
        if (format != SourceFormat.JSONL && header == null) {
            throw new IllegalArgumentException("A CSV source needs its checked header: " + file);
        }
        try {
            InputStream in = Files.newInputStream(file);
            try {
                in.skipNBytes(split.start());
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
            PhysicalLines lines = new PhysicalLines(in, encoding, split.firstLine(), split.end() - split.start());
            if (split.first() && header != null) {
                lines.next(); // the header row, checked already
            }
            return new Records(file, lines, header);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read source file " + file, e);
        }
    }

    /** A CSV file's header: its fields as written, and for each the contract column it names (null: kept in extra). */
    public record CsvHeader(List<String> names, List<String> target) implements java.io.Serializable {
    }

    /** The records of one split, in file order; a record that cannot be read comes with its parse error. */
    public final class Records implements java.util.Iterator<SourceRecord>, AutoCloseable {
        private final Path file;
        private final PhysicalLines lines;
        private final CsvHeader header;
        private final java.util.ArrayDeque<SourceRecord> pending = new java.util.ArrayDeque<>();
        private boolean done;

        private Records(Path file, PhysicalLines lines, CsvHeader header) {
            this.file = file;
            this.lines = lines;
            this.header = header;
        }

        @Override
        public boolean hasNext() {
            while (pending.isEmpty() && !done) {
                try {
                    if (!(header == null ? nextJson() : nextCsv())) {
                        done = true;
                        close();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read source file " + file, e);
                }
            }
            return !pending.isEmpty();
        }

        @Override
        public SourceRecord next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            return pending.poll();
        }

        @Override
        public void close() {
            try {
                lines.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot close source file " + file, e);
            }
        }

        /** Reads the next JSON record into {@link #pending}; false at the end. */
        private boolean nextJson() throws IOException {
            PhysicalLines.Line line;
            do {
                line = lines.next();
                if (line == null) {
                    return false;
                }
            } while (line.text().isBlank()); // blank lines between JSON records carry no record
            pending.add(json(line));
            return true;
        }

        /** Reads the next CSV record (and the lines it gave up on, as records of their own) into {@link #pending}; false at the end. */
        private boolean nextCsv() throws IOException {
            PhysicalLines.Line line = lines.next();
            if (line == null) {
                return false;
            }
            if (!line.decoded()) {
                pending.add(unreadable(line.number(), line.text(), ReasonCode.ENCODING_ERROR, "line " + line.number() + " is not valid " + encoding));
                return true;
            }
            if (line.text().isBlank()) {
                pending.add(unreadable(line.number(), line.text(), ReasonCode.EMPTY_RECORD, "line " + line.number() + " is empty"));
                return true;
            }
            String text = line.text();
            CsvRecordParser.Result parsed = CsvRecordParser.parse(text);
            List<PhysicalLines.Line> continuation = new ArrayList<>();
            while (parsed.fields() == null && continuation.size() < MAX_LINES_PER_RECORD) {
                PhysicalLines.Line more = lines.next();
                if (more == null || !more.decoded()) {
                    if (more != null) {
                        continuation.add(more);
                    }
                    break;
                }
                continuation.add(more);
                text = text + "\n" + more.text();
                parsed = CsvRecordParser.parse(text);
            }
            if (parsed.fields() == null) {
                // Give up on this record only; the lines read ahead are records of their own.
                pending.add(unreadable(line.number(), line.text(), ReasonCode.UNBALANCED_QUOTES, "line " + line.number() + " opens a quote that is never closed"));
                for (PhysicalLines.Line c : continuation) {
                    pending.add(reparse(c, header.names(), header.target()));
                }
                return true;
            }
            pending.add(toRecord(line.number(), text, parsed.fields(), header.names(), header.target()));
            return true;
        }
    }

    private SourceRecord json(PhysicalLines.Line line) {
        if (!line.decoded()) {
            return unreadable(line.number(), line.text(), ReasonCode.ENCODING_ERROR, "line " + line.number() + " is not valid " + encoding);
        }
        JsonNode node;
        try {
            node = JSON.readTree(line.text());
        } catch (IOException e) {
            return unreadable(line.number(), line.text(), ReasonCode.MALFORMED_JSON, "line " + line.number() + " is not a JSON object: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            return unreadable(line.number(), line.text(), ReasonCode.MALFORMED_JSON, "line " + line.number() + " is not a JSON object");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, String> extra = new LinkedHashMap<>();
        String wrongType = null;
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            String text = v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
            Optional<String> col = headers.column(e.getKey());
            if (col.isPresent()) {
                if (v != null && v.isContainerNode() && wrongType == null) {
                    // {"x":1} would pass as a name: a structure is never a column's value
                    wrongType = "line " + line.number() + ": " + e.getKey() + " is a JSON " + (v.isArray() ? "array" : "object")
                            + ", not a value for column " + col.get();
                }
                fields.put(col.get(), text);
            } else {
                extra.put(e.getKey(), text);
            }
        }
        if (wrongType != null) {
            return unreadable(line.number(), line.text(), ReasonCode.BAD_TYPE, wrongType);
        }
        SourceRecord tooLong = tooLong(line.number(), line.text(), fields, extra);
        return tooLong != null ? tooLong : new SourceRecord(line.number(), fields, extra, line.text(), null);
    }

    private SourceRecord reparse(PhysicalLines.Line line, List<String> header, List<String> target) {
        if (!line.decoded()) {
            return unreadable(line.number(), line.text(), ReasonCode.ENCODING_ERROR, "line " + line.number() + " is not valid " + encoding);
        }
        CsvRecordParser.Result parsed = CsvRecordParser.parse(line.text());
        if (parsed.fields() == null) {
            return unreadable(line.number(), line.text(), ReasonCode.UNBALANCED_QUOTES, "line " + line.number() + " opens a quote that is never closed");
        }
        return toRecord(line.number(), line.text(), parsed.fields(), header, target);
    }

    private SourceRecord toRecord(long number, String raw, List<String> cells, List<String> header, List<String> target) {
        if (cells.size() != header.size()) {
            return unreadable(number, raw, ReasonCode.WRONG_FIELD_COUNT,
                    "line " + number + " has " + cells.size() + " fields, the header has " + header.size());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, String> extra = new LinkedHashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            if (target.get(i) != null) {
                fields.put(target.get(i), cells.get(i));
            } else {
                extra.put(header.get(i), cells.get(i));
            }
        }
        SourceRecord tooLong = tooLong(number, raw, fields, extra);
        return tooLong != null ? tooLong : new SourceRecord(number, fields, extra, raw, null);
    }

    /** The record as unreadable if one of its fields exceeds {@link #MAX_FIELD_CHARS}, else null. */
    private static SourceRecord tooLong(long number, String raw, Map<String, String> fields, Map<String, String> extra) {
        for (Map<String, String> m : List.of(fields, extra)) {
            for (Map.Entry<String, String> e : m.entrySet()) {
                if (e.getValue() != null && e.getValue().length() > MAX_FIELD_CHARS) {
                    return unreadable(number, raw, ReasonCode.FIELD_TOO_LONG, "line " + number + ": field " + e.getKey() + " has "
                            + e.getValue().length() + " characters, more than the " + MAX_FIELD_CHARS + " any column holds");
                }
            }
        }
        return null;
    }

    private static SourceRecord unreadable(long line, String raw, ReasonCode code, String message) {
        return new SourceRecord(line, Map.of(), Map.of(), raw, code.code() + ": " + message);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
