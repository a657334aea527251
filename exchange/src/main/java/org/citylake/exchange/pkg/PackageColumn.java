package org.citylake.exchange.pkg;

/** A column of the exchanged rows: name, Spark SQL type, and the masking applied before the data left. */
public record PackageColumn(String name, String type, String masking) {
}
