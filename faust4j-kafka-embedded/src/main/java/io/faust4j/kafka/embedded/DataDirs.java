package io.faust4j.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Creating a broker's temporary data directory, and deleting it again. */
final class DataDirs {
    private DataDirs() {
    }

    /** A new empty directory under {@code java.io.tmpdir}. */
    static Path createTemp() {
        try {
            return Files.createTempDirectory("faust4j-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary data directory for the broker", e);
        }
    }

    /** Creates the directory (and its parents) when missing. */
    static Path ensure(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the broker data directory " + dir, e);
        }
    }

    /** Deletes the directory and everything in it; a directory already gone is fine. */
    static void delete(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the broker data directory " + dir, e);
        }
    }
}
