/**
 * Data quality from contracts.
 *
 * <ul>
 *   <li>{@link org.citylake.quality.ContractChecks}: contract → Deequ checks (one per level), every
 *       constraint named {@code <column>:<rule>}.</li>
 *   <li>{@link org.citylake.quality.QualityVerifier}: one Deequ run per batch (shared scans) plus one
 *       join per reference rule → {@link org.citylake.quality.QualityReport}.</li>
 *   <li>{@link org.citylake.quality.QualityResultsTable}: report → {@code governance.quality_results}.</li>
 * </ul>
 *
 * <p>Cost of a verification, measured by {@code SingleScanTest}: all scan-shareable metrics
 * (size, completeness, compliance, pattern) in one pass; each distinct uniqueness column adds two
 * (Deequ counts the non-NULL rows, then groups); each reference rule adds one join.
 */
package org.citylake.quality;
