package org.calico4j.dataplane.ebpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real pinned LPM trie programmed through bpftool: incremental, idempotent, drift repaired on resync, removed on cleanup. */
class BpfMapKernelTest {
    private final Bpftool bpftool = Bpftool.system();
    private Path dir;
    private BpfMap map;

    @BeforeEach
    void setUp() throws IOException {
        Path root = EbpfCheck.requireBpf();
        dir = root.resolve("c4j-maptest");
        if (Files.exists(dir)) {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
        map = BpfMap.lpmTrie(bpftool, dir.resolve("cali_v4_routes"), "cali_v4_routes", 8, 8, 262144);
        map.open();
    }

    @AfterEach
    void tearDown() throws IOException {
        if (map != null) {
            map.remove();
        }
        if (dir != null) {
            Files.deleteIfExists(dir);
        }
    }

    private static Map<String, String> entries(RouteEntry... es) {
        Map<String, String> m = new LinkedHashMap<>();
        for (RouteEntry e : es) {
            m.put(e.keyHex(), e.valueHex());
        }
        return m;
    }

    private static final RouteEntry POOL = RouteEntry.of(Cidr.parse("10.244.0.0/16"), 0x003);
    private static final RouteEntry BLOCK = RouteEntry.withNextHop(Cidr.parse("10.244.2.0/26"), 0x047, IpAddress.parse("10.0.0.12"));
    private static final RouteEntry WEP = RouteEntry.withIfindex(Cidr.parse("10.244.1.5/32"), 0x00f, 7);

    @Test
    void theMapIsCreatedWithCalicosShape() {
        Bpftool.MapInfo info = bpftool.show(map.pin());
        assertEquals(new Bpftool.MapInfo("lpm_trie", "cali_v4_routes", 8, 8, 262144, 1), info);
    }

    @Test
    void changesAreWrittenIncrementallyAndAnUnchangedStateCostsNoCommand() {
        assertEquals(3, map.apply(entries(POOL, BLOCK, WEP)));
        assertEquals(entries(POOL, BLOCK, WEP), map.dump());
        long before = bpftool.commandsRun();
        assertEquals(0, map.apply(entries(POOL, BLOCK, WEP)));
        assertEquals(before, bpftool.commandsRun(), "idempotent: no bpftool run");
        RouteEntry moved = RouteEntry.withNextHop(Cidr.parse("10.244.2.0/26"), 0x047, IpAddress.parse("10.0.1.13"));
        assertEquals(2, map.apply(entries(POOL, moved)), "one update, one delete");
        assertEquals(entries(POOL, moved), map.dump());
    }

    @Test
    void resyncRepairsEntriesChangedBehindItsBack() {
        map.apply(entries(POOL, BLOCK, WEP));
        RouteEntry stray = RouteEntry.of(Cidr.parse("192.0.2.0/24"), 0x010);
        RouteEntry tampered = RouteEntry.of(Cidr.parse("10.244.0.0/16"), 0x001);
        bpftool.batch(List.of("map update pinned " + map.pin() + " key hex " + stray.keyHex() + " value hex " + stray.valueHex(),
                "map update pinned " + map.pin() + " key hex " + tampered.keyHex() + " value hex " + tampered.valueHex(),
                "map delete pinned " + map.pin() + " key hex " + WEP.keyHex()));
        assertEquals(0, map.apply(entries(POOL, BLOCK, WEP)), "apply trusts what it programmed");
        assertEquals(3, map.resync(entries(POOL, BLOCK, WEP)), "stray deleted, pool restored, workload re-added");
        assertEquals(entries(POOL, BLOCK, WEP), map.dump());
    }

    @Test
    void reopeningReadsTheKernelsContentsAndRemoveUnpins() {
        map.apply(entries(POOL, BLOCK));
        BpfMap again = BpfMap.lpmTrie(bpftool, map.pin(), "cali_v4_routes", 8, 8, 262144);
        again.open();
        assertEquals(entries(POOL, BLOCK), again.programmed());
        BpfMap wrongShape = new BpfMap(bpftool, map.pin(), "cali_v4_routes", "hash", 8, 8, 16, 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, wrongShape::open);
        assertTrue(e.getMessage().contains("expected hash"), e.getMessage());
        map.remove();
        assertFalse(Files.exists(map.pin()));
    }

    @Test
    void pinPathsThatABatchFileCouldMisreadAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Bpftool.checkPin(Path.of("/run/calico4j/bpffs/a b")));
        assertThrows(IllegalArgumentException.class, () -> Bpftool.checkPin(Path.of("relative/x")));
        assertThrows(IllegalArgumentException.class, () -> Bpftool.checkPin(Path.of("/run/calico4j/../etc")));
    }
}
