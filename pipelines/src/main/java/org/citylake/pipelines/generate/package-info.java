/**
 * Synthetic source files for Yaohai district (瑶海区, 340102) as the departments deliver them:
 * GBK CSV from 公安, UTF-8 CSV from grid workers, JSON Lines from 市场监管, BOM-prefixed CSV of
 * certificates, and the address/building registry — with defects injected at a known rate and a
 * ground-truth ledger ({@code defects.jsonl}) saying what a correct cleansing pipeline must do.
 *
 * <p>Everything is a pure function of the seed and the as-of date: rows are derived from keyed
 * random streams ({@link org.citylake.pipelines.generate.Seeds}), never from the clock or from
 * hash iteration order, so a seed reproduces every byte.
 */
package org.citylake.pipelines.generate;
