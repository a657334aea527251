package org.citylake.catalog.contract;

/** How a department delivers a source file. */
public enum SourceFormat { CSV, JSONL }
