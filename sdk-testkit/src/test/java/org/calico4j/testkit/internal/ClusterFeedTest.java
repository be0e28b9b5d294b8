package org.calico4j.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.calico4j.client.WatchNotice;
import org.calico4j.client.ipam.AutoAssignRequest;
import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.DatastoreEvent;
import org.calico4j.client.spi.DatastoreListener;
import org.calico4j.client.spi.DatastoreWatch;
import org.calico4j.client.spi.ListResult;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Versioned;
import org.calico4j.model.CalicoException;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Kind;
import org.calico4j.model.Resource;
import org.calico4j.model.net.IpAddress;
import org.calico4j.testkit.SimulatedCluster;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ClusterFeedTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** The real store, except that its watches can be made blind and their listeners reached, as etcd restored under them. */
    private static final class Blinding implements Datastore {
        final Datastore ds;
        final AtomicBoolean blind = new AtomicBoolean();
        final AtomicReference<DatastoreListener> listener = new AtomicReference<>();
        /** Counted down when an event that does not end its revision was delivered; the delivery then waits for goOn. */
        final CountDownLatch midTransaction = new CountDownLatch(1);
        final CountDownLatch goOn = new CountDownLatch(1);

        Blinding(Datastore ds) {
            this.ds = ds;
        }

        @Override
        public Optional<Versioned> get(ResourceKey key) {
            return ds.get(key);
        }

        @Override
        public ListResult list(Kind kind, long revision) {
            return ds.list(kind, revision);
        }

        @Override
        public Versioned create(ResourceKey key, Resource value) {
            return ds.create(key, value);
        }

        @Override
        public Versioned update(ResourceKey key, Resource value, long expectedRevision) {
            return ds.update(key, value, expectedRevision);
        }

        @Override
        public Versioned delete(ResourceKey key, long expectedRevision) {
            return ds.delete(key, expectedRevision);
        }

        @Override
        public DatastoreWatch watch(@Nullable Kind kind, long afterRevision, DatastoreListener l) {
            listener.set(l);
            return ds.watch(kind, afterRevision, new DatastoreListener() {
                @Override
                public void onEvent(DatastoreEvent event) {
                    if (!blind.get()) {
                        l.onEvent(event);
                    }
                    if (!event.endsRevision()) {
                        midTransaction.countDown();
                        try {
                            goOn.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }

                @Override
                public void onError(CalicoException error) {
                    l.onError(error);
                }
            });
        }

        @Override
        public long revision() {
            return ds.revision();
        }

        @Override
        public String describe() {
            return "blinding " + ds.describe();
        }

        @Override
        public void close() {
            // the cluster owns the store
        }
    }

    /** An IPAM assignment writes its handle and block in one transaction: the feed is at its revision only with both. */
    @Test
    void aTransactionsRevisionIsReachedOnlyWithItsLastChange() throws Exception {
        try (SimulatedCluster cluster = SimulatedCluster.create()) {
            cluster.addNode("n1", "10.0.0.11/24").addNode("n2", "10.0.0.12/24");
            cluster.client().ipPools().create(IpPool.builder().name("pool").spec(IpPoolSpec.builder().cidr("192.168.0.0/16")
                    .build()).build());
            cluster.addWorkload("web-0", "n1");
            Datastore real = cluster.client().datastore();
            Blinding ds = new Blinding(real);
            try (ClusterFeed feed = new ClusterFeed(ds)) {
                assertTrue(feed.awaitRevision(real.revision(), WAIT));
                IpAddress ip = cluster.client().ipam().autoAssign(AutoAssignRequest.forHost("n1").ipv4(1).handle("late")).ipv4().get(0);
                long rev = real.revision();
                assertTrue(ds.midTransaction.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the handle's event came first, alone");
                assertFalse(feed.awaitRevision(rev, Duration.ofMillis(300)), "half of the transaction is not its revision");
                ds.goOn.countDown();
                assertTrue(feed.awaitRevision(rev, WAIT));
                try (ClusterFeed truth = new ClusterFeed(real)) {
                    assertTrue(truth.awaitRevision(rev, WAIT));
                    assertEquals(truth.state("n2"), feed.state("n2"), "the block of " + ip + " applied");
                }
            }
        }
    }

    @Test
    void aRelistedNoticeMakesTheFeedListAgainAndPickUpWhatItsWatchMissed() throws Exception {
        try (SimulatedCluster cluster = SimulatedCluster.create()) {
            cluster.addNode("n1", "10.0.0.11/24").addHost("internet", "93.184.216.34");
            cluster.client().ipPools().create(IpPool.builder().name("pool").spec(IpPoolSpec.builder().cidr("192.168.0.0/16")
                    .natOutgoing(true).build()).build());
            cluster.addWorkload("web-0", "n1");
            Datastore real = cluster.client().datastore();
            Blinding ds = new Blinding(real);
            try (ClusterFeed feed = new ClusterFeed(ds)) {
                assertTrue(feed.awaitRevision(real.revision(), WAIT));
                var before = feed.state("n1");
                ds.blind.set(true);
                cluster.client().ipPools().withName("pool").edit(p -> p.withSpec(p.spec().withNatOutgoing(false)));
                ds.blind.set(false);
                try (ClusterFeed truth = new ClusterFeed(real)) {
                    assertTrue(truth.awaitRevision(real.revision(), WAIT));
                    assertNotEquals(before, truth.state("n1"), "the missed change matters to n1");
                    ds.listener.get().onNotice(WatchNotice.of(WatchNotice.Type.RELISTED, real.revision(), "test: etcd restored"));
                    assertTrue(feed.awaitRevision(real.revision(), WAIT));
                    assertEquals(truth.state("n1"), feed.state("n1"), "the feed listed again");
                }
            }
        }
    }
}
