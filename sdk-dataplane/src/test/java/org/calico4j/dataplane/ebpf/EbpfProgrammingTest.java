package org.calico4j.dataplane.ebpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import org.calico4j.client.spi.ResourceKey;
import org.calico4j.dataplane.DataplaneDelta;
import org.calico4j.dataplane.LocalWorkload;
import org.calico4j.dataplane.calc.Calculation;
import org.calico4j.dataplane.linux.CommandRunner;
import org.calico4j.dataplane.linux.Netns;
import org.calico4j.dataplane.tck.ClusterC;
import org.calico4j.model.Kind;
import org.calico4j.model.Resource;
import org.calico4j.model.ipam.IpamBlock;
import org.calico4j.model.net.Cidr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How {@link EbpfDataplane} writes its maps, on real pinned maps (node n1 of cluster C, IPIP Always, in namespace
 * {@code c4j-ebp-n1} with a veth {@code cali1} for p1 (no dummy module on these kernels)): a change writes only the entries that differ (counted
 * as bpftool batch lines), an unchanged state writes nothing, a full resync repairs drift in each map, and
 * closing detaches the program and frees every map and the program in the kernel.
 */
@Timeout(120)
class EbpfProgrammingTest {
    private static final String NS = "c4j-ebp-n1";
    private static final Duration T = Duration.ofSeconds(20);
    private final Bpftool bpftool = Bpftool.system();
    private Netns netns;
    private ClusterC cluster;
    private Calculation calc;
    private EbpfDataplane dp;

    @BeforeEach
    void setUp() {
        Path root = EbpfCheck.requireKernel();
        CommandRunner.system().run(List.of("ip", "netns", "del", NS), T);
        netns = Netns.create(NS);
        netns.ip("link", "add", "cali1", "type", "veth", "peer", "name", "cali1p");
        netns.ip("link", "set", "cali1", "up");
        cluster = ClusterC.build(p -> p.ipipMode("Always"));
        calc = new Calculation("n1");
        for (Resource r : cluster.resources()) {
            calc.update(ResourceKey.of(r), r);
        }
        dp = EbpfDataplane.builder("ebp-n1").bpffs(root).netns(NS).bpftool(bpftool).build();
        dp.resync(calc.state());
    }

    @AfterEach
    void tearDown() {
        try {
            if (dp != null) {
                dp.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
            if (netns != null) {
                netns.close();
            }
        }
    }

    /** Entries of {@code after} that are new or different from {@code before}, plus those gone. */
    private static int changed(SortedMap<Cidr, RouteEntry> before, SortedMap<Cidr, RouteEntry> after) {
        int n = 0;
        for (Map.Entry<Cidr, RouteEntry> e : after.entrySet()) {
            if (!e.getValue().equals(before.get(e.getKey()))) {
                n++;
            }
        }
        for (Cidr c : before.keySet()) {
            if (!after.containsKey(c)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aOneRouteChangeWritesOnlyThatEntry() {
        SortedMap<Cidr, RouteEntry> before = dp.dumpRoutesMap();
        assertEquals(10, before.size(), "Case 25 has ten entries: " + before);
        long lines = bpftool.batchLinesRun();
        // n2's block released: its route goes, nothing else in the map changes.
        DataplaneDelta release = calc.update(ResourceKey.of(Kind.IPAM_BLOCK, IpamBlock.nameFor(Cidr.parse("10.244.2.0/26"))), null);
        dp.apply(release);
        SortedMap<Cidr, RouteEntry> after = dp.dumpRoutesMap();
        assertFalse(after.containsKey(Cidr.parse("10.244.2.0/26")));
        assertEquals(1, changed(before, after));
        assertEquals(1, bpftool.batchLinesRun() - lines, "one delete, not a rewrite of the map");

        // A new local workload: one update.
        lines = bpftool.batchLinesRun();
        dp.apply(DataplaneDelta.builder().setWorkload(new LocalWorkload("default/late", "calilate", List.of(Cidr.parse("10.244.1.9/32")),
                "")).build());
        SortedMap<Cidr, RouteEntry> third = dp.dumpRoutesMap();
        assertEquals(0x00f, third.get(Cidr.parse("10.244.1.9/32")).flags());
        assertEquals(1, changed(after, third));
        assertEquals(1, bpftool.batchLinesRun() - lines, "one update");
        assertEquals(dp.routesMap(), third);
    }

    @Test
    void reapplyingTheSameStateWritesNothing() {
        long lines = bpftool.batchLinesRun();
        long commands = bpftool.commandsRun();
        dp.apply(DataplaneDelta.empty());
        assertEquals(commands, bpftool.commandsRun(), "an empty delta runs no bpftool at all");
        DataplaneDelta release = calc.update(ResourceKey.of(Kind.IPAM_BLOCK, IpamBlock.nameFor(Cidr.parse("10.244.3.0/26"))), null);
        dp.apply(release);
        long afterFirst = bpftool.batchLinesRun();
        assertEquals(lines + 1, afterFirst);
        dp.apply(release);
        assertEquals(afterFirst, bpftool.batchLinesRun(), "the same delta again writes nothing");
        dp.resync(calc.state());
        assertEquals(afterFirst, bpftool.batchLinesRun(), "a resync to the state the maps hold reads them and writes nothing");
        assertEquals(dp.routesMap(), dp.dumpRoutesMap());
    }

    @Test
    void aFullResyncRepairsDriftInEveryMap() {
        Path dir = dp.pinDirectory();
        Path routes = dir.resolve(BpfProgram.ROUTES_MAP);
        Path ipSets = dir.resolve(BpfProgram.IP_SETS_MAP);
        Path globals = dir.resolve(BpfProgram.GLOBALS_MAP);
        SortedMap<Cidr, RouteEntry> want = dp.routesMap();
        Map<String, byte[]> setsBefore = bpftool.dumpHex(ipSets);
        RouteEntry wep = want.get(Cidr.parse("10.244.1.5/32"));
        RouteEntry pool = want.get(Cidr.parse("10.244.0.0/16"));
        RouteEntry stray = RouteEntry.of(Cidr.parse("192.0.2.0/24"), RouteFlags.IN_POOL);
        RouteEntry tampered = RouteEntry.of(pool.prefix(), RouteFlags.IN_POOL);
        String someSet = setsBefore.keySet().iterator().next();
        List<String> drift = new ArrayList<>(List.of(
                "map delete pinned " + routes + " key hex " + wep.keyHex(),
                "map update pinned " + routes + " key hex " + stray.keyHex() + " value hex " + stray.valueHex(),
                "map update pinned " + routes + " key hex " + tampered.keyHex() + " value hex " + tampered.valueHex(),
                "map delete pinned " + ipSets + " key hex " + someSet,
                "map update pinned " + globals + " key hex 00 00 00 00 value hex 00 10 00 00"));
        bpftool.batch(drift);
        assertEquals(want.size(), dp.dumpRoutesMap().size(), "one gone, one stray");
        assertFalse(dp.dumpRoutesMap().equals(want));

        long lines = bpftool.batchLinesRun();
        dp.apply(DataplaneDelta.empty());
        assertEquals(lines, bpftool.batchLinesRun(), "an incremental apply trusts what it programmed");
        dp.resync(dp.state());
        assertEquals(5, bpftool.batchLinesRun() - lines, "exactly the five drifted entries rewritten");
        assertEquals(want, dp.dumpRoutesMap());
        assertEquals(hex(setsBefore), hex(bpftool.dumpHex(ipSets)));
        assertEquals("00 00 00 00", BpfMap.hex(bpftool.dumpHex(globals).get("00 00 00 00")));
    }

    private static SortedMap<String, String> hex(Map<String, byte[]> m) {
        SortedMap<String, String> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, BpfMap.hex(v)));
        return out;
    }

    @Test
    void closeDetachesAndFreesTheProgramAndEveryMap() {
        assertEquals(java.util.Set.of("cali1"), dp.attachedInterfaces());
        JsonNode prog = bpftool.showProgram(dp.pinDirectory().resolve(BpfProgram.NAME));
        int progId = prog.path("id").asInt();
        List<Integer> mapIds = new ArrayList<>();
        prog.path("map_ids").forEach(id -> mapIds.add(id.asInt()));
        for (String m : List.of(BpfProgram.ROUTES_MAP, BpfProgram.IP_SETS_MAP, BpfProgram.GLOBALS_MAP)) {
            JsonNode show = json(List.of("bpftool", "-j", "map", "show", "pinned", dp.pinDirectory().resolve(m).toString()));
            if (!mapIds.contains(show.path("id").asInt())) {
                mapIds.add(show.path("id").asInt());
            }
        }
        assertEquals(3, mapIds.size(), "the program's maps and the ip sets map: " + mapIds);
        assertTrue(new HostCommands(NS).attachedPrograms("cali1").contains(progId), "our program on cali1's ingress");
        Path dir = dp.pinDirectory();

        dp.close();
        dp = null;
        assertFalse(Files.exists(dir), "pins and directory removed");
        assertEquals(List.of(), new HostCommands(NS).attachedPrograms("cali1"), "detached from cali1");
        assertTrue(freed("prog", progId), "program " + progId + " freed");
        for (int id : mapIds) {
            assertTrue(freed("map", id), "map " + id + " freed");
        }
        assertFalse(netns.exec(List.of("iptables", "-w", "10", "-t", "nat", "-S", NatOutgoingRules.CHAIN), T).ok(), "chain removed");
    }

    /** Whether the kernel has let go of object {@code id} (it frees them after an RCU grace period: a moment's wait). */
    private static boolean freed(String kind, int id) {
        for (int i = 0; i < 40; i++) {
            if (!run(List.of("bpftool", kind, "show", "id", Integer.toString(id))).ok()) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static CommandRunner.Result run(List<String> cmd) {
        return CommandRunner.system().run(cmd, T);
    }

    private static JsonNode json(List<String> cmd) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(run(cmd).requireSuccess().stdout());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
