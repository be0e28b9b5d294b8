package org.calico4j.dataplane.bgp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.calico4j.dataplane.linux.CommandRunner;
import org.junit.jupiter.api.Assumptions;

/** {@code bird -p}: BIRD's own parse of a configuration. Skipped outside CI without BIRD; a failure under CI=true. */
final class BirdCheck {
    static final Path BIRD = Path.of("/usr/sbin/bird");

    private BirdCheck() {
    }

    static void requireBird() {
        if (!Files.isExecutable(BIRD)) {
            missing(BIRD + " (Debian package bird2; ./scripts/test installs it)");
        }
    }

    /** A tier that cannot run: skipped with the reason outside CI, a failure when CI=true. */
    static void missing(String what) {
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but the BGP tier cannot run: missing " + what);
        }
        Assumptions.abort("BGP tier skipped: missing " + what);
    }

    /** Parses {@code config} with BIRD; returns BIRD's complaint, or null when it parses. */
    static String parse(String config) throws IOException {
        requireBird();
        Path f = Files.createTempFile("calico4j-bird", ".conf");
        try {
            Files.writeString(f, config);
            CommandRunner.Result r = CommandRunner.system().run(List.of(BIRD.toString(), "-p", "-c", f.toString()), Duration.ofSeconds(20));
            return r.ok() ? null : (r.stderr() + r.stdout()).strip();
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
