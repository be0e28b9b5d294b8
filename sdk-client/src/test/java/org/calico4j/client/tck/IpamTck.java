package org.calico4j.client.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.NotFoundException;
import org.calico4j.client.ipam.Allocation;
import org.calico4j.client.ipam.AssignIpRequest;
import org.calico4j.client.ipam.AutoAssignRequest;
import org.calico4j.client.ipam.Ipam;
import org.calico4j.client.ipam.IpamAssignments;
import org.calico4j.client.ipam.IpamException;
import org.calico4j.client.ipam.IpamReport;
import org.calico4j.client.ipam.IpamReport.ProblemType;
import org.calico4j.client.ipam.ReleaseResult;
import org.calico4j.client.ipam.internal.DefaultIpam;
import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.model.AllowedUse;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.IpReservation;
import org.calico4j.model.IpReservationSpec;
import org.calico4j.model.Node;
import org.calico4j.model.NodeSpec;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.ipam.AffinityState;
import org.calico4j.model.ipam.AllocationAttribute;
import org.calico4j.model.ipam.BlockAffinity;
import org.calico4j.model.ipam.IpamBlock;
import org.calico4j.model.ipam.IpamConfig;
import org.calico4j.model.ipam.IpamHandle;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Calico's IPAM rules, checked on any datastore: every store runs this suite unchanged, so IPAM
 * behaves the same in memory, in the file store and on etcd.
 *
 * <pre>{@code
 * class MyStoreIpamTest extends IpamTck {
 *     protected Datastore open() { return MyDatastore.open(); }
 * }
 * }</pre>
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
public abstract class IpamTck {
    protected Datastore ds;
    protected CalicoClient client;
    protected Ipam ipam;

    /** A new, empty datastore; the suite closes it. */
    protected abstract Datastore open();

    /**
     * Another connection to the same store, as a second process would have (a remote store opens a new
     * client); the default shares {@link #ds}. The suite closes what this returns.
     */
    protected Datastore connectAgain() {
        return ds;
    }

    /** How many operations the concurrency and model tests run (a remote store may ask for fewer). */
    protected int operations() {
        return 2_000;
    }

    @BeforeEach
    void start() {
        ds = open();
        client = CalicoClient.builder().datastore(ds).build();
        ipam = client.ipam();
        node("node-1", "a");
        node("node-2", "a");
        node("node-3", "b");
        node("node-4", "b");
    }

    @AfterEach
    void stop() {
        client.close();
        ds.close();
    }

    protected final void node(String name, String rack) {
        client.nodes().create(Node.builder().metadata(ObjectMeta.builder().name(name).putLabels("rack", rack).build())
                .spec(NodeSpec.builder().build()).build());
    }

    protected final IpPool pool(String name, String cidr, int blockSize) {
        return pool(name, IpPoolSpec.builder().cidr(cidr).blockSize(blockSize));
    }

    protected final IpPool pool(String name, IpPoolSpec.Builder spec) {
        return client.ipPools().create(IpPool.builder().name(name).spec(spec.build()).build());
    }

    private static AutoAssignRequest on(String host) {
        return AutoAssignRequest.forHost(host);
    }

    private static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    private IpamException refused(AutoAssignRequest r) {
        return assertThrows(IpamException.class, () -> ipam.autoAssign(r));
    }

    private void assertClean() {
        IpamReport r = ipam.check();
        assertTrue(r.isClean(), () -> "IPAM check: " + r.problems());
    }

    // ------------------------------------------------------------------ blocks, affinities, handles

    @Test
    void autoAssignClaimsABlockForTheHostAndConfirmsItsAffinity() {
        pool("p", "10.0.0.0/24", 28);
        IpamAssignments a = ipam.autoAssign(on("node-1").ipv4(3).handle("h1").attributes(Map.of("pod", "web-0")));
        assertEquals(3, a.ipv4().size());
        assertEquals(3, new HashSet<>(a.ipv4()).size());
        List<IpamBlock> blocks = ipam.blocks();
        assertEquals(1, blocks.size());
        IpamBlock b = blocks.get(0);
        assertEquals(28, b.cidr().prefixLength(), "block size from the pool");
        assertEquals("host:node-1", b.affinity().orElseThrow());
        assertTrue(b.affinityClaimTime().isPresent());
        assertEquals(3, b.inUse());
        assertEquals(13, b.unallocated().length);
        assertEquals(List.of(AllocationAttribute.of("h1", Map.of("pod", "web-0"))), b.attributes(),
                "one attribute entry shared by the addresses of one request");
        assertEquals(3, b.sequenceNumberForAllocation().size());
        for (IpAddress ip : a.ipv4()) {
            assertTrue(b.cidr().containsAddress(ip));
        }
        List<BlockAffinity> affs = ipam.affinities("node-1");
        assertEquals(1, affs.size());
        assertEquals(AffinityState.CONFIRMED, affs.get(0).state());
        assertEquals(b.cidr(), affs.get(0).cidr());
        IpamHandle h = (IpamHandle) ds.get(ResourceKey.of(org.calico4j.model.Kind.IPAM_HANDLE, "h1")).orElseThrow().value();
        assertEquals(Map.of(b.cidr(), 3), h.blocks());
        assertEquals(a.ipv4(), ipam.ipsByHandle("h1"));
        Allocation al = ipam.allocation(a.ipv4().get(1)).orElseThrow();
        assertEquals("h1", al.handleId());
        assertEquals(Map.of("pod", "web-0"), al.attributes());
        assertEquals("node-1", al.blockHost());
        // The host's next request comes from the same block.
        IpamAssignments more = ipam.autoAssign(on("node-1").ipv4(2).handle("h2"));
        assertTrue(b.cidr().containsAddress(more.ipv4().get(0)));
        assertEquals(1, ipam.blocks().size());
        assertClean();
    }

    /**
     * A claim reads the first blocks of the host's order one by one, then walks a listing of every block: as the pool
     * fills, the free blocks lie beyond the first reads, and each host must still claim one of its own (not borrow).
     */
    @Test
    void everyHostClaimsItsOwnBlockUntilThePoolIsFull() {
        pool("p", "10.0.0.0/24", 29);
        java.util.Set<Cidr> claimed = new HashSet<>();
        for (int h = 0; h <= 32; h++) {
            if (h < 1 || h > 4) {
                node("node-" + h, "c"); // node-1 to node-4 are the suite's
            }
        }
        for (int h = 0; h < 32; h++) {
            IpAddress ip = ipam.autoAssign(on("node-" + h).ipv4(1).handle("h" + h)).ipv4().get(0);
            assertEquals("node-" + h, ipam.allocation(ip).orElseThrow().blockHost(), "node-" + h + " got a block of its own");
            assertEquals(1, ipam.affinities("node-" + h).size());
            assertTrue(claimed.add(ipam.affinities("node-" + h).get(0).cidr()), "a block not claimed before");
        }
        assertEquals(32, ipam.blocks().size(), "every block of the pool claimed");
        IpAddress borrowed = ipam.autoAssign(on("node-32").ipv4(1).handle("h32")).ipv4().get(0);
        assertTrue(ipam.affinities("node-32").isEmpty(), "no block left to claim: borrowed");
        assertTrue(Cidr.parse("10.0.0.0/24").containsAddress(borrowed));
    }

    @Test
    void everyBlockWriteAdvancesTheSequenceNumber() {
        pool("p", "10.0.0.0/24", 28);
        ipam.autoAssign(on("node-1").ipv4(1).handle("h1"));
        long s1 = ipam.blocks().get(0).sequenceNumber();
        IpAddress second = ipam.autoAssign(on("node-1").ipv4(1).handle("h2")).ipv4().get(0);
        IpamBlock b = ipam.blocks().get(0);
        assertEquals(s1 + 1, b.sequenceNumber());
        assertEquals(s1, b.sequenceNumberForAllocation().get(b.ordinalOf(second)), "recorded before the write");
    }

    @Test
    void releasedAddressesAreReusedLast() {
        pool("p", "10.0.0.0/28", 28);
        IpAddress first = ipam.autoAssign(on("node-1").ipv4(1).handle("a")).ipv4().get(0);
        assertEquals(List.of(first), ipam.release(List.of(first)).released());
        IpamAssignments rest = ipam.autoAssign(on("node-1").ipv4(15).handle("b"));
        assertFalse(rest.ipv4().contains(first), "the released address went to the back of the free queue");
        assertEquals(List.of(first), ipam.autoAssign(on("node-1").ipv4(1).handle("c")).ipv4());
        assertTrue(ipam.blocks().get(0).attributes().stream().noneMatch(x -> "a".equals(x.handleId())),
                "the released owner's attribute entry is gone");
        assertClean();
    }

    @Test
    void assignsIpv6FromIpv6PoolsWithTheirBlockSize() {
        pool("v6", "fd00:10:244::/120", 122);
        pool("v4", "10.0.0.0/24", 26);
        IpamAssignments a = ipam.autoAssign(on("node-1").ipv4(1).ipv6(2).handle("dual"));
        assertEquals(1, a.ipv4().size());
        assertEquals(2, a.ipv6().size());
        assertTrue(Cidr.parse("fd00:10:244::/120").containsAddress(a.ipv6().get(0)));
        assertTrue(ipam.blocks().stream().anyMatch(b -> b.cidr().version() == 6 && b.cidr().prefixLength() == 122));
        assertEquals(3, ipam.ipsByHandle("dual").size());
        assertEquals(3, ipam.releaseByHandle("dual").size());
        assertClean();
    }

    // ------------------------------------------------------------------ borrowing, strict affinity, limits

    @Test
    void borrowsFromAnotherHostsBlockWhenNoBlockIsLeft() {
        pool("p", "10.0.0.0/28", 28);
        ipam.autoAssign(on("node-1").ipv4(2).handle("one"));
        IpamAssignments borrowed = ipam.autoAssign(on("node-2").ipv4(3).handle("two"));
        assertEquals(3, borrowed.ipv4().size());
        for (IpAddress ip : borrowed.ipv4()) {
            assertEquals("node-1", ipam.allocation(ip).orElseThrow().blockHost(), "borrowed from node-1's block");
        }
        assertTrue(ipam.affinities("node-2").isEmpty(), "borrowing claims nothing");
        assertClean();
    }

    @Test
    void strictAffinityForbidsBorrowing() {
        pool("p", "10.0.0.0/28", 28);
        ipam.setConfig(IpamConfig.defaults().withStrictAffinity(true));
        ipam.autoAssign(on("node-1").ipv4(1).handle("one"));
        IpamException e = refused(on("node-2").ipv4(1).handle("two"));
        assertEquals(IpamException.Reason.EXHAUSTED, e.reason());
        assertEquals("Assigned 0 out of 1 requested IPv4 addresses; No more free affine blocks and strict affinity enabled",
                e.getMessage());
    }

    @Test
    void theBlockLimitStopsClaimsWithoutBorrowing() {
        pool("p", "10.0.0.0/24", 28);
        IpamException e = refused(on("node-1").ipv4(17).handle("big").maxBlocksPerHost(1));
        assertEquals("Assigned 16 out of 17 requested IPv4 addresses; Need to allocate an IPAM block but could not"
                + " - limit of 1 blocks reached for this node", e.getMessage());
        assertTrue(ipam.ipsByHandle("big").isEmpty(), "all or nothing: the 16 taken were released again");
        ipam.setConfig(IpamConfig.defaults().withStrictAffinity(true).withMaxBlocksPerHost(2));
        assertEquals(32, ipam.autoAssign(on("node-1").ipv4(32)).ipv4().size());
        assertTrue(refused(on("node-1").ipv4(1)).getMessage().contains("limit of 2 blocks reached"));
    }

    @Test
    void configRulesAreCalicos() {
        assertEquals(IpamConfig.defaults(), ipam.config());
        assertEquals("Cannot disable 'StrictAffinity' and 'AutoAllocateBlocks' at the same time", assertThrows(
                IpamException.class, () -> ipam.setConfig(IpamConfig.defaults().withAutoAllocateBlocks(false))).getMessage());
        assertEquals("MaxBlocksPerHost requires StrictAffinity to be enabled", assertThrows(IpamException.class,
                () -> ipam.setConfig(IpamConfig.defaults().withMaxBlocksPerHost(3))).getMessage());
        IpamConfig strict = IpamConfig.defaults().withStrictAffinity(true).withAutoAllocateBlocks(false);
        ipam.setConfig(strict);
        assertEquals(strict, ipam.config().withMetadata(strict.metadata()));
        pool("p", "10.0.0.0/24", 28);
        assertEquals("Assigned 0 out of 1 requested IPv4 addresses; failed to find or claim a block",
                refused(on("node-1").ipv4(1)).getMessage());
    }

    @Test
    void exhaustionNamesThePoolsTriedAndTakesNothing() {
        pool("p1", "10.0.0.0/28", 28);
        pool("p2", "10.0.1.0/28", 28);
        IpamException e = refused(on("node-1").ipv4(40).handle("greedy").attributes(Map.of("pod", "x")));
        assertEquals(IpamException.Reason.EXHAUSTED, e.reason());
        assertEquals("Assigned 32 out of 40 requested IPv4 addresses; No IPs available in pools: [10.0.0.0/28 10.0.1.0/28]",
                e.getMessage());
        assertTrue(ipam.ipsByHandle("greedy").isEmpty());
        assertEquals(0, ipam.blocks().stream().mapToInt(IpamBlock::inUse).sum(), "nothing half-applied");
        assertClean();
        assertEquals(32, ipam.autoAssign(on("node-1").ipv4(32).handle("fits")).ipv4().size());
    }

    // ------------------------------------------------------------------ pools and reservations

    @Test
    void poolsAreChosenByNodeSelectorDisabledUseAndAssignmentMode() {
        pool("rack-a", IpPoolSpec.builder().cidr("10.1.0.0/24").blockSize(28).nodeSelector("rack == 'a'").addAllowedUses("Workload"));
        pool("rack-b", IpPoolSpec.builder().cidr("10.2.0.0/24").blockSize(28).nodeSelector("rack == 'b'").addAllowedUses("Workload"));
        pool("off", IpPoolSpec.builder().cidr("10.3.0.0/24").blockSize(28).disabled(true));
        pool("manual", IpPoolSpec.builder().cidr("10.4.0.0/24").blockSize(28).assignmentMode("Manual"));
        pool("tunnels", IpPoolSpec.builder().cidr("10.5.0.0/24").blockSize(28).nodeSelector("rack == 'a'").addAllowedUses("Tunnel"));
        assertTrue(Cidr.parse("10.1.0.0/24").containsAddress(ipam.autoAssign(on("node-1").ipv4(1)).ipv4().get(0)));
        assertTrue(Cidr.parse("10.2.0.0/24").containsAddress(ipam.autoAssign(on("node-3").ipv4(1)).ipv4().get(0)));
        assertTrue(Cidr.parse("10.4.0.0/24").containsAddress(ipam.autoAssign(on("node-1").ipv4(1)
                .ipv4Pools(List.of(Cidr.parse("10.4.0.0/24")))).ipv4().get(0)), "a Manual pool when asked for");
        assertTrue(Cidr.parse("10.5.0.0/24").containsAddress(ipam.autoAssign(on("node-1").ipv4(1)
                .intendedUse(AllowedUse.TUNNEL)).ipv4().get(0)), "the Tunnel-only pool for tunnel addresses");
        assertEquals("the given pool (10.3.0.0/24) does not exist, or is not enabled", assertThrows(IpamException.class,
                () -> ipam.autoAssign(on("node-1").ipv4(1).ipv4Pools(List.of(Cidr.parse("10.3.0.0/24"))))).getMessage());
        assertEquals("provided IPv4 IPPools list contains one or more IPv6 IPPools", assertThrows(IpamException.class,
                () -> ipam.autoAssign(on("node-1").ipv4(1).ipv4Pools(List.of(Cidr.parse("fd00::/120"))))).getMessage());
        node("node-5", "c");
        assertEquals("no configured Calico pools for node node-5", refused(on("node-5").ipv4(1)).getMessage());
        assertEquals("cannot find a qualified ippool, no pools match the required use (Workload)",
                refused(on("node-1").ipv4(1).ipv4Pools(List.of(Cidr.parse("10.5.0.0/24")))).getMessage());
        assertEquals("cannot find a qualified ippool", refused(on("node-1").ipv6(1)).getMessage());
        assertEquals("resource does not exist: Node(node-9)", assertThrows(NotFoundException.class,
                () -> ipam.autoAssign(on("node-9").ipv4(1))).getMessage());
        assertEquals(IpamException.Reason.INVALID_REQUEST, refused(on("Node_1").ipv4(1)).reason());
        assertEquals(IpamException.Reason.INVALID_REQUEST, refused(on("node-1").ipv4(1).handle("../x")).reason());
    }

    @Test
    void reservedAddressesAreNeverAutoAssigned() {
        pool("p", "10.0.0.0/28", 28);
        client.ipReservations().create(IpReservation.builder().name("r")
                .spec(IpReservationSpec.builder().addReservedCIDRs("10.0.0.0/30", "10.0.0.7").build()).build());
        Set<IpAddress> got = new HashSet<>(ipam.autoAssign(on("node-1").ipv4(11).handle("all")).ipv4());
        assertEquals(11, got.size());
        for (String r : List.of("10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.7")) {
            assertFalse(got.contains(ip(r)), r + " is reserved");
        }
        assertEquals(IpamException.Reason.EXHAUSTED, refused(on("node-2").ipv4(1)).reason());
        assertClean();
    }

    @Test
    void assignIpTakesOneAddressOrSaysWhyNot() {
        pool("p", "10.0.0.0/24", 28);
        pool("off", IpPoolSpec.builder().cidr("10.9.0.0/24").disabled(true));
        ipam.assignIp(AssignIpRequest.of(ip("10.0.0.37")).host("node-2").handle("static").attributes(Map.of("k", "v")));
        Allocation a = ipam.allocation(ip("10.0.0.37")).orElseThrow();
        assertEquals("static", a.handleId());
        assertEquals(Cidr.parse("10.0.0.32/28"), a.block());
        assertEquals("node-2", a.blockHost(), "the block was claimed for the host");
        IpamException taken = assertThrows(IpamException.class,
                () -> ipam.assignIp(AssignIpRequest.of(ip("10.0.0.37")).host("node-1")));
        assertEquals(IpamException.Reason.IN_USE, taken.reason());
        assertEquals("resource already exists: 10.0.0.37", taken.getMessage());
        for (String outside : List.of("192.168.0.1", "10.9.0.1")) {
            IpamException e = assertThrows(IpamException.class, () -> ipam.assignIp(AssignIpRequest.of(ip(outside)).host("node-1")));
            assertEquals("The provided IP address is not in a configured pool: " + outside, e.getMessage());
        }
        ReleaseResult r = ipam.release(List.of(ip("10.0.0.37"), ip("10.0.0.38"), ip("192.168.0.1")));
        assertEquals(List.of(ip("10.0.0.37")), r.released());
        assertEquals(Set.of(ip("10.0.0.38"), ip("192.168.0.1")), new HashSet<>(r.notAllocated()));
        assertTrue(ipam.allocation(ip("10.0.0.37")).isEmpty());
        assertClean();
    }

    @Test
    void releaseByHandleFreesItsAddressesAndDeletesTheHandle() {
        pool("p", "10.0.0.0/24", 28);
        List<IpAddress> ips = ipam.autoAssign(on("node-1").ipv4(20).handle("pod")).ipv4();
        ipam.autoAssign(on("node-1").ipv4(1).handle("other"));
        assertEquals(2, ipam.blocks().size(), "20 addresses need two /28 blocks");
        assertEquals(new HashSet<>(ips), new HashSet<>(ipam.releaseByHandle("pod")));
        assertTrue(ipam.ipsByHandle("pod").isEmpty());
        assertTrue(ds.get(ResourceKey.of(org.calico4j.model.Kind.IPAM_HANDLE, "pod")).isEmpty());
        assertThrows(NotFoundException.class, () -> ipam.releaseByHandle("pod"));
        assertEquals(1, ipam.ipsByHandle("other").size());
        assertEquals(2, ipam.blocks().size(), "empty blocks stay with their host");
        assertClean();
    }

    @Test
    void deletingAPoolReleasesItsAffinities() {
        pool("p", "10.0.0.0/24", 28);
        IpAddress kept = ipam.autoAssign(on("node-1").ipv4(1).handle("kept")).ipv4().get(0);
        ipam.autoAssign(on("node-2").ipv4(1).handle("gone"));
        ipam.releaseByHandle("gone");
        assertEquals(2, ipam.affinities().size());
        IpPool deleted = client.ipPools().withName("p").delete();
        assertTrue(deleted.spec().disabled(), "Calico disables the pool before deleting it");
        assertTrue(ipam.affinities().isEmpty());
        List<IpamBlock> blocks = ipam.blocks();
        assertEquals(1, blocks.size(), "node-2's empty block is deleted");
        assertTrue(blocks.get(0).affinity().isEmpty(), "node-1's block keeps its address but loses its host");
        assertEquals("kept", ipam.allocation(kept).orElseThrow().handleId());
        assertEquals(List.of(kept), ipam.release(List.of(kept)).released(), "an address of a deleted pool can be released");
        assertTrue(ipam.blocks().isEmpty(), "and its emptied block, affine to no host, goes");
    }

    @Test
    void anEmptyBlockOfAnotherHostIsReclaimedAfterAMinute() {
        pool("p", "10.0.0.0/28", 28);
        ipam.autoAssign(on("node-1").ipv4(1).handle("h"));
        ipam.releaseByHandle("h");
        Instant claimed = Instant.parse(ipam.blocks().get(0).affinityClaimTime().orElseThrow());
        Ipam soon = new DefaultIpam(ds, Clock.fixed(claimed.plusSeconds(30), ZoneOffset.UTC));
        IpAddress borrowed = soon.autoAssign(on("node-2").ipv4(1).handle("b")).ipv4().get(0);
        assertEquals("node-1", soon.allocation(borrowed).orElseThrow().blockHost(), "too young to reclaim: borrowed");
        soon.releaseByHandle("b");
        Ipam later = new DefaultIpam(ds, Clock.fixed(claimed.plus(Duration.ofMinutes(2)), ZoneOffset.UTC));
        IpAddress own = later.autoAssign(on("node-2").ipv4(1).handle("c")).ipv4().get(0);
        assertEquals("node-2", later.allocation(own).orElseThrow().blockHost(), "reclaimed for node-2");
        assertTrue(ipam.affinities("node-1").isEmpty());
        assertEquals(1, ipam.affinities("node-2").size());
    }

    // ------------------------------------------------------------------ check

    @Test
    void checkReportsEveryKindOfInconsistency() {
        pool("p", "10.0.0.0/24", 28);
        ipam.autoAssign(on("node-1").ipv4(2).handle("ok"));
        assertClean();
        Cidr leaky = Cidr.parse("10.0.0.64/28");
        ds.create(ResourceKey.of(org.calico4j.model.Kind.IPAM_BLOCK, IpamBlock.nameFor(leaky)), allocated(leaky, "host:node-gone", 0, "no-such-handle"));
        Cidr outside = Cidr.parse("172.16.0.0/28");
        ds.create(ResourceKey.of(org.calico4j.model.Kind.IPAM_BLOCK, IpamBlock.nameFor(outside)), allocated(outside, null, 1, "ok2"));
        ds.create(ResourceKey.of(org.calico4j.model.Kind.IPAM_HANDLE, "ok2"), IpamHandle.of("ok2").plus(outside, 1));
        Cidr overlap = Cidr.parse("172.16.0.0/29");
        ds.create(ResourceKey.of(org.calico4j.model.Kind.IPAM_BLOCK, IpamBlock.nameFor(overlap)), allocated(overlap, null, 1, "ok3"));
        ds.create(ResourceKey.of(org.calico4j.model.Kind.IPAM_HANDLE, "ok3"), IpamHandle.of("ok3").plus(overlap, 1));
        ds.create(ResourceKey.of(org.calico4j.model.Kind.IPAM_HANDLE, "ghost"), IpamHandle.of("ghost").plus(leaky, 4));
        BlockAffinity stale = BlockAffinity.of("node-3", Cidr.parse("10.0.0.128/28"), AffinityState.CONFIRMED);
        ds.create(ResourceKey.of(stale), stale);
        IpamBlock broken = IpamBlock.empty(Cidr.parse("10.0.0.192/28"), null, null, 1);
        ds.create(ResourceKey.of(broken), new IpamBlock(ObjectMeta.named(broken.name()), broken.cidr(), null, null,
                broken.allocations(), java.util.Arrays.copyOf(broken.unallocated(), 15), List.of(), 1, Map.of(), false));

        IpamReport r = ipam.check();
        Map<ProblemType, List<String>> found = new HashMap<>();
        r.problems().forEach(p -> found.computeIfAbsent(p.type(), k -> new ArrayList<>()).add(p.subject()));
        assertEquals(List.of("10.0.0.64"), found.get(ProblemType.LEAKED_ADDRESS), r.problems()::toString);
        assertEquals(List.of("10.0.0.64/28"), found.get(ProblemType.NODE_GONE));
        assertEquals(List.of("172.16.0.1", "172.16.0.1"), found.get(ProblemType.ADDRESS_IN_NO_POOL));
        assertEquals(List.of("172.16.0.1"), found.get(ProblemType.DOUBLE_ALLOCATION));
        assertEquals(List.of("ghost"), found.get(ProblemType.HANDLE_WITHOUT_ADDRESSES));
        assertEquals(List.of(stale.name()), found.get(ProblemType.STALE_AFFINITY));
        assertEquals(List.of("10.0.0.192/28"), found.get(ProblemType.BLOCK_INCONSISTENT));
        assertEquals(7, found.size());
    }

    private static IpamBlock allocated(Cidr cidr, String affinity, int ordinal, String handle) {
        IpamBlock e = IpamBlock.empty(cidr, affinity, null, 1);
        int[] alloc = e.allocations();
        alloc[ordinal] = 0;
        int[] free = java.util.stream.IntStream.range(0, e.size()).filter(i -> i != ordinal).toArray();
        return new IpamBlock(ObjectMeta.named(e.name()), cidr, affinity, null, alloc, free,
                List.of(AllocationAttribute.of(handle, Map.of())), 2, Map.of(ordinal, 1L), false);
    }

    // ------------------------------------------------------------------ concurrency and a reference model

    @Test
    void concurrentHostsNeverGetTheSameAddress() throws Exception {
        pool("p", "10.0.0.0/25", 29);
        pool("v6", "fd00::/121", 125);
        int threads = 8;
        int perThread = Math.max(20, operations() / threads);
        // One connection per simulated host, as four node agents would have.
        List<Datastore> connections = new ArrayList<>();
        List<Ipam> hosts = new ArrayList<>();
        for (int h = 0; h < 4; h++) {
            Datastore c = connectAgain();
            connections.add(c);
            hosts.add(CalicoClient.builder().datastore(c).build().ipam());
        }
        Map<IpAddress, String> live = new ConcurrentHashMap<>();
        List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    java.util.Random rnd = new java.util.Random(thread);
                    String host = "node-" + (thread % 4 + 1);
                    Ipam ipam = hosts.get(thread % 4);
                    List<String> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        if (mine.size() > 3 || (rnd.nextBoolean() && !mine.isEmpty())) {
                            String h = mine.remove(rnd.nextInt(mine.size()));
                            List<IpAddress> freed = ipam.ipsByHandle(h);
                            freed.forEach(live::remove);
                            if (rnd.nextBoolean()) {
                                ipam.releaseByHandle(h);
                            } else {
                                assertEquals(freed.size(), ipam.release(freed).released().size());
                                assertTrue(ipam.ipsByHandle(h).isEmpty());
                            }
                            continue;
                        }
                        String h = "t" + thread + "-" + i;
                        try {
                            IpamAssignments a = ipam.autoAssign(on(host).ipv4(1 + rnd.nextInt(3)).ipv6(rnd.nextInt(2)).handle(h));
                            for (IpAddress ip : a.all()) {
                                String prev = live.putIfAbsent(ip, h);
                                if (prev != null) {
                                    duplicates.add(ip + " to " + prev + " and " + h);
                                }
                            }
                            mine.add(h);
                        } catch (IpamException e) {
                            assertEquals(IpamException.Reason.EXHAUSTED, e.reason(), e.getMessage());
                            assertTrue(ipam.ipsByHandle(h).isEmpty(), "a refused request holds nothing");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(280, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            for (Datastore c : connections) {
                if (c != ds) {
                    c.close();
                }
            }
        }
        assertEquals(List.of(), duplicates);
        Set<IpAddress> recorded = new HashSet<>();
        for (IpamBlock b : ipam.blocks()) {
            for (int ord = 0; ord < b.size(); ord++) {
                if (b.allocationAt(ord) != IpamBlock.FREE) {
                    recorded.add(b.address(ord));
                }
            }
        }
        assertEquals(live.keySet(), recorded, "IPAM records exactly the addresses handed out and not released: no leak");
        assertClean();
    }

    /**
     * Random sequences of assign and release against a model that only knows which addresses are free:
     * a request succeeds exactly when enough are free, gets addresses that were free, and releases
     * return exactly what the model holds. The seed is in every failure message, for replay.
     */
    @Test
    void generatedSequencesAgreeWithAReferenceModel() {
        pool("p", "10.0.0.0/26", 29);
        client.ipReservations().create(IpReservation.builder().name("r")
                .spec(IpReservationSpec.builder().addReservedCIDRs("10.0.0.8/30").build()).build());
        long seed = Long.getLong("calico4j.ipam.seed", System.nanoTime());
        java.util.Random rnd = new java.util.Random(seed);
        String ctx = "seed " + seed + " (replay with -Dcalico4j.ipam.seed=" + seed + ")";
        Set<IpAddress> universe = new HashSet<>();
        Cidr p = Cidr.parse("10.0.0.0/26");
        for (int i = 0; i < 64; i++) {
            IpAddress a = p.addressAt(i);
            if (!Cidr.parse("10.0.0.8/30").containsAddress(a)) {
                universe.add(a);
            }
        }
        Map<String, Set<IpAddress>> model = new HashMap<>();
        Set<IpAddress> used = new HashSet<>();
        int steps = Math.max(50, operations());
        for (int step = 0; step < steps; step++) {
            String where = ctx + ", step " + step;
            int op = rnd.nextInt(10);
            if (op < 5) {
                String h = "h" + step;
                String host = "node-" + (1 + rnd.nextInt(4));
                int n = 1 + rnd.nextInt(8);
                int free = universe.size() - used.size();
                try {
                    List<IpAddress> got = ipam.autoAssign(on(host).ipv4(n).handle(h)).ipv4();
                    assertTrue(n <= free, where + ": assigned " + n + " with only " + free + " free");
                    assertEquals(n, new HashSet<>(got).size(), where);
                    for (IpAddress a : got) {
                        assertTrue(universe.contains(a), where + ": " + a + " is not assignable");
                        assertTrue(used.add(a), where + ": " + a + " handed out twice");
                    }
                    model.put(h, new HashSet<>(got));
                } catch (IpamException e) {
                    assertTrue(n > free, where + ": refused " + n + " with " + free + " free: " + e.getMessage());
                }
            } else if (op < 7 && !model.isEmpty()) {
                String h = new ArrayList<>(model.keySet()).get(rnd.nextInt(model.size()));
                Set<IpAddress> held = model.remove(h);
                assertEquals(held, new HashSet<>(ipam.releaseByHandle(h)), where);
                used.removeAll(held);
            } else if (op < 9) {
                IpAddress a = new ArrayList<>(universe).get(rnd.nextInt(universe.size()));
                String owner = model.entrySet().stream().filter(e -> e.getValue().contains(a)).map(Map.Entry::getKey)
                        .findFirst().orElse(null);
                ReleaseResult r = ipam.release(List.of(a));
                assertEquals(owner != null, r.released().contains(a), where + ": release of " + a);
                if (owner != null) {
                    model.get(owner).remove(a);
                    if (model.get(owner).isEmpty()) {
                        model.remove(owner);
                    }
                    used.remove(a);
                }
            } else {
                for (Map.Entry<String, Set<IpAddress>> e : model.entrySet()) {
                    assertEquals(e.getValue(), new HashSet<>(ipam.ipsByHandle(e.getKey())), where);
                }
            }
        }
        IpamReport r = ipam.check();
        assertTrue(r.isClean(), ctx + ": " + r.problems());
        assertEquals(used.size(), r.allocations(), ctx);
    }
}
