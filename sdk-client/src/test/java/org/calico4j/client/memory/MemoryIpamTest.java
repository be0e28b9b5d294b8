package org.calico4j.client.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.ConflictException;
import org.calico4j.client.ipam.AutoAssignRequest;
import org.calico4j.client.ipam.IpamException;
import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Versioned;
import org.calico4j.client.spi.Write;
import org.calico4j.client.tck.ForwardingDatastore;
import org.calico4j.client.tck.IpamTck;
import org.calico4j.client.tck.NonTransactionalDatastore;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Kind;
import org.calico4j.model.Node;
import org.calico4j.model.NodeSpec;
import org.calico4j.model.Resource;
import org.calico4j.model.ipam.IpamHandle;
import org.calico4j.model.net.IpAddress;
import org.junit.jupiter.api.Test;

class MemoryIpamTest extends IpamTck {
    @Override
    protected Datastore open() {
        return MemoryDatastore.create();
    }

    /**
     * A store on which every block write (alone or in a transaction) loses its race the first {@code losses} times:
     * more than a real store can be made to produce on demand.
     */
    private static Datastore losingBlockWrites(Datastore inner, int losses) {
        AtomicInteger left = new AtomicInteger(losses);
        return new ForwardingDatastore(inner) {
            @Override
            public Versioned update(ResourceKey key, Resource value, long expectedRevision) {
                if (key.kind() == Kind.IPAM_BLOCK && left.getAndDecrement() > 0) {
                    throw new ConflictException(key, expectedRevision, inner.get(key).map(Versioned::value).orElse(null));
                }
                return super.update(key, value, expectedRevision);
            }

            @Override
            public List<Versioned> commit(List<Write> writes) {
                for (Write w : writes) {
                    if (w.key().kind() == Kind.IPAM_BLOCK && w.op() == Write.Op.UPDATE && left.getAndDecrement() > 0) {
                        throw new ConflictException(w.key(), w.expectedRevision(), inner.get(w.key()).map(Versioned::value).orElse(null));
                    }
                }
                return super.commit(writes);
            }
        };
    }

    /** The same store as {@link #open()}, and one without transactions (libcalico-go's single writes). */
    private static List<Datastore> bothKinds() {
        return List.of(MemoryDatastore.create(), new NonTransactionalDatastore(MemoryDatastore.create()));
    }

    private static CalicoClient clusterOn(Datastore ds) {
        CalicoClient c = CalicoClient.builder().datastore(ds).build();
        c.nodes().create(Node.builder().name("n1").spec(NodeSpec.builder().build()).build());
        c.ipPools().create(IpPool.builder().name("p").spec(IpPoolSpec.builder().cidr("10.0.0.0/24").build()).build());
        return c;
    }

    /** A host's first claim in a roomy pool reads a few blocks of its order, not a listing of every block (Calico's n²). */
    @Test
    void aClaimInARoomyPoolListsNoBlocks() {
        AtomicInteger blockLists = new AtomicInteger();
        Datastore counting = new ForwardingDatastore(MemoryDatastore.create()) {
            @Override
            public org.calico4j.client.spi.ListResult list(Kind kind, long revision) {
                if (kind == Kind.IPAM_BLOCK) {
                    blockLists.incrementAndGet();
                }
                return super.list(kind, revision);
            }
        };
        try (counting) {
            CalicoClient c = CalicoClient.builder().datastore(counting).build();
            c.ipPools().create(IpPool.builder().name("p").spec(IpPoolSpec.builder().cidr("10.0.0.0/16").build()).build());
            for (int h = 0; h < 40; h++) {
                c.nodes().create(Node.builder().name("n" + h).spec(NodeSpec.builder().build()).build());
                c.ipam().autoAssign(AutoAssignRequest.forHost("n" + h).ipv4(1).handle("h" + h));
            }
            assertEquals(40, c.ipam().blocks().size(), "a block each");
            assertEquals(1, blockLists.get(), "only the check above lists the blocks");
        }
    }

    /**
     * A release reads the blocks the pools last seen (by any store in the process) put its addresses in, together
     * with the pools; only the pools read decide. Here those last seen are another store's, with another block size.
     */
    @Test
    void aReleaseFindsItsBlocksByThePoolsItReadsNotByThoseLastSeen() {
        try (CalicoClient small = CalicoClient.inMemory(); CalicoClient large = CalicoClient.inMemory()) {
            for (CalicoClient c : List.of(small, large)) {
                c.nodes().create(Node.builder().name("n1").spec(NodeSpec.builder().build()).build());
            }
            small.ipPools().create(IpPool.builder().name("p").spec(IpPoolSpec.builder().cidr("10.0.0.0/16").blockSize(28).build()).build());
            large.ipPools().create(IpPool.builder().name("p").spec(IpPoolSpec.builder().cidr("10.0.0.0/16").blockSize(24).build()).build());
            List<IpAddress> fromSmall = small.ipam().autoAssign(AutoAssignRequest.forHost("n1").ipv4(2).handle("s")).ipv4();
            List<IpAddress> fromLarge = large.ipam().autoAssign(AutoAssignRequest.forHost("n1").ipv4(2).handle("l")).ipv4();
            assertEquals(fromSmall, small.ipam().release(fromSmall).released(), "the /24 guess is wrong for this store");
            assertEquals(fromLarge, large.ipam().release(fromLarge).released(), "the /28 guess is wrong for this store");
            assertTrue(small.ipam().check().isClean() && large.ipam().check().isClean());
            assertTrue(small.ipam().ipsByHandle("s").isEmpty() && large.ipam().ipsByHandle("l").isEmpty());
        }
    }

    /**
     * A release commits against the handle record its IPAM wrote last, without reading it; when another IPAM on the
     * same store has changed or deleted the handle since, the transaction loses, and the release reads it and retries.
     */
    @Test
    void aReleaseAgainstAHandleAnotherIpamChangedSinceRetriesWithTheStoredOne() {
        for (Datastore ds : bothKinds()) {
            try (ds; CalicoClient a = clusterOn(ds); CalicoClient b = CalicoClient.builder().datastore(ds).build()) {
                List<IpAddress> mine = a.ipam().autoAssign(AutoAssignRequest.forHost("n1").ipv4(2).handle("h")).ipv4();
                b.ipam().autoAssign(AutoAssignRequest.forHost("n1").ipv4(1).handle("h"));
                assertEquals(mine.subList(0, 1), a.ipam().release(mine.subList(0, 1)).released());
                assertEquals(List.of(2), List.copyOf(((IpamHandle) ds.get(ResourceKey.of(Kind.IPAM_HANDLE, "h")).orElseThrow()
                        .value()).blocks().values()), ds.describe());
                b.ipam().releaseByHandle("h");
                assertTrue(ds.get(ResourceKey.of(Kind.IPAM_HANDLE, "h")).isEmpty());
                List<IpAddress> again = b.ipam().autoAssign(AutoAssignRequest.forHost("n1").ipv4(1).handle("h")).ipv4();
                assertEquals(List.of(), a.ipam().release(mine.subList(1, 2)).released(), "released already, by handle");
                assertEquals(again, a.ipam().release(again).released(), "a's record of h is of a handle since deleted");
                assertTrue(ds.get(ResourceKey.of(Kind.IPAM_HANDLE, "h")).isEmpty(), ds.describe());
                assertTrue(a.ipam().check().isClean(), () -> a.ipam().check().problems().toString());
            }
        }
    }

    /**
     * The round trips of a steady-state assign + release on a transactional store (goal 5 of the scale issue): the
     * assign reads one snapshot and the block and commits once; the release reads one snapshot (pools and block) and
     * commits once, against the handle record its IPAM wrote.
     */
    @Test
    void aSteadyStateAssignAndReleaseMakeFiveStoreCalls() {
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Datastore ds = new ForwardingDatastore(MemoryDatastore.create()) {
            @Override
            public java.util.Optional<Versioned> get(ResourceKey key) {
                calls.add("get " + key.kind().kindName());
                return super.get(key);
            }

            @Override
            public org.calico4j.client.spi.ListResult list(Kind kind, String prefix, long revision) {
                calls.add("list " + kind.kindName());
                return super.list(kind, prefix, revision);
            }

            @Override
            public List<org.calico4j.client.spi.ListResult> read(List<org.calico4j.client.spi.Read> reads) {
                calls.add("read " + reads.size());
                return super.read(reads);
            }

            @Override
            public List<Versioned> commit(List<Write> writes) {
                calls.add("commit " + writes.size());
                return super.commit(writes);
            }
        }) {
            CalicoClient c = clusterOn(ds);
            c.ipam().release(c.ipam().autoAssign(AutoAssignRequest.forHost("n1").ipv4(1).handle("warm")).ipv4());
            calls.clear();
            List<IpAddress> ips = c.ipam().autoAssign(AutoAssignRequest.forHost("n1").ipv4(1).handle("h")).ipv4();
            assertEquals(List.of("read 6", "get IPAMBlock", "commit 2"), calls, "the assign");
            calls.clear();
            assertEquals(ips, c.ipam().release(ips).released());
            assertEquals(List.of("read 2", "commit 2"), calls, "the release");
        }
    }

    /**
     * A handle record this IPAM wrote that counts nothing of the block released (another IPAM has since counted an
     * address of another block on it) would give no write, and so no compare: the release reads the handle instead.
     */
    @Test
    void aReleaseFromABlockTheRememberedHandleDoesNotCountReadsTheHandle() {
        for (Datastore ds : bothKinds()) {
            try (ds; CalicoClient a = clusterOn(ds); CalicoClient b = CalicoClient.builder().datastore(ds).build()) {
                a.nodes().create(Node.builder().name("n2").spec(NodeSpec.builder().build()).build());
                a.ipam().autoAssign(AutoAssignRequest.forHost("n1").ipv4(1).handle("h"));
                List<IpAddress> onN2 = b.ipam().autoAssign(AutoAssignRequest.forHost("n2").ipv4(1).handle("h")).ipv4();
                assertEquals(onN2, a.ipam().release(onN2).released());
                IpamHandle h = (IpamHandle) ds.get(ResourceKey.of(Kind.IPAM_HANDLE, "h")).orElseThrow().value();
                assertEquals(1, h.blocks().size(), "n2's block is off the handle: " + h.blocks() + " on " + ds.describe());
                assertTrue(a.ipam().check().isClean(), () -> a.ipam().check().problems().toString());
            }
        }
    }

    @Test
    void lostRacesAreRetriedAndLeaveTheHandleCountingWhatIsTaken() {
        for (Datastore inner : bothKinds()) {
            try (Datastore ds = losingBlockWrites(inner, 99)) {
                CalicoClient c = clusterOn(ds);
                assertEquals(2, c.ipam().autoAssign(AutoAssignRequest.forHost("n1").ipv4(2).handle("h")).ipv4().size());
                assertTrue(c.ipam().check().isClean(), () -> c.ipam().check().problems().toString());
                IpamHandle h = (IpamHandle) ds.get(ResourceKey.of(Kind.IPAM_HANDLE, "h")).orElseThrow().value();
                assertEquals(List.of(2), List.copyOf(h.blocks().values()), ds.describe());
            }
        }
    }

    @Test
    void lostReleaseRacesAreRetriedAndTheHandleGoesWithItsLastAddress() {
        for (Datastore inner : bothKinds()) {
            AtomicInteger losses = new AtomicInteger();
            try (Datastore ds = new ForwardingDatastore(inner) {
                @Override
                public List<Versioned> commit(List<Write> writes) {
                    for (Write w : writes) {
                        if (w.key().kind() == Kind.IPAM_BLOCK && losses.getAndDecrement() > 0) {
                            throw new ConflictException(w.key(), w.expectedRevision(), inner.get(w.key()).orElseThrow().value());
                        }
                    }
                    return super.commit(writes);
                }
            }) {
                CalicoClient c = clusterOn(ds);
                List<IpAddress> ips = c.ipam().autoAssign(AutoAssignRequest.forHost("n1").ipv4(3).handle("h")).ipv4();
                losses.set(2);
                assertEquals(ips.subList(0, 2), c.ipam().release(ips.subList(0, 2)).released());
                assertEquals(List.of(1), List.copyOf(((IpamHandle) ds.get(ResourceKey.of(Kind.IPAM_HANDLE, "h")).orElseThrow()
                        .value()).blocks().values()), ds.describe());
                losses.set(2);
                assertEquals(ips.subList(2, 3), c.ipam().releaseByHandle("h"));
                assertTrue(losses.get() < 0, "the races were lost");
                assertTrue(ds.get(ResourceKey.of(Kind.IPAM_HANDLE, "h")).isEmpty(), "the handle goes with its last address");
                assertTrue(c.ipam().check().isClean(), () -> c.ipam().check().problems().toString());
            }
        }
    }

    @Test
    void aHundredLostRacesGiveCalicosErrorAndLeaveNothingBehind() {
        for (Datastore inner : bothKinds()) {
          try (Datastore ds = losingBlockWrites(inner, Integer.MAX_VALUE)) {
            CalicoClient c = clusterOn(ds);
            IpamException e = assertThrows(IpamException.class,
                    () -> c.ipam().autoAssign(AutoAssignRequest.forHost("n1").ipv4(1).handle("h")));
            assertEquals(IpamException.Reason.TOO_MANY_RETRIES, e.reason());
            assertEquals("Max retries hit - excessive concurrent IPAM requests", e.getMessage());
            assertTrue(c.ipam().ipsByHandle("h").isEmpty());
            assertTrue(ds.get(ResourceKey.of(Kind.IPAM_HANDLE, "h")).isEmpty(), "the handle count was put back");
            assertTrue(c.ipam().check().isClean(), () -> c.ipam().check().problems().toString());
          }
        }
    }
}
