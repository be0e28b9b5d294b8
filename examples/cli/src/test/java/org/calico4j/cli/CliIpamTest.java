package org.calico4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code calico4j ipam ...} on the embedded file store; every call a fresh client, as separate processes. */
class CliIpamTest {
    @TempDir
    Path dir;

    private CliConformanceTest.Run cli(String... args) {
        return CliConformanceTest.runOn(dir.resolve("store"), args);
    }

    @BeforeEach
    void cluster() throws Exception {
        Path f = dir.resolve("cluster.yaml");
        Files.writeString(f, "apiVersion: projectcalico.org/v3\nkind: Node\nmetadata: {name: node-1}\nspec: {}\n---\n"
                + "apiVersion: projectcalico.org/v3\nkind: Node\nmetadata: {name: node-2}\nspec: {}\n---\n"
                + "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: pool}\nspec: {cidr: 10.0.0.0/24, blockSize: 26}\n");
        CliConformanceTest.Run r = cli("apply", "-f", f.toString());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void assignShowReleaseCheck() {
        CliConformanceTest.Run a = cli("ipam", "assign", "--node", "node-1", "--count", "3", "--handle", "pod-a");
        assertEquals(0, a.code(), a.err());
        List<String> ips = a.out().lines().toList();
        assertEquals(3, ips.size(), a.out());
        assertTrue(ips.stream().allMatch(ip -> ip.startsWith("10.0.0.")), a.out());
        assertEquals(0, cli("ipam", "assign", "--node", "node-2").code());

        CliConformanceTest.Run show = cli("ipam", "show");
        assertEquals(""
                + "+----------+-------------+-----------+------------+-----------+\n"
                + "| GROUPING |    CIDR     | IPS TOTAL | IPS IN USE | IPS FREE  |\n"
                + "+----------+-------------+-----------+------------+-----------+\n"
                + "| IP Pool  | 10.0.0.0/24 |       256 | 4 (2%)     | 252 (98%) |\n"
                + "+----------+-------------+-----------+------------+-----------+\n", show.out());
        CliConformanceTest.Run blocks = cli("ipam", "show", "--show-blocks");
        assertEquals(4, blocks.out().lines().filter(l -> l.startsWith("| Block")).count() + 2, blocks.out());
        assertTrue(blocks.out().contains("|        64 | 3 (5%)     | 61 (95%)  |"), blocks.out());

        CliConformanceTest.Run one = cli("ipam", "show", "--ip", ips.get(0));
        assertEquals("IP " + ips.get(0) + " is in use\nHandle ID: pod-a\nNo attributes defined\n", one.out());

        CliConformanceTest.Run check = cli("ipam", "check");
        assertEquals(0, check.code(), check.out() + check.err());
        assertTrue(check.out().contains("Found 2 IPAM blocks."), check.out());
        assertTrue(check.out().contains("IPAM blocks record 4 allocations."), check.out());
        assertTrue(check.out().endsWith("Check complete; found 0 problems.\n"), check.out());

        CliConformanceTest.Run rel = cli("ipam", "release", "--ip", ips.get(1));
        assertEquals(0, rel.code(), rel.err());
        assertEquals("Successfully released IP address " + ips.get(1) + "\n", rel.out());
        CliConformanceTest.Run again = cli("ipam", "release", "--ip", ips.get(1));
        assertEquals(1, again.code());
        assertEquals("IP address " + ips.get(1) + " is not assigned\n", again.err());
        CliConformanceTest.Run byHandle = cli("ipam", "release", "--handle", "pod-a");
        assertEquals(0, byHandle.code(), byHandle.err());
        assertTrue(byHandle.out().endsWith("Released 2 IPs of handle pod-a\n"), byHandle.out());
        assertEquals(ips.get(0) + " is not assigned\n", cli("ipam", "show", "--ip", ips.get(0)).out());
        assertTrue(cli("ipam", "show").out().contains("| 1 (0%)     | 255 (100%) |"), "0.39% prints as 0%");
    }

    @Test
    void refusalsAreClearAndExitNonZero() {
        CliConformanceTest.Run noNode = cli("ipam", "assign", "--node", "nope");
        assertEquals(1, noNode.code());
        assertEquals("error: resource does not exist: Node(nope)\n", noNode.err());
        CliConformanceTest.Run tooMany = cli("ipam", "assign", "--node", "node-1", "--count", "300");
        assertEquals(1, tooMany.code());
        assertEquals("error: Assigned 256 out of 300 requested IPv4 addresses; No IPs available in pools: [10.0.0.0/24]\n",
                tooMany.err());
        assertEquals("Check complete; found 0 problems.", cli("ipam", "check").out().lines().reduce((x, y) -> y).orElseThrow(),
                "the refused request left nothing behind");
        assertEquals(2, cli("ipam", "release").code(), "--ip or --handle is required");
        assertEquals(2, cli("ipam", "release", "--ip", "10.0.0.1", "--handle", "h").code(), "not both");
        assertEquals("error: invalid IP address: 10.0.0\n", cli("ipam", "release", "--ip", "10.0.0").err());
    }

    @Test
    void goNumberFormsAsCalicoctlPrintsThem() {
        assertEquals("65536", GoFormat.g5(BigInteger.valueOf(65536)));
        assertEquals("1.3107e+05", GoFormat.g5(BigInteger.valueOf(131072)));
        assertEquals("1e+05", GoFormat.g5(BigInteger.valueOf(100000)));
        assertEquals("1.8447e+19", GoFormat.g5(BigInteger.ONE.shiftLeft(64)));
        assertEquals("0", GoFormat.g5(BigDecimal.ZERO));
        assertEquals("0", GoFormat.f0(0.5));
        assertEquals("2", GoFormat.f0(1.5));
        assertEquals("2", GoFormat.f0(2.5));
        assertEquals("98", GoFormat.f0(98.4375));
    }
}
