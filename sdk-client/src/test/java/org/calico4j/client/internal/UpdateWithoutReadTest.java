package org.calico4j.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.ConflictException;
import org.calico4j.client.DatastoreException;
import org.calico4j.client.NotFoundException;
import org.calico4j.client.memory.MemoryDatastore;
import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Versioned;
import org.calico4j.client.spi.Write;
import org.calico4j.client.tck.ForwardingDatastore;
import org.calico4j.model.BgpFilter;
import org.calico4j.model.BgpFilterSpec;
import org.calico4j.model.BgpPeer;
import org.calico4j.model.BgpPeerSpec;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Kind;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.Resource;
import org.calico4j.model.net.AsNumber;
import org.calico4j.model.validation.ValidationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An update of a value the client wrote or edited skips reading it back ({@link RecentValues}), and answers exactly as
 * the update that reads: the same stored value checked, the same conflict, the same absence, the same violations.
 */
class UpdateWithoutReadTest {
    private final AtomicInteger gets = new AtomicInteger();
    private Datastore store;
    private Datastore counting;
    private CalicoClient client;

    @BeforeEach
    void setUp() {
        store = MemoryDatastore.create();
        counting = new ForwardingDatastore(store) {
            @Override
            public Optional<Versioned> get(ResourceKey key) {
                gets.incrementAndGet();
                return super.get(key);
            }
        };
        client = CalicoClient.builder().datastore(counting).build();
    }

    @AfterEach
    void tearDown() {
        client.close();
        store.close();
    }

    private static IpPool pool(String name, String cidr) {
        return IpPool.builder().name(name).spec(IpPoolSpec.builder().cidr(cidr).build()).build();
    }

    /** Chained updates and edits read the stored value once per edit and never per update. */
    @Test
    void updatesOfWhatTheClientWroteOrEditedReadNothing() {
        IpPool p = client.ipPools().create(pool("p", "10.0.0.0/16"));
        gets.set(0);
        for (int i = 0; i < 5; i++) {
            p = client.ipPools().update(p.withSpec(p.spec().withNatOutgoing(i % 2 == 0)));
        }
        assertEquals(0, gets.get(), "updates of the values the client's writes returned");
        assertEquals(Long.toString(store.get(ResourceKey.of(Kind.IP_POOL, "p")).orElseThrow().revision()),
                p.metadata().resourceVersion());
        // Changed by another writer, so that what the edit reads is new to the client.
        Versioned behind = store.get(ResourceKey.of(Kind.IP_POOL, "p")).orElseThrow();
        store.update(behind.key(), ((IpPool) behind.value()).withSpec(p.spec().withNatOutgoing(false)), behind.revision());
        gets.set(0);
        client.ipPools().withName("p").edit(q -> q.withSpec(q.spec().withDisabled(true)));
        assertEquals(1, gets.get(), "an edit reads once");
        behind = store.get(ResourceKey.of(Kind.IP_POOL, "p")).orElseThrow();
        store.update(behind.key(), ((IpPool) behind.value()).withSpec(p.spec().withNatOutgoing(true)), behind.revision());
        gets.set(0);
        IpPool applied = client.ipPools().apply(pool("p", "10.0.0.0/16"));
        assertEquals(1, gets.get(), "an apply reads once");
        assertEquals(behind.value().metadata().uid(), applied.metadata().uid());
        // A uid other than the remembered value's: not the value remembered, so it is read.
        gets.set(0);
        IpPool renamedUid = client.ipPools().update(applied.withMetadata(ObjectMeta.builder().from(applied.metadata())
                .uid("a-uid-given-by-the-caller").build()));
        assertEquals(1, gets.get(), "an update naming another uid reads");
        assertEquals("a-uid-given-by-the-caller", renamedUid.metadata().uid());
    }

    /**
     * A value changed or deleted behind the client: the update that skipped the read reports what the read would
     * have, in its order (a conflict before any violation), carrying the current value.
     */
    @Test
    void aValueChangedOrDeletedMeanwhileIsReportedAsTheReadReportsIt() {
        IpPool p1 = client.ipPools().create(pool("p", "10.0.0.0/16"));
        IpPool q1 = client.ipPools().create(pool("q", "10.1.0.0/16"));
        IpPool p2;
        IpPool q2;
        try (CalicoClient other = CalicoClient.builder().datastore(store).build()) {
            p2 = other.ipPools().update(p1.withSpec(p1.spec().withNatOutgoing(true)));
            q2 = other.ipPools().update(q1.withSpec(q1.spec().withNatOutgoing(true)));
        }
        // Invalid against the remembered value, and stale: a conflict, as the read finds it first.
        ConflictException both = assertThrows(ConflictException.class,
                () -> client.ipPools().update(p1.withSpec(IpPoolSpec.builder().from(p1.spec()).blockSize(24).build())));
        assertEquals(p2, both.current().orElseThrow());
        // Valid and stale: the store's condition fails, and the conflict carries the current value.
        ConflictException stale = assertThrows(ConflictException.class,
                () -> client.ipPools().update(q1.withSpec(q1.spec().withDisabled(true))));
        assertEquals(q2, stale.current().orElseThrow());
        assertEquals(Long.parseLong(q1.metadata().resourceVersion()), stale.expectedRevision());

        IpPool w = client.ipPools().create(pool("w", "10.2.0.0/16"));
        store.delete(ResourceKey.of(Kind.IP_POOL, "w"), 0);
        NotFoundException gone = assertThrows(NotFoundException.class,
                () -> client.ipPools().update(w.withSpec(w.spec().withNatOutgoing(true))));
        assertEquals(ResourceKey.of(Kind.IP_POOL, "w"), gone.key());
    }

    /** A dry run of a remembered value writes nothing: it has no write whose condition could stand in for its read. */
    @Test
    void aDryRunOfARememberedValueWritesNothing() {
        IpPool d = client.ipPools().create(pool("d", "10.0.0.0/16"));
        Versioned before = store.get(ResourceKey.of(Kind.IP_POOL, "d")).orElseThrow();
        IpPool tried = client.ipPools().dryRun().update(d.withSpec(d.spec().withDisabled(true)));
        assertTrue(tried.spec().disabled());
        assertEquals(d.metadata().resourceVersion(), tried.metadata().resourceVersion());
        assertEquals(before, store.get(ResourceKey.of(Kind.IP_POOL, "d")).orElseThrow(), "nothing written");
    }

    /** The stored value's rules hold on the shortcut: the same violations as a client that reads first. */
    @Test
    void theStoredValuesRulesGiveTheSameViolationsWithoutTheRead() {
        IpPool p = client.ipPools().create(pool("p", "10.0.0.0/16"));
        IpPool q = client.ipPools().create(pool("q", "10.1.0.0/16"));
        // One pool per case: a refused shortcut forgets its value, so each case must start with its own remembered.
        IpPool moved = p.withSpec(IpPoolSpec.builder().from(p.spec()).cidr("10.2.0.0/16").build());
        IpPool reblocked = q.withSpec(IpPoolSpec.builder().from(q.spec()).blockSize(24).build());
        for (IpPool bad : List.of(moved, reblocked)) {
            gets.set(0);
            ValidationException mine = assertThrows(ValidationException.class, () -> client.ipPools().update(bad));
            assertEquals(1, gets.get(), "a rejected shortcut is decided by the read");
            ValidationException fresh;
            try (CalicoClient reader = CalicoClient.builder().datastore(store).build()) {
                fresh = assertThrows(ValidationException.class, () -> reader.ipPools().update(bad));
            }
            assertEquals(fresh.violations(), mine.violations());
        }
        assertEquals(p, client.ipPools().withName("p").require(), "nothing written");
        assertEquals(q, client.ipPools().withName("q").require(), "nothing written");
    }

    /** More keys than slots: every update still right, the displaced ones read. */
    @Test
    void moreKeysThanSlotsStayCorrect() {
        List<BgpPeer> written = new ArrayList<>();
        int n = RecentValues.SLOTS * 2;
        for (int i = 0; i < n; i++) {
            written.add(client.bgpPeers().create(BgpPeer.builder().name("p" + i).spec(peerSpec(64512)).build()));
        }
        gets.set(0);
        for (BgpPeer p : written) {
            BgpPeer next = client.bgpPeers().update(p.withSpec(peerSpec(64513)));
            assertEquals(store.get(ResourceKey.of(Kind.BGP_PEER, p.name())).orElseThrow().value(), next);
        }
        assertTrue(gets.get() >= n - RecentValues.SLOTS, "at most one remembered value per slot: " + gets.get());
        assertTrue(gets.get() < n, "the values still in their slots were not read: " + gets.get());
    }

    /**
     * Threads updating keys that share a slot displace each other's values, and each keeps its own uid and creation
     * time: the slots under contention. Values of different keys written one at a time never share a revision, so the
     * key check itself is pinned by {@link #aRememberedValueServesOnlyItsOwnKey}.
     */
    @Test
    @Timeout(60)
    void keysSharingASlotStayApartUnderConcurrentUpdates() throws Exception {
        List<String> names = collidingNames(4);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (String name : names) {
            BgpPeer created = client.bgpPeers().create(BgpPeer.builder().name(name).spec(peerSpec(64512)).build());
            threads.add(new Thread(() -> {
                try {
                    BgpPeer p = created;
                    for (int i = 0; i < 300; i++) {
                        // Left without uid and creation time, the update takes them from the stored value it checks.
                        p = client.bgpPeers().update(p.withMetadata(ObjectMeta.builder().name(name)
                                .resourceVersion(p.metadata().resourceVersion()).build()).withSpec(peerSpec(64512 + i % 2)));
                        assertEquals(created.metadata().uid(), p.metadata().uid(), name);
                        assertEquals(created.metadata().creationTimestamp(), p.metadata().creationTimestamp(), name);
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), failures);
    }

    /** A key deleted and created again behind the client: the old revision conflicts, carrying the new value. */
    @Test
    void aKeyRecreatedMeanwhileConflicts() {
        IpPool v1 = client.ipPools().create(pool("p", "10.0.0.0/16"));
        ResourceKey k = ResourceKey.of(Kind.IP_POOL, "p");
        store.delete(k, 0);
        Versioned again = store.create(k, v1.withMetadata(ObjectMeta.builder().from(v1.metadata()).resourceVersion("")
                .uid("another-uid").build()));
        ConflictException e = assertThrows(ConflictException.class,
                () -> client.ipPools().update(v1.withSpec(v1.spec().withNatOutgoing(true))));
        assertEquals(again.value(), e.current().orElseThrow());
    }

    /**
     * A store whose conflict carries no current value (the SPI allows a null one): the client's update still answers
     * with the current value, as its read finds it.
     */
    @Test
    void aStoresTerseConflictIsAnsweredAsTheReadAnswersIt() {
        Datastore terse = new ForwardingDatastore(store) {
            @Override
            public Versioned update(ResourceKey key, Resource value, long expectedRevision) {
                try {
                    return super.update(key, value, expectedRevision);
                } catch (ConflictException e) {
                    throw new ConflictException(key, expectedRevision, null);
                }
            }
        };
        try (CalicoClient mine = CalicoClient.builder().datastore(terse).build()) {
            IpPool v1 = mine.ipPools().create(pool("p", "10.0.0.0/16"));
            IpPool v2 = client.ipPools().update(v1.withSpec(v1.spec().withNatOutgoing(true)));
            ConflictException e = assertThrows(ConflictException.class,
                    () -> mine.ipPools().update(v1.withSpec(v1.spec().withDisabled(true))));
            assertEquals(v2, e.current().orElseThrow());
        }
    }

    /**
     * A check that reads the store (a peer's filters exist) failing on a stale update: the conflict the read finds
     * first, not the check's failure.
     */
    @Test
    void aFailingCheckOnAStaleUpdateIsAnsweredByTheRead() {
        AtomicBoolean filtersUnreadable = new AtomicBoolean();
        Datastore flaky = new ForwardingDatastore(store) {
            @Override
            public Optional<Versioned> get(ResourceKey key) {
                if (key.kind() == Kind.BGP_FILTER && filtersUnreadable.get()) {
                    throw new DatastoreException("injected: the filter cannot be read", true);
                }
                return super.get(key);
            }
        };
        try (CalicoClient mine = CalicoClient.builder().datastore(flaky).build()) {
            mine.bgpFilters().create(BgpFilter.builder().name("f").spec(BgpFilterSpec.builder().build()).build());
            BgpPeer v1 = mine.bgpPeers().create(BgpPeer.builder().name("p")
                    .spec(BgpPeerSpec.builder().from(peerSpec(64512)).addFilters("f").build()).build());
            BgpPeer v2 = client.bgpPeers().update(v1.withSpec(BgpPeerSpec.builder().from(v1.spec()).asNumber(AsNumber.of(64513)).build()));
            filtersUnreadable.set(true);
            ConflictException e = assertThrows(ConflictException.class, () -> mine.bgpPeers().update(v1));
            assertEquals(v2, e.current().orElseThrow());
        }
    }

    /**
     * The slots themselves: a value is found for its key at its resourceVersion only, and for its uid or none, and
     * forgetting empties its slot.
     */
    @Test
    void slotsAnswerForTheirKeyRevisionAndUidOnly() {
        RecentValues recent = new RecentValues();
        ResourceKey k = ResourceKey.of(Kind.BGP_PEER, "a");
        assertNull(recent.at(k, "1", ""), "nothing before the first write");
        Versioned v = store.create(k, peer("a", "uid-a", "2026-12-01T00:00:00Z"));
        recent.remember(v);
        String rv = v.value().metadata().resourceVersion();
        assertEquals(v, recent.at(k, rv, ""));
        assertEquals(v, recent.at(k, rv, "uid-a"));
        assertNull(recent.at(k, rv, "uid-b"), "another uid");
        assertNull(recent.at(k, rv + "0", ""));
        assertNull(recent.at(ResourceKey.of(Kind.BGP_PEER, "b"), rv, ""));
        Versioned w = store.update(k, v.value(), v.revision());
        recent.forget(w);
        assertEquals(v, recent.at(k, rv, ""), "only the value given is forgotten");
        recent.forget(v);
        assertNull(recent.at(k, rv, ""));
        recent.remember(w);
        recent.forget(ResourceKey.of(Kind.BGP_PEER, "b"));
        assertEquals(w, recent.at(k, w.value().metadata().resourceVersion(), ""), "another key's slot");
        recent.forget(k);
        assertNull(recent.at(k, w.value().metadata().resourceVersion(), ""));
    }

    /**
     * Two keys written by one transaction share a revision; when they share a slot too, the value remembered for
     * one never stands for the other (here it would give the other the wrong uid).
     */
    @Test
    void aRememberedValueServesOnlyItsOwnKey() {
        List<String> names = collidingNames(2);
        String a = names.get(0);
        String b = names.get(1);
        ResourceKey ka = ResourceKey.of(Kind.BGP_PEER, a);
        ResourceKey kb = ResourceKey.of(Kind.BGP_PEER, b);
        store.commit(List.of(Write.create(ka, peer(a, "uid-a", "2026-12-01T00:00:00Z")), Write.create(kb, peer(b, "uid-b", "2026-12-02T00:00:00Z"))));
        assertThrows(IllegalStateException.class, () -> client.bgpPeers().withName(a).edit(p -> {
            throw new IllegalStateException("the edit is abandoned after its read");
        }));
        BgpPeer stored = (BgpPeer) store.get(kb).orElseThrow().value();
        BgpPeer updated = client.bgpPeers().update(stored.withMetadata(ObjectMeta.builder().name(b)
                .resourceVersion(stored.metadata().resourceVersion()).build()));
        assertEquals("uid-b", updated.metadata().uid());
        assertEquals("2026-12-02T00:00:00Z", updated.metadata().creationTimestamp());
    }

    private static BgpPeer peer(String name, String uid, String created) {
        return BgpPeer.builder().metadata(ObjectMeta.builder().name(name).uid(uid).creationTimestamp(created)
                .build()).spec(peerSpec(64512)).build();
    }

    private static BgpPeerSpec peerSpec(int as) {
        return BgpPeerSpec.builder().peerIP("192.0.2.1").asNumber(AsNumber.of(as)).build();
    }

    private static List<String> collidingNames(int count) {
        int target = RecentValues.slot(ResourceKey.of(Kind.BGP_PEER, "peer-a"));
        List<String> names = new ArrayList<>(List.of("peer-a"));
        for (int i = 0; names.size() < count; i++) {
            if (RecentValues.slot(ResourceKey.of(Kind.BGP_PEER, "peer-" + i)) == target) {
                names.add("peer-" + i);
            }
        }
        return names;
    }
}
