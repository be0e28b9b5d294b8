package org.calico4j.client.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.calico4j.client.AlreadyExistsException;
import org.calico4j.client.ConflictException;
import org.calico4j.client.DatastoreException;
import org.calico4j.client.NotFoundException;
import org.calico4j.client.ResourceVersionTooOldException;
import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.DatastoreEvent;
import org.calico4j.client.spi.DatastoreListener;
import org.calico4j.client.spi.DatastoreWatch;
import org.calico4j.client.spi.ListResult;
import org.calico4j.client.spi.Read;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Versioned;
import org.calico4j.client.spi.Write;
import org.calico4j.model.BgpPeer;
import org.calico4j.model.BgpPeerSpec;
import org.calico4j.model.CalicoException;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Kind;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.Resource;
import org.calico4j.model.ipam.AffinityState;
import org.calico4j.model.ipam.BlockAffinity;
import org.calico4j.model.ipam.IpamBlock;
import org.calico4j.model.ipam.IpamConfig;
import org.calico4j.model.ipam.IpamHandle;
import org.calico4j.model.net.Cidr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Datastore contract, as one reusable suite: every implementation extends this class and
 * passes it unchanged. It states the semantics documented on {@link Datastore}.
 *
 * <pre>{@code
 * class MyDatastoreTckTest extends DatastoreTck {
 *     protected Datastore open(int historyLimit) { return MyDatastore.open(historyLimit); }
 * }
 * }</pre>
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class DatastoreTck {
    protected Datastore ds;

    /**
     * A new, empty datastore that keeps at least {@code historyLimit} past changes and at most a
     * small multiple of it (the compaction tests rely on old revisions going away).
     */
    protected abstract Datastore open(int historyLimit);

    /**
     * Makes the store drop history it keeps beyond its limit. Stores that compact by themselves
     * (in-memory, file) need nothing; a server store (etcd) compacts here, as its operator would.
     */
    protected void compactHistory() {
    }

    /** Whether the store under test applies several writes atomically ({@link Datastore#transactional()}). */
    protected boolean transactional() {
        return true;
    }

    @BeforeEach
    void openStore() {
        ds = open(100_000);
    }

    @AfterEach
    void closeStore() {
        ds.close();
    }

    protected static IpPool pool(String name, int n) {
        return IpPool.builder().metadata(ObjectMeta.builder().name(name).putLabels("n", Integer.toString(n)).build())
                .spec(IpPoolSpec.builder().cidr("10." + (n / 256 % 256) + "." + (n % 256) + ".0/24").natOutgoing(n % 2 == 0).build())
                .build();
    }

    protected static ResourceKey key(String name) {
        return ResourceKey.of(Kind.IP_POOL, name);
    }

    /** The value as written, without the resourceVersion the store adds. */
    public static Resource bare(Resource r) {
        return r.withMetadata(r.metadata().withResourceVersion(""));
    }

    private static BgpPeer peer(String name, String ip) {
        return BgpPeer.builder().name(name).spec(BgpPeerSpec.builder().peerIP(ip).build()).build();
    }

    private static int label(Resource r) {
        return Integer.parseInt(r.metadata().labels().get("n"));
    }

    @Test
    void writesIncrementTheRevisionByOneAndValuesComeBackEqual() {
        long start = ds.revision();
        Versioned a = ds.create(key("a"), pool("a", 1));
        assertEquals(start + 1, a.revision());
        assertEquals(pool("a", 1), bare(a.value()));
        assertEquals(Long.toString(a.revision()), a.value().metadata().resourceVersion(), "values carry their revision");
        assertEquals(a, ds.get(key("a")).orElseThrow());
        Versioned b = ds.update(key("a"), pool("a", 2), a.revision());
        assertEquals(start + 2, b.revision());
        Versioned gone = ds.delete(key("a"), 0);
        assertEquals(pool("a", 2), bare(gone.value()));
        assertEquals(start + 3, ds.revision());
        assertTrue(ds.get(key("a")).isEmpty());
    }

    /**
     * A value written with a resourceVersion of its own (the one it was read with, as the client passes an edited stored
     * value) comes back, and is read back, with the write's revision: the store's, never the value's.
     */
    @Test
    void aWrittenValuesOwnResourceVersionIsReplacedByTheWrites() {
        Versioned a = ds.create(key("a"), pool("a", 1).withMetadata(pool("a", 1).metadata().withResourceVersion("77")));
        assertEquals(Long.toString(a.revision()), a.value().metadata().resourceVersion());
        Resource edited = pool("a", 2).withMetadata(pool("a", 2).metadata().withResourceVersion(a.value().metadata().resourceVersion()));
        Versioned b = ds.update(key("a"), edited, a.revision());
        assertEquals(Long.toString(b.revision()), b.value().metadata().resourceVersion(), "not the revision read");
        assertEquals(Long.toString(b.revision()), ds.get(key("a")).orElseThrow().value().metadata().resourceVersion());
        assertEquals(pool("a", 2), bare(ds.get(key("a")).orElseThrow().value()));
    }

    @Test
    void createOfAnExistingKeyFailsAndCarriesTheStoredValue() {
        Versioned a = ds.create(key("a"), pool("a", 1));
        AlreadyExistsException e = assertThrows(AlreadyExistsException.class, () -> ds.create(key("a"), pool("a", 2)));
        assertEquals(Long.toString(a.revision()), e.current().orElseThrow().metadata().resourceVersion());
        assertEquals(1, label(e.current().orElseThrow()));
        assertEquals(a.revision(), ds.revision(), "a failed write does not move the revision");
    }

    @Test
    void staleRevisionsConflictAndCarryTheCurrentValue() {
        Versioned a = ds.create(key("a"), pool("a", 1));
        ds.update(key("a"), pool("a", 2), a.revision());
        ConflictException e = assertThrows(ConflictException.class, () -> ds.update(key("a"), pool("a", 3), a.revision()));
        assertEquals(2, label(e.current().orElseThrow()));
        assertThrows(ConflictException.class, () -> ds.delete(key("a"), a.revision()));
        assertThrows(NotFoundException.class, () -> ds.update(key("zz"), pool("zz", 1), 0));
        assertThrows(NotFoundException.class, () -> ds.delete(key("zz"), 0));
        assertEquals(4, label(ds.update(key("a"), pool("a", 4), 0).value()), "revision 0 means unconditional");
    }

    @Test
    void keysOfDifferentKindsAreIndependent() {
        ds.create(key("x"), pool("x", 1));
        BgpPeer peer = BgpPeer.builder().name("x").spec(BgpPeerSpec.builder().peerIP("10.0.0.1").build()).build();
        ds.create(ResourceKey.of(Kind.BGP_PEER, "x"), peer);
        assertEquals(1, ds.list(Kind.IP_POOL, 0).items().size());
        assertEquals(peer, bare(ds.list(Kind.BGP_PEER, 0).items().get(0).value()));
    }

    @Test
    void storesIpamRecordsAndListsByNamePrefix() {
        Cidr c1 = Cidr.parse("10.244.1.0/26");
        Cidr c6 = Cidr.parse("fd00:10:244::/122");
        IpamBlock block = IpamBlock.empty(c1, "host:node-1", "2026-11-26T12:00:00Z", 1_790_000_000_000_000_000L);
        IpamBlock block6 = IpamBlock.empty(c6, null, null, 7L);
        BlockAffinity a1 = BlockAffinity.of("node-1", c1, AffinityState.CONFIRMED);
        BlockAffinity a6 = BlockAffinity.of("node-1", c6, AffinityState.PENDING);
        BlockAffinity other = BlockAffinity.of("node-10", Cidr.parse("10.244.2.0/26"), AffinityState.CONFIRMED);
        IpamHandle handle = IpamHandle.of("k8s-pod-network.c0ffee").plus(c1, 2);
        IpamConfig config = IpamConfig.defaults().withStrictAffinity(true);
        for (Resource r : List.of(block, block6, a1, a6, other, handle, config)) {
            Versioned v = ds.create(ResourceKey.of(r), r);
            assertEquals(r, bare(v.value()));
            assertEquals(r, bare(ds.get(ResourceKey.of(r)).orElseThrow().value()));
            assertEquals(Long.toString(v.revision()), ds.get(ResourceKey.of(r)).orElseThrow().value().metadata().resourceVersion());
        }
        assertEquals(List.of(a1.name(), a6.name()), ds.list(Kind.BLOCK_AFFINITY, "node-1/", 0).items().stream()
                .map(v -> v.key().name()).toList(), "a host's affinities, not those of node-10");
        assertEquals(3, ds.list(Kind.BLOCK_AFFINITY, 0).items().size());
        assertEquals(2, ds.list(Kind.IPAM_BLOCK, 0).items().size());
        assertEquals(0, ds.list(Kind.IP_POOL, 0).items().size(), "IPAM records are not resources of another kind");

        Versioned stored = ds.get(ResourceKey.of(block)).orElseThrow();
        IpamBlock moved = block.withAffinity(null, null);
        ds.update(ResourceKey.of(block), moved, stored.revision());
        assertThrows(ConflictException.class, () -> ds.update(ResourceKey.of(block), block, stored.revision()));
        assertEquals(moved, bare(ds.get(ResourceKey.of(block)).orElseThrow().value()));
        Versioned h = ds.get(ResourceKey.of(handle)).orElseThrow();
        ds.delete(ResourceKey.of(handle), h.revision());
        assertTrue(ds.get(ResourceKey.of(handle)).isEmpty());
    }

    @Test
    void listsByNamePrefixOfAResourceKind() {
        for (String n : List.of("a", "ab", "abc", "b")) {
            ds.create(ResourceKey.of(Kind.IP_POOL, n), pool(n, n.length()));
        }
        assertEquals(List.of("ab", "abc"), ds.list(Kind.IP_POOL, "ab", 0).items().stream().map(v -> v.key().name()).toList());
        assertEquals(4, ds.list(Kind.IP_POOL, "", 0).items().size());
    }

    @Test
    void listsAreSortedAndReadAtARevision() {
        ds.create(key("b"), pool("b", 1));
        Versioned a = ds.create(key("a"), pool("a", 1));
        ListResult before = ds.list(Kind.IP_POOL, 0);
        assertEquals(List.of("a", "b"), names(before));
        assertEquals(ds.revision(), before.revision());
        ds.update(key("a"), pool("a", 2), a.revision());
        ds.delete(key("b"), 0);
        ds.create(key("c"), pool("c", 1));
        ListResult then = ds.list(Kind.IP_POOL, before.revision());
        assertEquals(List.of("a", "b"), names(then));
        assertEquals(1, label(then.items().get(0).value()), "the value as it was at that revision");
        assertEquals(List.of("a", "c"), names(ds.list(Kind.IP_POOL, 0)));
        DatastoreException future = assertThrows(DatastoreException.class, () -> ds.list(Kind.IP_POOL, ds.revision() + 10));
        assertTrue(future.getMessage().contains("future"), future.getMessage());
    }

    private static List<String> names(ListResult r) {
        List<String> out = new ArrayList<>();
        r.items().forEach(v -> out.add(v.key().name()));
        return out;
    }

    @Test
    void ofRacingConditionalWritesExactlyOneWins() throws Exception {
        for (int round = 0; round < 20; round++) {
            String name = "race-" + round;
            Versioned v = ds.create(key(name), pool(name, 0));
            int threads = 8;
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger wins = new AtomicInteger();
            AtomicInteger conflicts = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int n = t + 1;
                fs.add(pool.submit(() -> {
                    go.await();
                    try {
                        ds.update(key(name), pool(name, n), v.revision());
                        wins.incrementAndGet();
                    } catch (ConflictException e) {
                        conflicts.incrementAndGet();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : fs) {
                f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertEquals(1, wins.get(), "round " + round);
            assertEquals(threads - 1, conflicts.get());
        }
    }

    @Test
    void concurrentReadModifyWriteLosesNoUpdate() throws Exception {
        ds.create(key("counter"), pool("counter", 0));
        int threads = 8;
        int each = 100;
        ExecutorService exec = Executors.newFixedThreadPool(threads);
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            fs.add(exec.submit(() -> {
                for (int i = 0; i < each; i++) {
                    while (true) {
                        Versioned cur = ds.get(key("counter")).orElseThrow();
                        try {
                            ds.update(key("counter"), pool("counter", label(cur.value()) + 1), cur.revision());
                            break;
                        } catch (ConflictException retry) {
                            Thread.yield();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get(60, TimeUnit.SECONDS);
        }
        exec.shutdown();
        assertEquals(threads * each, label(ds.get(key("counter")).orElseThrow().value()));
    }

    /** Collects events and errors; blocks for them. */
    protected static class Collector implements DatastoreListener {
        final BlockingQueue<DatastoreEvent> events = new LinkedBlockingQueue<>();
        final AtomicReference<CalicoException> error = new AtomicReference<>();
        final CountDownLatch failed = new CountDownLatch(1);
        final List<org.calico4j.client.WatchNotice> notices = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void onEvent(DatastoreEvent event) {
            events.add(event);
        }

        @Override
        public void onNotice(org.calico4j.client.WatchNotice n) {
            notices.add(n);
        }

        @Override
        public void onError(CalicoException e) {
            error.set(e);
            failed.countDown();
        }

        public List<DatastoreEvent> take(int n) throws InterruptedException {
            List<DatastoreEvent> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                DatastoreEvent e = events.poll(30, TimeUnit.SECONDS);
                assertNotNull(e, "only " + i + " of " + n + " events arrived");
                out.add(e);
            }
            return out;
        }
    }

    // ---------------------------------------------------------------- batched reads and transactions

    @Test
    void transactionalIsAsDeclaredAndSeveralWritesOnAStoreThatIsNotAreRefusedWhole() {
        assertEquals(transactional(), ds.transactional());
        Versioned one = ds.commit(List.of(Write.create(key("solo"), pool("solo", 1)))).get(0);
        assertEquals(pool("solo", 1), bare(one.value()), "a single write commits on every store");
        if (!ds.transactional()) {
            long before = ds.revision();
            assertThrows(UnsupportedOperationException.class,
                    () -> ds.commit(List.of(Write.create(key("x"), pool("x", 1)), Write.create(key("y"), pool("y", 2)))));
            assertEquals(before, ds.revision());
            assertTrue(ds.get(key("x")).isEmpty());
        }
    }

    @Test
    void aReadBatchAnswersEachKeyAndPrefixAtOneRevision() {
        ds.create(key("a"), pool("a", 1));
        ds.create(key("ab"), pool("ab", 2));
        ds.create(key("b"), pool("b", 3));
        ds.create(ResourceKey.of(Kind.BGP_PEER, "a"), peer("a", "10.0.0.1"));
        List<ListResult> r = ds.read(List.of(Read.key(key("a")), Read.key(key("missing")), Read.prefix(Kind.IP_POOL, "a"),
                Read.key(ResourceKey.of(Kind.BGP_PEER, "a")), Read.prefix(Kind.IP_POOL, "")));
        assertEquals(5, r.size());
        long rev = ds.revision();
        for (ListResult l : r) {
            assertEquals(rev, l.revision(), "one snapshot, the latest");
        }
        assertEquals(List.of(ds.get(key("a")).orElseThrow()), r.get(0).items());
        assertEquals(List.of(), r.get(1).items());
        assertEquals(List.of("a", "ab"), r.get(2).items().stream().map(v -> v.key().name()).toList());
        assertEquals(peer("a", "10.0.0.1"), bare(r.get(3).items().get(0).value()));
        assertEquals(ds.list(Kind.IP_POOL, 0).items(), r.get(4).items());
        assertThrows(IllegalArgumentException.class, () -> ds.read(List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> ds.read(Collections.nCopies(Datastore.MAX_BATCH + 1, Read.key(key("a")))));
    }

    @Test
    void aTransactionAppliesEveryWriteWithOneRevisionAndWatchersSeeEachInOrder() throws Exception {
        assumeTrue(transactional(), "the store declares no transactions");
        Versioned a = ds.create(key("a"), pool("a", 1));
        Versioned b = ds.create(key("b"), pool("b", 2));
        long before = ds.revision();
        Collector c = new Collector();
        Collector poolsOnly = new Collector();
        try (DatastoreWatch w = ds.watch(null, before, c); DatastoreWatch pw = ds.watch(Kind.IP_POOL, before, poolsOnly)) {
            List<Versioned> out = ds.commit(List.of(Write.update(key("a"), pool("a", 10), a.revision()),
                    Write.delete(key("b"), b.revision()), Write.create(key("c"), pool("c", 3)),
                    Write.create(ResourceKey.of(Kind.BGP_PEER, "p"), peer("p", "10.0.0.9"))));
            long rev = before + 1;
            assertEquals(rev, ds.revision(), "one revision for the whole transaction");
            assertEquals(List.of(rev, b.revision(), rev, rev), out.stream().map(Versioned::revision).toList());
            assertEquals(pool("a", 10), bare(out.get(0).value()));
            assertEquals(pool("b", 2), bare(out.get(1).value()), "a delete returns the value removed");
            assertEquals(out.get(0), ds.get(key("a")).orElseThrow());
            assertTrue(ds.get(key("b")).isEmpty());
            assertEquals(out.get(2), ds.get(key("c")).orElseThrow());
            assertEquals(Long.toString(rev), ds.get(key("c")).orElseThrow().value().metadata().resourceVersion());
            assertEquals(List.of("a", "b"), ds.list(Kind.IP_POOL, before).items().stream().map(v -> v.key().name()).toList(),
                    "the revision before still reads the state before");
            List<DatastoreEvent> es = c.take(4);
            assertEquals(List.of(DatastoreEvent.Type.MODIFIED, DatastoreEvent.Type.DELETED, DatastoreEvent.Type.ADDED,
                    DatastoreEvent.Type.ADDED), es.stream().map(DatastoreEvent::type).toList());
            assertEquals(List.of(key("a"), key("b"), key("c"), ResourceKey.of(Kind.BGP_PEER, "p")),
                    es.stream().map(DatastoreEvent::key).toList());
            assertTrue(es.stream().allMatch(e -> e.revision() == rev), "every event has the transaction's revision");
            assertEquals(List.of(false, false, false, true), es.stream().map(DatastoreEvent::endsRevision).toList(),
                    "the last event of the revision says so");
            assertEquals(List.of(false, false, true), poolsOnly.take(3).stream().map(DatastoreEvent::endsRevision).toList(),
                    "a watch of one kind: the last event of the revision it delivers");
            assertEquals(pool("b", 2), bare(es.get(1).previous().value()));
            assertTrue(c.events.poll(200, TimeUnit.MILLISECONDS) == null, "no extra event");
        }
        // A watch from the transaction's revision sees nothing of it; from the one before, all of it.
        Collector after = new Collector();
        Collector from = new Collector();
        try (DatastoreWatch w1 = ds.watch(null, before + 1, after); DatastoreWatch w2 = ds.watch(null, before, from)) {
            assertEquals(List.of(false, false, false, true), from.take(4).stream().map(DatastoreEvent::endsRevision).toList());
            assertTrue(after.events.poll(200, TimeUnit.MILLISECONDS) == null);
        }
    }

    /**
     * When the history kept ends inside a transaction, its revision still lists whole, and a watch from before it gets
     * all of it or fails as too old (the in-memory engine, which kept part of it), never a part.
     */
    @Test
    void aTransactionLargerThanTheHistoryKeptStaysWholeAtItsRevision() throws Exception {
        assumeTrue(transactional(), "the store declares no transactions");
        ds.close();
        ds = open(3);
        ds.create(key("a"), pool("a", 1));
        List<Write> writes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            writes.add(Write.create(key("t" + i), pool("t" + i, i)));
        }
        long rev = ds.commit(writes).get(0).revision();
        compactHistory();
        assertEquals(6, ds.list(Kind.IP_POOL, rev).items().size(), "the transaction's revision lists whole");
        Collector before = new Collector();
        try (DatastoreWatch w = ds.watch(null, rev - 1, before)) {
            DatastoreEvent first = before.events.poll(2, TimeUnit.SECONDS);
            if (first == null) {
                assertTrue(before.failed.await(30, TimeUnit.SECONDS), "neither the transaction nor an error");
                assertInstanceOf(ResourceVersionTooOldException.class, before.error.get());
            } else {
                List<DatastoreEvent> all = new ArrayList<>(List.of(first));
                all.addAll(before.take(4));
                assertEquals(List.of("t0", "t1", "t2", "t3", "t4"), all.stream().map(e -> e.key().name()).toList());
                assertTrue(all.stream().allMatch(e -> e.revision() == rev));
            }
        }
        Collector from = new Collector();
        try (DatastoreWatch w = ds.watch(null, rev, from)) {
            ds.create(key("after"), pool("after", 1));
            DatastoreEvent e = from.take(1).get(0);
            assertEquals(key("after"), e.key());
            assertTrue(from.events.poll(200, TimeUnit.MILLISECONDS) == null, "nothing of the transaction again");
        }
    }

    @Test
    void aFailedConditionAppliesNothingAndThrowsWhatItsSingleWriteWould() {
        assumeTrue(transactional(), "the store declares no transactions");
        Versioned a = ds.create(key("a"), pool("a", 1));
        Versioned b = ds.create(key("b"), pool("b", 2));
        ds.update(key("b"), pool("b", 3), 0);
        long before = ds.revision();
        List<Resource> state = ds.list(Kind.IP_POOL, 0).items().stream().map(Versioned::value).toList();
        ConflictException conflict = assertThrows(ConflictException.class, () -> ds.commit(List.of(
                Write.update(key("a"), pool("a", 9), a.revision()), Write.update(key("b"), pool("b", 9), b.revision()),
                Write.create(key("a2"), pool("a2", 9)))));
        assertEquals(pool("b", 3), bare(conflict.current().orElseThrow()), "it carries the stored value of the key that failed");
        assertTrue(conflict.getMessage().contains("b"), conflict.getMessage());
        AlreadyExistsException exists = assertThrows(AlreadyExistsException.class, () -> ds.commit(List.of(
                Write.create(key("n"), pool("n", 9)), Write.create(key("a"), pool("a", 9)), Write.delete(key("zz"), 0))));
        assertEquals(pool("a", 1), bare(exists.current().orElseThrow()), "the first failing write in order decides");
        assertThrows(NotFoundException.class, () -> ds.commit(List.of(Write.update(key("a"), pool("a", 9), 0),
                Write.delete(key("zz"), 0))));
        assertThrows(IllegalArgumentException.class, () -> ds.commit(List.of(Write.update(key("a"), pool("a", 9), 0),
                Write.delete(key("a"), 0))), "a key twice");
        assertThrows(IllegalArgumentException.class, () -> ds.commit(List.of()));
        assertEquals(before, ds.revision(), "nothing applied");
        assertEquals(state, ds.list(Kind.IP_POOL, 0).items().stream().map(Versioned::value).toList());
        assertTrue(ds.get(key("n")).isEmpty() && ds.get(key("a2")).isEmpty());
    }

    /** Readers of the latest state, of batches and of lists never see one of a transaction's writes without the other. */
    @Test
    void noReaderSeesHalfATransactionAndOfRacingTransactionsExactlyOneWins() throws Exception {
        assumeTrue(transactional(), "the store declares no transactions");
        ds.create(key("x"), pool("x", 0));
        ds.create(key("y"), pool("y", 0));
        AtomicReference<String> torn = new AtomicReference<>();
        AtomicInteger committed = new AtomicInteger();
        AtomicInteger lost = new AtomicInteger();
        ExecutorService exec = Executors.newFixedThreadPool(4);
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            fs.add(exec.submit(() -> {
                for (int i = 0; i < 150; i++) {
                    List<ListResult> r = ds.read(List.of(Read.key(key("x")), Read.key(key("y"))));
                    Versioned x = r.get(0).items().get(0);
                    Versioned y = r.get(1).items().get(0);
                    int n = label(x.value()) + 1;
                    try {
                        ds.commit(List.of(Write.update(key("x"), pool("x", n), x.revision()),
                                Write.update(key("y"), pool("y", n), y.revision())));
                        committed.incrementAndGet();
                    } catch (ConflictException e) {
                        lost.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (int t = 0; t < 2; t++) {
            fs.add(exec.submit(() -> {
                for (int i = 0; i < 300 && torn.get() == null; i++) {
                    List<ListResult> r = ds.read(List.of(Read.key(key("y")), Read.key(key("x"))));
                    int y = label(r.get(0).items().get(0).value());
                    int x = label(r.get(1).items().get(0).value());
                    List<Versioned> l = ds.list(Kind.IP_POOL, 0).items();
                    if (x != y || label(l.get(0).value()) != label(l.get(1).value())) {
                        torn.set("x " + x + ", y " + y + "; listed " + l);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get(60, TimeUnit.SECONDS);
        }
        exec.shutdown();
        assertEquals(null, torn.get(), "a half-applied transaction was seen");
        int x = label(ds.get(key("x")).orElseThrow().value());
        assertEquals(committed.get(), x, "every committed transaction counted once, no lost one applied");
        assertEquals(x, label(ds.get(key("y")).orElseThrow().value()));
        assertEquals(300, committed.get() + lost.get());
    }

    @Test
    void watchReportsAddedModifiedDeletedWithPreviousValues() throws Exception {
        long r0 = ds.revision();
        Collector c = new Collector();
        try (DatastoreWatch w = ds.watch(Kind.IP_POOL, r0, c)) {
            Versioned a = ds.create(key("a"), pool("a", 1));
            ds.update(key("a"), pool("a", 2), a.revision());
            ds.delete(key("a"), 0);
            List<DatastoreEvent> es = c.take(3);
            assertEquals(DatastoreEvent.Type.ADDED, es.get(0).type());
            assertTrue(es.get(0).oldValue().isEmpty());
            assertEquals(DatastoreEvent.Type.MODIFIED, es.get(1).type());
            assertEquals(1, label(es.get(1).oldValue().orElseThrow().value()));
            assertEquals(2, label(es.get(1).newValue().orElseThrow().value()));
            assertEquals(DatastoreEvent.Type.DELETED, es.get(2).type());
            assertEquals(2, label(es.get(2).oldValue().orElseThrow().value()));
            assertEquals(List.of(r0 + 1, r0 + 2, r0 + 3), List.of(es.get(0).revision(), es.get(1).revision(), es.get(2).revision()));
        }
    }

    /** Issue 15 item 16: a listener's exception reaches the listener as a WATCHER_FAILED notice, in order, and the watch goes on. */
    @Test
    void aListenersExceptionIsReportedToItAndTheWatchGoesOn() throws Exception {
        long r0 = ds.revision();
        IllegalStateException boom = new IllegalStateException("boom");
        Collector c = new Collector() {
            @Override
            public void onEvent(DatastoreEvent event) {
                if (event.key().name().equals("bad")) {
                    throw boom;
                }
                super.onEvent(event);
            }
        };
        try (DatastoreWatch w = ds.watch(Kind.IP_POOL, r0, c)) {
            ds.create(key("bad"), pool("bad", 1));
            Versioned good = ds.create(key("good"), pool("good", 2));
            List<DatastoreEvent> es = c.take(1);
            assertEquals("good", es.get(0).key().name(), "the watch goes on after the failure");
            org.calico4j.client.WatchNotice n = c.notices.stream().filter(x -> x.type() == org.calico4j.client.WatchNotice.Type.WATCHER_FAILED)
                    .findFirst().orElseThrow(() -> new AssertionError("no WATCHER_FAILED notice: " + c.notices));
            assertSame(boom, n.cause());
            assertEquals(good.revision() - 1, n.revision());
            assertEquals(key("bad").toString(), n.key());
            assertTrue(n.message().contains("boom") && n.message().contains("ADDED"), n.message());
        }
    }

    @Test
    void aWatchFromAListRevisionMissesNothingAndRepeatsNothing() throws Exception {
        for (int i = 0; i < 20; i++) {
            ds.create(key("p" + i), pool("p" + i, i));
        }
        ListResult list = ds.list(Kind.IP_POOL, 0);
        for (int i = 0; i < 10; i++) {
            ds.update(key("p" + i), pool("p" + i, 100 + i), 0);
        }
        Collector c = new Collector();
        try (DatastoreWatch w = ds.watch(Kind.IP_POOL, list.revision(), c)) {
            for (int i = 10; i < 20; i++) {
                ds.update(key("p" + i), pool("p" + i, 100 + i), 0);
            }
            List<DatastoreEvent> es = c.take(20);
            for (int i = 0; i < 20; i++) {
                assertEquals(list.revision() + 1 + i, es.get(i).revision());
            }
            assertTrue(c.events.poll(200, TimeUnit.MILLISECONDS) == null, "no duplicate or extra event");
            // Notices are for outages, history changes and values the store cannot read: none here.
            assertEquals(List.of(), c.notices, "no notice in normal operation");
            assertEquals(List.of(), list.skipped(), "nothing skipped");
        }
    }

    @Test
    void watchersSeeEveryRevisionOnceInOrderWhileWritersRace() throws Exception {
        long r0 = ds.revision();
        Collector c = new Collector();
        Collector all = new Collector();
        int threads = 6;
        int each = 150;
        try (DatastoreWatch w = ds.watch(Kind.IP_POOL, r0, c); DatastoreWatch w2 = ds.watch(null, r0, all)) {
            ExecutorService exec = Executors.newFixedThreadPool(threads);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                fs.add(exec.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        String name = "w" + id + "-" + (i % 10);
                        if (ds.get(key(name)).isPresent()) {
                            ds.update(key(name), pool(name, i), 0);
                        } else {
                            ds.create(key(name), pool(name, i));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
            exec.shutdown();
            int n = threads * each;
            List<DatastoreEvent> es = c.take(n);
            for (int i = 0; i < n; i++) {
                assertEquals(r0 + 1 + i, es.get(i).revision(), "event " + i);
            }
            assertEquals(n, all.take(n).size());
        }
    }

    @Test
    void aCompactedRevisionIsReportedAsTooOldAndARelistRecovers() throws Exception {
        ds.close();
        ds = open(10);
        for (int i = 0; i < 200; i++) {
            ds.create(key("c" + i), pool("c" + i, i));
        }
        compactHistory();
        Collector c = new Collector();
        ds.watch(Kind.IP_POOL, 1, c);
        assertTrue(c.failed.await(30, TimeUnit.SECONDS), "too-old watch must fail");
        assertInstanceOf(ResourceVersionTooOldException.class, c.error.get());
        assertTrue(c.events.isEmpty());
        assertThrows(ResourceVersionTooOldException.class, () -> ds.list(Kind.IP_POOL, 1));
        ListResult relist = ds.list(Kind.IP_POOL, 0);
        assertEquals(200, relist.items().size());
        Collector again = new Collector();
        try (DatastoreWatch w = ds.watch(Kind.IP_POOL, relist.revision(), again)) {
            ds.create(key("after"), pool("after", 1));
            assertEquals("after", again.take(1).get(0).key().name());
        }
    }

    @Test
    void closingEndsWatchesAndFailsLaterCalls() throws Exception {
        Collector c = new Collector();
        ds.watch(Kind.IP_POOL, ds.revision(), c);
        ds.create(key("a"), pool("a", 1));
        c.take(1);
        ds.close();
        DatastoreException e = assertThrows(DatastoreException.class, () -> ds.create(key("b"), pool("b", 1)));
        assertFalse(e.retryable(), "a closed store stays closed");
        assertThrows(DatastoreException.class, () -> ds.get(key("a")));
        assertThrows(DatastoreException.class, () -> ds.revision());
        assertTrue(c.events.poll(200, TimeUnit.MILLISECONDS) == null);
        ds = open(100);
    }

    @Test
    void aSlowListenerDoesNotBlockWriters() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        try (DatastoreWatch w = ds.watch(Kind.IP_POOL, ds.revision(), e -> {
            try {
                release.await();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            seen.add(e.revision());
        })) {
            long start = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                ds.create(key("s" + i), pool("s" + i, i));
            }
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "writers were blocked by a listener");
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (seen.size() < 50 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(50, seen.size());
        }
    }
}
