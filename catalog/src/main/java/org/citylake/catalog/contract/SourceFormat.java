package org.citylake.catalog.contract;

/** How a department delivers a source: a file (CSV, JSON Lines) or rows read from its database over JDBC. */
public enum SourceFormat { CSV, JSONL, JDBC }
