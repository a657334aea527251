package org.citylake.catalog.lineage;

/**
 * In one run, {@code output} was written from {@code input}. {@code relation} says how:
 * {@code collect} (file → ods), {@code cleanse+master} (ods → base), {@code reference} (a base table
 * whose keys the output's rows were checked against).
 */
public record DatasetEdge(String runId, DatasetRef input, DatasetRef output, String relation) {
}
