package org.citylake.warehouse.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Exclusive sections guarded by a lock file. An OS file lock alone serialises processes but throws
 * {@code OverlappingFileLockException} for two threads of one JVM, so a per-path JVM lock is taken first.
 */
final class FileLocks {
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private FileLocks() {
    }

    static <T> T withLock(Path lockFile, Supplier<T> body) {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(key, k -> new ReentrantLock());
        jvmLock.lock();
        try {
            if (jvmLock.getHoldCount() > 1) {
                return body.get(); // re-entered by the same thread: the file lock is already ours
            }
            Files.createDirectories(key.getParent());
            try (FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return body.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock " + key, e);
        } finally {
            jvmLock.unlock();
        }
    }

    static void withLock(Path lockFile, Runnable body) {
        withLock(lockFile, () -> {
            body.run();
            return null;
        });
    }
}
