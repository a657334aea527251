package org.citylake.pipelines.generate;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a run produced: data rows per file (in write order), defect counts by kind code, and the
 * paths of every file written (sources, defects.jsonl, manifest.json).
 */
public record GenerationResult(Path outDir, Map<String, Long> rowsByFile, Map<String, Integer> defectsByKind,
                               List<Path> files) {
    public GenerationResult {
        rowsByFile = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rowsByFile));
        defectsByKind = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(defectsByKind));
        files = List.copyOf(files);
    }

    public int totalDefects() {
        return defectsByKind.values().stream().mapToInt(Integer::intValue).sum();
    }
}
