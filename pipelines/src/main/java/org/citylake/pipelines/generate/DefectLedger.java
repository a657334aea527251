package org.citylake.pipelines.generate;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Streams the ground truth to defects.jsonl as rows are written, and counts defects by kind. */
final class DefectLedger implements Closeable {
    private final Writer out;
    private final Map<DefectKind, Integer> byKind = new EnumMap<>(DefectKind.class);
    private final Map<String, Integer> byFile = new TreeMap<>();
    private final Map<String, Integer> byFileAndKind = new TreeMap<>();

    DefectLedger(Path file) throws IOException {
        out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
    }

    void record(Defect defect) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", defect.file());
        json.put("line", defect.line());
        json.put("kind", defect.kind().code());
        json.put("column", defect.column());
        json.put("expect", defect.kind().expect().code());
        if (defect.kind().reason() != null) {
            json.put("reason", defect.kind().reason());
        }
        json.put("detail", defect.detail());
        try {
            out.write(JsonText.object(json));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byKind.merge(defect.kind(), 1, Integer::sum);
        byFile.merge(defect.file(), 1, Integer::sum);
        byFileAndKind.merge(defect.file() + "\u0000" + defect.kind().code(), 1, Integer::sum);
    }

    /** Counts by kind code, sorted by code. */
    Map<String, Integer> countsByKind() {
        Map<String, Integer> counts = new TreeMap<>();
        byKind.forEach((k, v) -> counts.put(k.code(), v));
        return counts;
    }

    int countFor(String file) {
        return byFile.getOrDefault(file, 0);
    }

    int countFor(String file, DefectKind kind) {
        return byFileAndKind.getOrDefault(file + "\u0000" + kind.code(), 0);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
