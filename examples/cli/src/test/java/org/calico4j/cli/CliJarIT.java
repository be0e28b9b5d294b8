package org.calico4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.calico4j.model.conformance.ConformanceVectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The packaged {@code calico4j.jar}, one process per call, as the conformance README prescribes. */
class CliJarIT {
    record Run(int code, String out, String err) {
    }

    static Run jar(String... args) throws IOException, InterruptedException {
        String jar = System.getProperty("calico4j.cli.jar", "target/calico4j.jar");
        assertTrue(Files.isRegularFile(Path.of(jar)), "CLI jar not built: " + jar);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar", jar));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("calico4j-out", ".txt");
        Path err = Files.createTempFile("calico4j-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void exampleManifestValidatesWithCalicoDefaults() throws Exception {
        Run r = jar("validate", "-f", "../manifests/ippool-nat-outgoing.yaml", "-o", "yaml");
        assertEquals(0, r.code(), r.err());
        for (String s : new String[] {"blockSize: 26", "ipipMode: Never", "natOutgoing: true", "nodeSelector: all()",
                "- Workload", "- Tunnel", "assignmentMode: Automatic"}) {
            assertTrue(r.out().contains(s), s + " missing:\n" + r.out());
        }
    }

    @TestFactory
    Stream<DynamicTest> everyManifestVectorThroughTheJar() {
        return ConformanceVectors.manifestCases().stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> {
            Run r = jar("validate", "-f", c.manifest().toString(), "-o", "yaml");
            ConformanceVectors.verify(c, r.code() == 0, r.out(), r.err());
        }));
    }

    @TestFactory
    Stream<DynamicTest> everySelectorVectorThroughTheJar() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ConformanceVectors.SelectorCase c : ConformanceVectors.selectorCases()) {
            tests.add(DynamicTest.dynamicTest(c.id() + " check", () ->
                    assertEquals(c.valid() ? 0 : 1, jar("selector", "check", c.selector()).code(), c.selector())));
            for (ConformanceVectors.Sample s : c.samples()) {
                tests.add(DynamicTest.dynamicTest(c.id() + " match " + s.labels(), () -> assertEquals(s.matches() ? 0 : 1,
                        jar("selector", "match", c.selector(), "--labels", CliConformanceTest.labels(s.labels())).code())));
            }
        }
        return tests.stream();
    }
}
