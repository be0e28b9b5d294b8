package org.calico4j.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Removes a benchmark's scratch directory tree after the trial.
 *
 * <pre>{@code
 * TempDirs.delete(dir);
 * }</pre>
 */
final class TempDirs {
    private TempDirs() {
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
