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
        return jarWithInput(null, args);
    }

    /** As {@link #jar}, with standard input read from {@code stdin} (none when null). */
    static Run jarWithInput(Path stdin, String... args) throws IOException, InterruptedException {
        String jar = System.getProperty("calico4j.cli.jar", "target/calico4j.jar");
        assertTrue(Files.isRegularFile(Path.of(jar)), "CLI jar not built: " + jar);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar", jar));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("calico4j-out", ".txt");
        Path err = Files.createTempFile("calico4j-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            if (stdin != null) {
                pb.redirectInput(stdin.toFile());
            }
            Process p = pb.start();
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
    void invalidUtf8IsAnErrorNamingTheInputAndByteOffsetFromAFileAndFromStandardInput(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        byte[] good = Files.readAllBytes(Path.of("../manifests/ippool-nat-outgoing.yaml"));
        int at = new String(good, StandardCharsets.UTF_8).indexOf("ippool-ext-1") + 3;
        byte[] bad = good.clone();
        bad[at] = (byte) 0xff;
        Path f = Files.write(tmp.resolve("bad.yaml"), bad);
        Run fromFile = jar("--datastore", tmp.resolve("store").toUri().toString(), "apply", "-f", f.toString());
        assertEquals(1, fromFile.code());
        assertTrue(fromFile.err().contains(f + ": document 1: invalid UTF-8 at byte offset " + at), fromFile.err());
        Run fromStdin = jarWithInput(f, "--datastore", tmp.resolve("store").toUri().toString(), "create", "-f", "-");
        assertEquals(1, fromStdin.code());
        assertTrue(fromStdin.err().contains("-: document 1: invalid UTF-8 at byte offset " + at), fromStdin.err());
        Run validate = jarWithInput(f, "validate", "-f", "-");
        assertEquals(1, validate.code());
        assertTrue(validate.err().contains("invalid UTF-8 at byte offset " + at), validate.err());
        assertEquals(1, jar("--datastore", tmp.resolve("store").toUri().toString(), "get", "ippools").out().lines().count(),
                "nothing was stored");
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
