package org.calico4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.calico4j.model.conformance.ConformanceVectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every conformance vector through the CLI's commands, in-process (the IT runs the packaged jar). */
class CliConformanceTest {
    record Run(int code, String out, String err) {
    }

    /** Runs a command line against the file store in {@code store} (as {@code --datastore <store uri> args...}). */
    static Run runOn(java.nio.file.Path store, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--datastore";
        all[1] = store.toUri().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return run(all);
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @TestFactory
    Stream<DynamicTest> validateMatchesEveryManifestVector() {
        return ConformanceVectors.manifestCases().stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> {
            Run r = run("validate", "-f", c.manifest().toString(), "-o", "yaml");
            ConformanceVectors.verify(c, r.code() == 0, r.out(), r.err());
            if (!c.accept()) {
                assertEquals(1, r.code(), c.id() + " exit code");
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> selectorCommandsMatchEverySelectorVector() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ConformanceVectors.SelectorCase c : ConformanceVectors.selectorCases()) {
            tests.add(DynamicTest.dynamicTest(c.id() + " check", () ->
                    assertEquals(c.valid() ? 0 : 1, run("selector", "check", c.selector()).code(), c.selector())));
            for (ConformanceVectors.Sample s : c.samples()) {
                tests.add(DynamicTest.dynamicTest(c.id() + " match " + s.labels(), () ->
                        assertEquals(s.matches() ? 0 : 1, run("selector", "match", c.selector(), "--labels", labels(s.labels())).code())));
            }
        }
        return tests.stream();
    }

    static String labels(Map<String, String> labels) {
        return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}
