package org.calico4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** calicoctl's verbs on the embedded file store; each call is a fresh client, as separate processes would be. */
class CliResourceTest {
    private static final String EXAMPLE = "../manifests/ippool-nat-outgoing.yaml";

    @TempDir
    Path dir;

    private CliConformanceTest.Run cli(String... args) {
        return CliConformanceTest.runOn(dir.resolve("store"), args);
    }

    @Test
    void applyGetDeleteRoundTripOnTheFileStore() {
        CliConformanceTest.Run applied = cli("apply", "-f", EXAMPLE);
        assertEquals(0, applied.code(), applied.err());
        assertEquals("Successfully applied 1 'IPPool' resource(s)", applied.out().trim());
        CliConformanceTest.Run got = cli("get", "ippool", "ippool-ext-1", "-o", "yaml");
        assertEquals(0, got.code(), got.err());
        assertTrue(got.out().contains("natOutgoing: true") && got.out().contains("blockSize: 26"), got.out());
        assertTrue(got.out().contains("resourceVersion: '1'") || got.out().contains("resourceVersion: \"1\""), got.out());
        assertTrue(got.out().contains("uid: "), got.out());
        CliConformanceTest.Run table = cli("get", "ipPools");
        assertTrue(table.out().startsWith("NAME"), table.out());
        assertTrue(table.out().contains("ippool-ext-1   192.168.0.0/16   all()"), table.out());
        assertTrue(cli("get", "ippools", "-o", "json").out().contains("\"kind\": \"IPPoolList\""));
        assertEquals(0, cli("apply", "-f", EXAMPLE).code(), "apply is idempotent");
        assertEquals(1, cli("create", "-f", EXAMPLE).code(), "create of an existing resource fails");
        assertEquals(0, cli("replace", "-f", EXAMPLE).code());
        CliConformanceTest.Run deleted = cli("delete", "ippool", "ippool-ext-1");
        assertEquals(0, deleted.code(), deleted.err());
        CliConformanceTest.Run missing = cli("get", "ippool", "ippool-ext-1");
        assertEquals(1, missing.code());
        assertEquals("Failed to get resources: resource does not exist: IPPool(ippool-ext-1)", missing.err().trim());
    }

    @Test
    void createReportsCalicosErrorAndStopsAtTheFirstFailure() throws Exception {
        Path f = dir.resolve("pools.yaml");
        Files.writeString(f, "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: a}\nspec: {cidr: 10.0.0.0/16}\n---\n"
                + "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: b}\nspec: {cidr: 10.0.0.0/8}\n---\n"
                + "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: c}\nspec: {cidr: 10.2.0.0/16}\n");
        CliConformanceTest.Run r = cli("create", "-f", f.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("Partial success: created the first 1 out of 3 resources:"), r.err());
        assertTrue(r.err().contains("IPPool(b) CIDR overlaps with IPPool(a) CIDR 10.0.0.0/16"), r.err());
        assertEquals(1, cli("get", "ippool", "c").code());
        assertEquals(0, cli("get", "ippool", "a").code());
    }

    @Test
    void aDamagedStoreIsRefusedNamingTheRepairAndRepairKeepsTheIntactRecords() throws Exception {
        assertEquals(0, cli("apply", "-f", EXAMPLE).code());
        Path f = dir.resolve("pools.yaml");
        Files.writeString(f, "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: a}\nspec: {cidr: 10.1.0.0/16}\n---\n"
                + "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: b}\nspec: {cidr: 10.2.0.0/16}\n");
        // The store snapshots on close; damage its first item, as a bad disk sector would.
        assertEquals(0, cli("apply", "-f", f.toString()).code());
        Path snapshot = dir.resolve("store").resolve("snapshot.json");
        java.util.List<String> lines = Files.readAllLines(snapshot);
        Files.write(snapshot, lines.stream().map(l -> l.replace("192.168.0.0", "192.168.9.0")).toList());

        CliConformanceTest.Run refused = cli("get", "ippools");
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("snapshot.json is damaged at byte offset") && refused.err().contains("datastore repair"),
                refused.err());
        CliConformanceTest.Run repaired = cli("datastore", "repair");
        assertEquals(1, repaired.code(), repaired.err());
        assertTrue(repaired.out().startsWith("kept 2, dropped 1"), repaired.out());
        assertTrue(repaired.out().contains("CRC mismatch"), repaired.out());
        CliConformanceTest.Run got = cli("get", "ippools");
        assertEquals(0, got.code(), got.err());
        assertTrue(got.out().contains("10.1.0.0/16") && got.out().contains("10.2.0.0/16") && !got.out().contains("192.168"), got.out());
    }

    @Test
    void staleResourceVersionInTheFileConflicts() throws Exception {
        cli("apply", "-f", EXAMPLE);
        cli("apply", "-f", EXAMPLE);
        Path f = dir.resolve("stale.yaml");
        Files.writeString(f, Files.readString(Path.of(EXAMPLE)).replace("name: ippool-ext-1", "name: ippool-ext-1\n  resourceVersion: '1'"));
        CliConformanceTest.Run r = cli("replace", "-f", f.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("update conflict: IPPool(ippool-ext-1)"), r.err());
    }

    @Test
    void datastoreFromTheEnvironmentAndUnknownKinds() {
        assertEquals(dir.toUri().toString(), DatastoreOptions.resolve(null, Map.of(DatastoreOptions.ENV, dir.toUri().toString())));
        assertEquals("memory:", DatastoreOptions.resolve("memory:", Map.of(DatastoreOptions.ENV, "file:/x")));
        assertTrue(DatastoreOptions.resolve(null, Map.of()).contains(".calico4j"));
        CliConformanceTest.Run r = cli("get", "widgets");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("resource type 'widgets' is not supported"), r.err());
    }
}
