/**
 * Data quality from contracts.
 *
 * <ul>
 *   <li>{@link org.citylake.quality.ContractChecks}: contract → Deequ checks (one per level), every
 *       constraint named {@code <column>:<rule>}.</li>
 *   <li>{@link org.citylake.quality.QualityVerifier}: one Deequ run per batch (shared scans) plus one
 *       join per reference rule → {@link org.citylake.quality.QualityReport}.</li>
 *   <li>{@link org.citylake.quality.QualityResultsTable}: report → {@code governance.quality_results}.</li>
 *   <li>{@link org.citylake.quality.QualityRun}: the pipeline's one call — checks, anomaly analyzers and
 *       metrics persistence in one Deequ run, anomaly detection on history, results appended.</li>
 *   <li>{@code metrics.QualityMetricsTable}: Deequ {@code MetricsRepository} on {@code governance.quality_metrics}.</li>
 *   <li>{@code anomaly.AnomalyChecks}: Deequ strategies on the history ({@code conf/quality/anomaly.yaml}).</li>
 *   <li>{@code score.QualityScorer}: GB/T 36344 indicator, table and district scores ({@code conf/quality/scores.yaml}).</li>
 *   <li>{@code report.QualityHistory} + {@code report.QualityReportPage}: the steward's self-contained HTML page.</li>
 * </ul>
 *
 * <p>Cost of a verification, measured by {@code SingleScanTest}: all scan-shareable metrics
 * (size, completeness, compliance, pattern) in one pass; each distinct uniqueness column adds two
 * (Deequ counts the non-NULL rows, then groups); each reference rule adds one join.
 */
package org.citylake.quality;
