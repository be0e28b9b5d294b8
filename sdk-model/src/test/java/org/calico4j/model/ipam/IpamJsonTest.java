package org.calico4j.model.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.calico4j.model.Kind;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.Resource;
import org.calico4j.model.manifest.Manifest;
import org.calico4j.model.manifest.ManifestException;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.junit.jupiter.api.Test;

class IpamJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    private static IpamBlock sample() {
        Cidr c = Cidr.parse("10.244.1.0/29");
        int[] alloc = {0, IpamBlock.FREE, 1, IpamBlock.FREE, IpamBlock.FREE, IpamBlock.FREE, IpamBlock.FREE, IpamBlock.FREE};
        return new IpamBlock(ObjectMeta.named("10.244.1.0-29"), c, "host:node-1", "2026-11-26T12:00:00Z", alloc,
                new int[] {3, 4, 5, 6, 7, 1}, List.of(AllocationAttribute.of("k8s-pod-network.a", Map.of("pod", "a")),
                AllocationAttribute.of(null, Map.of())), 1790000000000000005L, Map.of(0, 1790000000000000001L, 2, 1790000000000000004L), false);
    }

    @Test
    void writesABlockAsCalicosAllocationBlock() throws Exception {
        assertEquals(json("{\"cidr\":\"10.244.1.0/29\",\"affinity\":\"host:node-1\",\"affinity_claim_time\":\"2026-11-26T12:00:00Z\","
                + "\"allocations\":[0,null,1,null,null,null,null,null],\"unallocated\":[3,4,5,6,7,1],"
                + "\"attributes\":[{\"handle_id\":\"k8s-pod-network.a\",\"secondary\":{\"pod\":\"a\"}},{}],"
                + "\"deleted\":false,\"sequenceNumber\":1790000000000000005,"
                + "\"sequenceNumberForAllocation\":{\"0\":1790000000000000001,\"2\":1790000000000000004}}"), IpamJson.encode(sample()));
        assertEquals("null", IpamJson.encode(IpamBlock.empty(Cidr.parse("10.0.0.0/30"), null, null, 1)).get("affinity").toString(),
                "Go writes a nil affinity as null (no omitempty)");
    }

    @Test
    void everyRecordReadsBackEqual() {
        Cidr c = Cidr.parse("fd00:10:244::/122");
        List<Resource> records = List.of(sample(), IpamBlock.empty(c, null, null, 9),
                BlockAffinity.of("node-1", c, AffinityState.PENDING_DELETION),
                IpamHandle.of("vxlan-tunnel-addr-node-1").plus(c, 1).plus(Cidr.parse("10.0.0.0/26"), 3),
                IpamConfig.defaults().withStrictAffinity(true).withMaxBlocksPerHost(4), IpamConfig.defaults());
        for (Resource r : records) {
            assertEquals(r, IpamJson.decode(r.kind(), r.name(), IpamJson.encode(r)), r.toString());
        }
    }

    @Test
    void readsCalicosOtherForms() throws Exception {
        BlockAffinity legacy = (BlockAffinity) IpamJson.decode(Kind.BLOCK_AFFINITY, "node-1/10.0.0.0-26", json("{}"));
        assertEquals(AffinityState.CONFIRMED, legacy.state(), "an empty affinity value is the legacy confirmed form");
        assertEquals(Cidr.parse("10.0.0.0/26"), legacy.cidr());
        assertEquals("node-1", legacy.host());
        IpamBlock old = (IpamBlock) IpamJson.decode(Kind.IPAM_BLOCK, "10.0.0.0-30", json("{\"cidr\":\"10.0.0.0/30\","
                + "\"hostAffinity\":\"node-2\",\"allocations\":[null,null,null,null],\"unallocated\":[0,1,2,3],\"attributes\":null,"
                + "\"sequenceNumberForAllocation\":null}"));
        assertEquals("host:node-2", old.affinity().orElseThrow(), "hostAffinity is the pre-affinity field");
        assertTrue(old.isEmpty());
        IpamConfig cfg = (IpamConfig) IpamJson.decode(Kind.IPAM_CONFIG, "default", json("{\"strict_affinity\":true}"));
        assertTrue(cfg.strictAffinity());
        assertFalse(cfg.autoAllocateBlocks(), "a stored config without auto_allocate_blocks has it false, as Go reads it");
        assertEquals(json("{\"auto_allocate_blocks\":true}"), IpamJson.encode(IpamConfig.defaults()));
    }

    @Test
    void badStoredValuesNameTheRecordAndField() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpamJson.decode(Kind.IPAM_BLOCK,
                "10.0.0.0-30", json("{\"cidr\":\"10.0.0.0/30\",\"allocations\":[null,\"x\",null,null],\"unallocated\":[0,2,3]}")));
        assertEquals("IPAMBlock 10.0.0.0-30: field 'allocations[1]': \"x\" is not an attribute index", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> IpamJson.decode(Kind.BLOCK_AFFINITY, "node-1/10.0.0.0-26",
                json("{\"state\":\"maybe\"}")));
        assertEquals("BlockAffinity node-1/10.0.0.0-26: field 'state': 'maybe' is not pending, confirmed or pendingDeletion", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> IpamJson.decode(Kind.IPAM_BLOCK, "10.0.0.0-30",
                json("{\"cidr\":\"10.0.0.0/30\",\"allocations\":[null,null],\"unallocated\":[0,1]}")));
        assertTrue(e.getMessage().startsWith("IPAMBlock 10.0.0.0-30: block 10.0.0.0/30 has 4 addresses but 2 allocation slots"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> IpamJson.decode(Kind.IPAM_HANDLE, "h", json("[1]")));
        assertEquals("IPAMHandle h: stored value is not a JSON object: [1]", e.getMessage());
    }

    @Test
    void namesAreCalicosKeySegmentsAndRejectForgery() {
        assertEquals("10.244.1.0-26", IpamBlock.nameFor(Cidr.parse("10.244.1.0/26")));
        assertEquals("fd00:10:244::-122", IpamBlock.nameFor(Cidr.parse("fd00:10:244::/122")));
        assertEquals(Cidr.parse("fd00:10:244::/122"), IpamBlock.cidrOfName("fd00:10:244::-122").orElseThrow());
        assertTrue(IpamBlock.cidrOfName("10.244.1.1-26").isEmpty(), "host bits set");
        assertTrue(IpamBlock.cidrOfName("10.244.1.0/26").isEmpty());
        assertEquals("node-1/10.0.0.0-26", BlockAffinity.of("node-1", Cidr.parse("10.0.0.0/26"), AffinityState.PENDING).name());
        assertThrows(IllegalArgumentException.class, () -> BlockAffinity.of("../etc", Cidr.parse("10.0.0.0/26"), AffinityState.PENDING));
        assertTrue(IpamHandle.isValidId("k8s-pod-network.0123abcd"));
        for (String bad : List.of("", "a/b", "../x", "-x", "a b", "x".repeat(254))) {
            assertFalse(IpamHandle.isValidId(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> IpamHandle.of("a/b"));
    }

    @Test
    void blocksKnowTheirAddresses() {
        IpamBlock b = sample();
        assertEquals(IpAddress.parse("10.244.1.2"), b.address(2));
        assertEquals(2, b.ordinalOf(IpAddress.parse("10.244.1.2")));
        assertEquals(2, b.inUse());
        assertEquals("k8s-pod-network.a", b.ownerOf(IpAddress.parse("10.244.1.0")).orElseThrow().handleId());
        assertTrue(b.ownerOf(IpAddress.parse("10.244.1.1")).isEmpty());
        assertEquals(1790000000000000006L, b.withAffinity(null, null).sequenceNumber(), "a write advances the sequence");
        assertThrows(IllegalArgumentException.class, () -> new IpamBlock(ObjectMeta.named("10.244.1.0-29"), Cidr.parse("10.244.1.0/29"),
                null, null, new int[] {5, -1, -1, -1, -1, -1, -1, -1}, new int[0], List.of(), 1, Map.of(), false),
                "an allocation must point at an attribute");
    }

    @Test
    void manifestsDoNotAcceptIpamKinds() {
        ManifestException e = assertThrows(ManifestException.class, () -> Manifest.parse(
                "apiVersion: projectcalico.org/v3\nkind: IPAMBlock\nmetadata:\n  name: 10.0.0.0-26\n"));
        assertTrue(e.getMessage().contains("IPAMBlock"), e.getMessage());
        assertThrows(ManifestException.class, () -> Manifest.parse("apiVersion: projectcalico.org/v3\nkind: BlockAffinityList\nitems: []\n"));
        assertThrows(IllegalArgumentException.class, () -> Manifest.toYaml(sample()));
        assertThrows(IllegalArgumentException.class, () -> org.calico4j.model.validation.Validator.standard().check(sample()));
    }
}
