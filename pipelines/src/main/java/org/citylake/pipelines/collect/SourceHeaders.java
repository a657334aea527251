package org.citylake.pipelines.collect;

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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.citylake.catalog.contract.SourceFormat;

/**
 * The field names a delivered file really has, as its department wrote them (公民身份号码, 身份证号):
 * the header row of a CSV, or every key any JSON Lines record uses. Lineage records these rather
 * than the contract's alias list, so an auditor sees what arrived, not what might have.
 */
public final class SourceHeaders {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SourceHeaders() {
    }

    public static List<String> of(Path file, SourceFormat format, Charset encoding) {
        try (InputStream in = Files.newInputStream(file); PhysicalLines lines = new PhysicalLines(in, encoding)) {
            if (format != SourceFormat.JSONL) {
                PhysicalLines.Line header = lines.next();
                List<String> fields = header == null || !header.decoded() ? null : CsvRecordParser.parse(header.text()).fields();
                return fields == null ? List.of() : fields.stream().map(String::strip).toList();
            }
            Set<String> keys = new LinkedHashSet<>();
            PhysicalLines.Line line;
            while ((line = lines.next()) != null) {
                if (!line.decoded() || line.text().isBlank()) {
                    continue;
                }
                try {
                    JsonNode node = JSON.readTree(line.text());
                    if (node != null && node.isObject()) {
                        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                            keys.add(it.next());
                        }
                    }
                } catch (IOException malformed) {
                    // a malformed record is quarantined by the reader; it contributes no field name
                }
            }
            return new ArrayList<>(keys);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the header of " + file, e);
        }
    }

    /** SHA-256 of the file's bytes, hex: the version of a source file in lineage. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
