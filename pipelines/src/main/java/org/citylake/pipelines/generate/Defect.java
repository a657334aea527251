package org.citylake.pipelines.generate;

/**
 * One injected defect: where it is (file, 1-based physical line), what it is, which contract column
 * carries it, and a human-readable detail (the value written and why it is wrong).
 */
record Defect(String file, long line, DefectKind kind, String column, String detail) {
}
