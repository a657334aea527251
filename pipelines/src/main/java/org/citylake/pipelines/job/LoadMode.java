package org.citylake.pipelines.job;

/**
 * How a batch's full-extract files are applied. Change-set sources ({@code mode: changes}) are
 * applied the same way in both modes: they never remove records they do not mention.
 */
public enum LoadMode {
    /**
     * Every delivered source is the whole extract: the base table ends holding exactly the batch's
     * surviving records, so a record no full-extract file delivers any more is deleted.
     */
    FULL,
    /**
     * Only files not yet taken (per {@code governance.watermarks}) are collected, and full-extract
     * files among them are upserted: nothing is deleted for being absent, since a partial delivery
     * is normal here.
     */
    INCREMENTAL
}
