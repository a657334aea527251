package org.citylake.exchange.pkg;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Counts the rows actually in a (plaintext) data file, to hold the manifest's row counts to account:
 * a digest proves the bytes are the producer's, not that the producer counted right.
 */
public final class RowCounter {
    public static final Charset GBK = Charset.forName("GBK");

    private RowCounter() {
    }

    public static long count(Path file, PackageManifest.DataFormat format) throws IOException {
        return switch (format) {
            case PARQUET -> parquetRows(file);
            case CSV_GBK -> csvRecords(file);
        };
    }

    /** Parquet keeps the row count in its footer; no data page is read. */
    static long parquetRows(Path file) throws IOException {
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
            return r.getRecordCount();
        }
    }

    /** Records after the header line; a newline inside a quoted field does not end a record. */
    static long csvRecords(Path file) throws IOException {
        long records = 0;
        boolean inQuotes = false;
        boolean any = false;
        try (BufferedReader r = Files.newBufferedReader(file, GBK)) {
            for (int c; (c = r.read()) != -1; ) {
                any = true;
                if (c == '"') {
                    inQuotes = !inQuotes;
                } else if (c == '\n' && !inQuotes) {
                    records++;
                    any = false;
                }
            }
        }
        if (any) {
            records++; // last record without a trailing newline
        }
        return Math.max(0, records - 1);
    }
}
