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
public final class SourceFileReader {
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

    private final TableContract contract;
    private final SourceSpec source;
    private final Charset encoding;

    /** A reader in the source's declared encoding (which must not be {@code auto}). */
    public SourceFileReader(TableContract contract, SourceSpec source) {
        this(contract, source, source.encoding());
    }

    /** A reader in the encoding {@link SourceEncoding#resolve} found for the file. */
    public SourceFileReader(TableContract contract, SourceSpec source, Charset encoding) {
        this.contract = contract;
        this.source = source;
        this.encoding = java.util.Objects.requireNonNull(encoding, "encoding (resolve 'auto' with SourceEncoding first)");
    }

    /** Reads {@code file}, returning the number of records handed to {@code sink}. */
    public long read(Path file, Consumer<SourceRecord> sink) {
        try (InputStream in = Files.newInputStream(file); PhysicalLines lines = new PhysicalLines(in, encoding)) {
            return source.format() == SourceFormat.JSONL ? readJsonLines(lines, sink) : readCsv(file, lines, sink);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read source file " + file, e);
        }
    }

    private long readJsonLines(PhysicalLines lines, Consumer<SourceRecord> sink) throws IOException {
        long n = 0;
        PhysicalLines.Line line;
        while ((line = lines.next()) != null) {
            if (line.text().isBlank()) {
                continue; // blank lines between JSON records carry no record
            }
            n++;
            if (!line.decoded()) {
                sink.accept(unreadable(line.number(), line.text(), ReasonCode.ENCODING_ERROR, "line " + line.number() + " is not valid " + encoding));
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line.text());
            } catch (IOException e) {
                sink.accept(unreadable(line.number(), line.text(), ReasonCode.MALFORMED_JSON, "line " + line.number() + " is not a JSON object: " + firstLine(e.getMessage())));
                continue;
            }
            if (node == null || !node.isObject()) {
                sink.accept(unreadable(line.number(), line.text(), ReasonCode.MALFORMED_JSON, "line " + line.number() + " is not a JSON object"));
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            Map<String, String> extra = new LinkedHashMap<>();
            String wrongType = null;
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                String text = v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
                Optional<ColumnContract> col = contract.columnForHeader(e.getKey());
                if (col.isPresent()) {
                    if (v != null && v.isContainerNode() && wrongType == null) {
                        // {"x":1} would pass as a name: a structure is never a column's value
                        wrongType = "line " + line.number() + ": " + e.getKey() + " is a JSON " + (v.isArray() ? "array" : "object")
                                + ", not a value for column " + col.get().name();
                    }
                    fields.put(col.get().name(), text);
                } else {
                    extra.put(e.getKey(), text);
                }
            }
            if (wrongType != null) {
                sink.accept(unreadable(line.number(), line.text(), ReasonCode.BAD_TYPE, wrongType));
                continue;
            }
            SourceRecord tooLong = tooLong(line.number(), line.text(), fields, extra);
            sink.accept(tooLong != null ? tooLong : new SourceRecord(line.number(), fields, extra, line.text(), null));
        }
        return n;
    }

    private long readCsv(Path file, PhysicalLines lines, Consumer<SourceRecord> sink) throws IOException {
        PhysicalLines.Line headerLine = lines.next();
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
            Optional<ColumnContract> col = contract.columnForHeader(header.get(i));
            if (col.isPresent()) {
                for (int j = 0; j < i; j++) {
                    if (col.get().name().equals(target[j])) {
                        throw new SourceFileException(file, 1, "headers '" + header.get(j) + "' and '" + header.get(i)
                                + "' both name column " + col.get().name());
                    }
                }
                target[i] = col.get().name();
                anyKnown = true;
            }
        }
        if (!anyKnown) {
            throw new SourceFileException(file, 1, "no header names a column of " + contract.qualifiedName() + " (headers: " + header + ")");
        }
        long n = 0;
        PhysicalLines.Line line;
        while ((line = lines.next()) != null) {
            n++;
            if (!line.decoded()) {
                sink.accept(unreadable(line.number(), line.text(), ReasonCode.ENCODING_ERROR, "line " + line.number() + " is not valid " + encoding));
                continue;
            }
            if (line.text().isBlank()) {
                sink.accept(unreadable(line.number(), line.text(), ReasonCode.EMPTY_RECORD, "line " + line.number() + " is empty"));
                continue;
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
                sink.accept(unreadable(line.number(), line.text(), ReasonCode.UNBALANCED_QUOTES, "line " + line.number() + " opens a quote that is never closed"));
                for (PhysicalLines.Line c : continuation) {
                    n++;
                    sink.accept(reparse(c, header, target));
                }
                continue;
            }
            sink.accept(toRecord(line.number(), text, parsed.fields(), header, target));
        }
        return n;
    }

    private SourceRecord reparse(PhysicalLines.Line line, List<String> header, String[] target) {
        if (!line.decoded()) {
            return unreadable(line.number(), line.text(), ReasonCode.ENCODING_ERROR, "line " + line.number() + " is not valid " + encoding);
        }
        CsvRecordParser.Result parsed = CsvRecordParser.parse(line.text());
        if (parsed.fields() == null) {
            return unreadable(line.number(), line.text(), ReasonCode.UNBALANCED_QUOTES, "line " + line.number() + " opens a quote that is never closed");
        }
        return toRecord(line.number(), line.text(), parsed.fields(), header, target);
    }

    private SourceRecord toRecord(long number, String raw, List<String> cells, List<String> header, String[] target) {
        if (cells.size() != header.size()) {
            return unreadable(number, raw, ReasonCode.WRONG_FIELD_COUNT,
                    "line " + number + " has " + cells.size() + " fields, the header has " + header.size());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, String> extra = new LinkedHashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            if (target[i] != null) {
                fields.put(target[i], cells.get(i));
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
