package org.citylake.catalog.contract;

import java.util.Objects;

/**
 * How a source that delivers change sets (CDC) marks its records: the header of the operation
 * column (I insert, U update, D delete; the whole after-image for I and U, only the key for D) and
 * the header of the source sequence that orders changes of one key — a whole number, or a
 * timestamp when {@link SequenceKind#TIMESTAMP} (then it is also the version's valid-from time in
 * the history table). Declared once, in the source spec of the data contract:
 *
 * <pre>
 *   mode: changes
 *   op_column: 变更类型
 *   sequence_column: 变更时间
 *   sequence_kind: timestamp
 * </pre>
 */
public record ChangeFeed(String opColumn, String sequenceColumn, SequenceKind sequenceKind) implements java.io.Serializable {
    public enum SequenceKind {
        /** A whole number that grows with every change of the source (a log sequence number). */
        NUMBER,
        /** A date-time of the change (yyyy-MM-dd HH:mm:ss[.SSS], in Asia/Shanghai unless it names an offset). */
        TIMESTAMP
    }

    public ChangeFeed {
        Objects.requireNonNull(opColumn, "opColumn");
        Objects.requireNonNull(sequenceColumn, "sequenceColumn");
        Objects.requireNonNull(sequenceKind, "sequenceKind");
    }
}
