package org.citylake.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir
    Path dir;

    @Test
    void deletesANestedTreeAndIgnoresAMissingOne() throws Exception {
        Path tree = dir.resolve("outbox/pkg-1");
        Files.createDirectories(tree.resolve("a/b"));
        Files.writeString(tree.resolve("a/b/part-00000.parquet"), "x");
        Files.writeString(tree.resolve("manifest.json"), "{}");
        FileTrees.delete(dir.resolve("outbox"));
        assertThat(dir.resolve("outbox")).doesNotExist();
        assertThat(dir).exists();
        FileTrees.delete(dir.resolve("never-there")); // no error
    }
}
