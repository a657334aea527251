package org.citylake.pipelines.collect;

/**
 * A byte range of a source file that can be read on its own: it starts at a line where the file's
 * reader, reading the whole file in order, starts a new record ({@link SourceSplits} finds such lines),
 * so reading the splits one by one gives exactly the records, lines and errors of reading the file.
 *
 * @param start offset of the split's first byte (0, or the first byte of a line)
 * @param end offset just past the split: the split holds the records whose first line starts before it
 * @param firstLine 1-based number of the line at {@code start}
 */
public record SourceSplit(long start, long end, long firstLine) implements java.io.Serializable {
    public SourceSplit {
        if (start < 0 || end < start || firstLine < 1) {
            throw new IllegalArgumentException("Not a split: [" + start + ", " + end + ") from line " + firstLine);
        }
    }

    /** The whole file as one split. */
    public static SourceSplit whole() {
        return new SourceSplit(0, Long.MAX_VALUE, 1);
    }

    /** Whether the split starts at the file's first line (the header row of a CSV file). */
    public boolean first() {
        return start == 0;
    }
}
