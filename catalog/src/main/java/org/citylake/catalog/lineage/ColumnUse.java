package org.citylake.catalog.lineage;

/**
 * Something that uses a column: a downstream table column (through lineage), a serving view of a
 * scenario app, or an exchange subscription that ships it. {@code detail} says how (the transformation,
 * the view's column and masking, the subscription's peer and masking).
 */
public record ColumnUse(Kind kind, String name, String column, String detail) {
    public enum Kind {
        TABLE_COLUMN("table"), SERVING_VIEW("serving view"), EXCHANGE_SUBSCRIPTION("exchange subscription");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
