package org.calico4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    private static final String EXAMPLE = "../manifests/ippool-nat-outgoing.yaml";

    @Test
    void validatePrintsTheDefaultedExamplePool() {
        CliConformanceTest.Run r = CliConformanceTest.run("validate", "-f", EXAMPLE, "-o", "yaml");
        assertEquals(0, r.code(), r.err());
        for (String line : new String[] {"blockSize: 26", "ipipMode: Never", "vxlanMode: Never", "natOutgoing: true",
                "nodeSelector: all()", "assignmentMode: Automatic", "allowedUses:\n  - Workload\n  - Tunnel"}) {
            assertTrue(r.out().contains(line), line + " missing from\n" + r.out());
        }
    }

    @Test
    void validateWritesJsonWithSortedKeysAndNumbers() {
        CliConformanceTest.Run r = CliConformanceTest.run("validate", "-f", EXAMPLE, "-o", "json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"blockSize\": 26"), r.out());
        assertTrue(r.out().indexOf("\"allowedUses\"") < r.out().indexOf("\"blockSize\""), "keys sorted:\n" + r.out());
    }

    @Test
    void validateReportsEveryViolationAndExitsOne(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: a}\nspec: {cidr: 10.0.0.1/16}\n"
                + "---\napiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata: {name: b}\nspec: {peerIP: 1.2.3.4, bogus: 1}\n");
        CliConformanceTest.Run r = CliConformanceTest.run("validate", "-f", f.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("error with field IPPool.Spec.CIDR = '10.0.0.0/16' (IPPool CIDR is not strictly masked)"), r.err());
        assertTrue(r.err().contains("field in document is not recognized or is in the wrong location: bogus"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void validateRejectsAMissingFileAndAnUnknownFormat() {
        assertEquals(1, CliConformanceTest.run("validate", "-f", "/nonexistent/x.yaml").code());
        assertEquals(2, CliConformanceTest.run("validate", "-f", EXAMPLE, "-o", "xml").code());
    }

    @Test
    void selectorMatchExitCodes() {
        assertEquals(0, CliConformanceTest.run("selector", "match", "rack == 'r1'", "--labels", "rack=r1").code());
        assertEquals(1, CliConformanceTest.run("selector", "match", "rack == 'r1'", "--labels", "").code());
        assertEquals(0, CliConformanceTest.run("selector", "match", "has(a) && a == ''", "--labels", "a=").code());
        assertEquals(2, CliConformanceTest.run("selector", "match", "rack ==", "--labels", "rack=r1").code());
        assertEquals(2, CliConformanceTest.run("selector", "match", "all()", "--labels", "novalue").code());
    }

    @Test
    void selectorCheckPrintsCanonicalFormOrWhereItFails() {
        CliConformanceTest.Run ok = CliConformanceTest.run("selector", "check", "a in {'d','a'}");
        assertEquals(0, ok.code());
        assertEquals("a in {\"a\", \"d\"}", ok.out().trim());
        CliConformanceTest.Run bad = CliConformanceTest.run("selector", "check", "a == b");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("position"), bad.err());
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] cmd : new String[][] {{"--help"}, {"validate", "--help"}, {"selector", "--help"},
                {"selector", "check", "--help"}, {"selector", "match", "--help"}}) {
            CliConformanceTest.Run r = CliConformanceTest.run(cmd);
            assertEquals(0, r.code(), String.join(" ", cmd));
            assertTrue(r.out().contains("Usage:"), r.out());
        }
    }
}
