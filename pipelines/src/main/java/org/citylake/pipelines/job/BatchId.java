package org.citylake.pipelines.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A batch id derived from the content of the input files, so rerunning the same delivery yields
 * the same id and overwrites its own rows instead of adding a second copy.
 */
public final class BatchId {
    private BatchId() {
    }

    public static String of(List<Path> files) {
        return of(files, List.of());
    }

    /**
     * With rows read from databases: each JDBC delivery's identity (source, watermark range, row count)
     * joins the hash, so a run that resumes a crashed one over the same range gets its batch id back.
     */
    public static String of(List<Path> files, List<String> jdbcIdentities) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String id : jdbcIdentities.stream().sorted().toList()) {
                sha.update(("jdbc:" + id).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            byte[] buf = new byte[1 << 16];
            for (Path f : files.stream().sorted().toList()) {
                sha.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                try (InputStream in = Files.newInputStream(f)) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        sha.update(buf, 0, n);
                    }
                }
            }
            return "b" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read input files to derive the batch id", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
