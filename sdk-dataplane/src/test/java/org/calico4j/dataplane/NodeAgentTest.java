package org.calico4j.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.calico4j.client.ResourceVersionTooOldException;
import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.DatastoreListener;
import org.calico4j.client.spi.DatastoreWatch;
import org.calico4j.client.tck.ForwardingDatastore;
import org.calico4j.dataplane.memory.MemoryDataplane;
import org.calico4j.dataplane.tck.ClusterC;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Kind;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class NodeAgentTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void theAgentFollowsTheDatastoreAndReportsTheRevisionApplied() throws Exception {
        try (ClusterC c = ClusterC.build(p -> p); MemoryDataplane dp = new MemoryDataplane("n1");
             NodeAgent agent = NodeAgent.builder().client(c.client).node("n1").dataplane(dp).start()) {
            assertTrue(agent.awaitRevision(c.client.datastore().revision(), WAIT));
            assertEquals(c.stateOf("n1"), dp.state());
            Packet out = Packet.tcp("10.244.1.5", "93.184.216.34", 443);
            assertEquals(IpAddress.parse("10.0.0.11"), dp.evaluate(out).sourceSeen());
            c.client.ipPools().withName("p").edit(p -> p.withSpec(IpPoolSpec.builder().from(p.spec()).natOutgoing(false).build()));
            assertTrue(agent.awaitRevision(c.client.datastore().revision(), WAIT));
            assertEquals(IpAddress.parse("10.244.1.5"), dp.evaluate(out).sourceSeen(), "natOutgoing off reached the dataplane");
            c.pod("n1", "late", "10.244.1.9", "calilate");
            assertTrue(agent.awaitRevision(c.client.datastore().revision(), WAIT));
            assertEquals(Verdict.Action.DELIVER, dp.evaluate(Packet.tcp("10.244.2.7", "10.244.1.9", 80)).action());
            assertEquals(c.stateOf("n1"), dp.state());
            assertEquals(1, agent.relists());
        }
    }

    @Test
    void anAgentForANodeWithoutANodeResourceSaysSoAndVerdictsNameWhatIsMissing() throws Exception {
        try (ClusterC c = ClusterC.build(p -> p); MemoryDataplane dp = new MemoryDataplane("ghost");
             NodeAgent agent = NodeAgent.builder().client(c.client).node("ghost").dataplane(dp).start()) {
            assertTrue(agent.awaitRevision(c.client.datastore().revision(), WAIT));
            assertEquals(1, agent.problems().size(), agent.problems().toString());
            assertTrue(agent.problems().get(0).contains("no Node resource named 'ghost'"), agent.problems().toString());
            assertTrue(agent.history().stream().anyMatch(e -> e.what().contains("no Node resource named 'ghost'")));
            org.calico4j.model.CalicoException e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.calico4j.model.CalicoException.class, () -> dp.evaluate(Packet.tcp("10.244.1.5", "93.184.216.34", 443)));
            assertTrue(e.getMessage().contains("node ghost cannot masquerade") && e.getMessage().contains("no Node resource named 'ghost'"),
                    e.getMessage());
        }
    }

    @Test
    void aVxlanPoolWithoutTheNodesVtepIsAProblemUntilNodeTunnelsGiveItOne() throws Exception {
        try (ClusterC c = ClusterC.build(p -> p); MemoryDataplane dp = new MemoryDataplane("n1");
             NodeAgent agent = NodeAgent.builder().client(c.client).node("n1").dataplane(dp).start()) {
            assertTrue(agent.awaitRevision(c.client.datastore().revision(), WAIT));
            assertEquals(java.util.List.of(), agent.problems());
            c.client.nodes().withName("n1").edit(n -> n.editSpec(s -> s.ipv4VXLANTunnelAddr("").vxlanTunnelMACAddr("")));
            c.client.ipPools().withName("p").edit(p -> p.editSpec(s -> s.vxlanMode(org.calico4j.model.EncapsulationMode.ALWAYS)));
            assertTrue(agent.awaitRevision(c.client.datastore().revision(), WAIT));
            assertTrue(agent.problems().toString().contains("has no VTEP (spec.ipv4VXLANTunnelAddr)"), agent.problems().toString());
            c.client.nodeTunnels().reconcileAll();
            assertTrue(agent.awaitRevision(c.client.datastore().revision(), WAIT));
            assertEquals(java.util.List.of(), agent.problems());
        }
    }

    @Test
    void periodicResyncRepairsDrift() throws Exception {
        try (ClusterC c = ClusterC.build(p -> p.ipipMode("Always")); MemoryDataplane dp = new MemoryDataplane("n1");
             NodeAgent agent = NodeAgent.builder().client(c.client).node("n1").dataplane(dp).resyncInterval(Duration.ofMillis(50)).start()) {
            assertTrue(agent.awaitRevision(c.client.datastore().revision(), WAIT));
            dp.apply(DataplaneDelta.builder().removeRoute(Cidr.parse("10.244.2.0/26")).build());
            assertEquals("default dev eth0", dp.evaluate(Packet.tcp("10.244.1.5", "10.244.2.7", 80)).route());
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!dp.state().routes().containsKey(Cidr.parse("10.244.2.0/26")) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(Encap.IPIP, dp.evaluate(Packet.tcp("10.244.1.5", "10.244.2.7", 80)).encap(), "the resync put the route back");
        }
    }

    /**
     * A transaction's changes share one revision: the agent reports that revision applied only once the last of them
     * is (an IPAM allocation writes its handle and block together; the block is what the dataplane needs).
     */
    @Test
    void aTransactionsRevisionIsAppliedOnlyWithItsLastChange() throws Exception {
        try (ClusterC c = ClusterC.build(p -> p); MemoryDataplane dp = new MemoryDataplane("n1")) {
            java.util.concurrent.CountDownLatch firstDelivered = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch goOn = new java.util.concurrent.CountDownLatch(1);
            // Not closed by the agent; the cluster's client owns the store.
            Datastore ds = new ForwardingDatastore(c.client.datastore()) {
                @Override
                public DatastoreWatch watch(@Nullable Kind kind, long after, DatastoreListener l) {
                    return super.watch(kind, after, new DatastoreListener() {
                        @Override
                        public void onEvent(org.calico4j.client.spi.DatastoreEvent e) {
                            l.onEvent(e);
                            if (!e.endsRevision()) {
                                // Hold the rest of the transaction back, as a slow delivery would.
                                firstDelivered.countDown();
                                await(goOn);
                            }
                        }

                        @Override
                        public void onError(org.calico4j.model.CalicoException error) {
                            l.onError(error);
                        }

                        @Override
                        public void onNotice(org.calico4j.client.WatchNotice notice) {
                            l.onNotice(notice);
                        }
                    });
                }
            };
            try (NodeAgent agent = NodeAgent.builder().datastore(ds).node("n1").dataplane(dp).start()) {
                assertTrue(agent.awaitRevision(ds.revision(), WAIT));
                // One transaction: the handle created (no input of the calculation), then the block n2 takes it from.
                c.client.ipam().assignIp(org.calico4j.client.ipam.AssignIpRequest.of(IpAddress.parse("10.244.2.8")).host("n2")
                        .handle("k8s-pod-network.late"));
                long rev = ds.revision();
                assertTrue(firstDelivered.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
                org.junit.jupiter.api.Assertions.assertFalse(agent.awaitRevision(rev, Duration.ofMillis(300)),
                        "half of the transaction is not its revision");
                goOn.countDown();
                assertTrue(agent.awaitRevision(rev, WAIT));
                assertEquals(c.stateOf("n1"), dp.state(), "both changes applied");
            }
        }
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aCompactedWatchRevisionMakesTheAgentListAgain() throws Exception {
        try (ClusterC c = ClusterC.build(p -> p); MemoryDataplane dp = new MemoryDataplane("n1")) {
            AtomicBoolean failOnce = new AtomicBoolean(true);
            // Not closed by the agent; the cluster's client owns the store.
            Datastore ds = new ForwardingDatastore(c.client.datastore()) {
                @Override
                public DatastoreWatch watch(@Nullable Kind kind, long after, DatastoreListener l) {
                    DatastoreWatch w = super.watch(kind, after, l);
                    if (failOnce.getAndSet(false)) {
                        // What a store says when the revision was compacted while the watch was away.
                        l.onError(new ResourceVersionTooOldException(after, after + 1));
                    }
                    return w;
                }
            };
            try (NodeAgent agent = NodeAgent.builder().datastore(ds).node("n1").dataplane(dp).start()) {
                c.pod("n1", "after", "10.244.1.8", "caliafter");
                assertTrue(agent.awaitRevision(c.client.datastore().revision(), WAIT));
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (agent.relists() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertEquals(2, agent.relists());
                assertTrue(agent.awaitRevision(c.client.datastore().revision(), WAIT));
                assertEquals(c.stateOf("n1"), dp.state(), "nothing lost across the re-list");
                assertTrue(agent.lastError() instanceof ResourceVersionTooOldException);
            }
        }
    }

    @Test
    void aRelistedNoticeMakesTheAgentListAgainAndDropWhatItMissed() throws Exception {
        try (ClusterC c = ClusterC.build(p -> p); MemoryDataplane dp = new MemoryDataplane("n1")) {
            AtomicBoolean blind = new AtomicBoolean();
            java.util.concurrent.atomic.AtomicReference<DatastoreListener> watching = new java.util.concurrent.atomic.AtomicReference<>();
            // As etcd restored from a backup: the store changes and the watch sees none of it, then says RELISTED.
            Datastore ds = new ForwardingDatastore(c.client.datastore()) {
                @Override
                public DatastoreWatch watch(@Nullable Kind kind, long after, DatastoreListener l) {
                    watching.set(l);
                    return super.watch(kind, after, new DatastoreListener() {
                        @Override
                        public void onEvent(org.calico4j.client.spi.DatastoreEvent e) {
                            if (!blind.get()) {
                                l.onEvent(e);
                            }
                        }

                        @Override
                        public void onError(org.calico4j.model.CalicoException e) {
                            l.onError(e);
                        }
                    });
                }
            };
            try (NodeAgent agent = NodeAgent.builder().datastore(ds).node("n1").dataplane(dp).start()) {
                assertTrue(agent.awaitRevision(c.client.datastore().revision(), WAIT));
                Packet out = Packet.tcp("10.244.1.5", "93.184.216.34", 443);
                assertEquals(IpAddress.parse("10.0.0.11"), dp.evaluate(out).sourceSeen());
                blind.set(true);
                c.client.ipPools().withName("p").edit(p -> p.withSpec(IpPoolSpec.builder().from(p.spec()).natOutgoing(false).build()));
                blind.set(false);
                watching.get().onNotice(org.calico4j.client.WatchNotice.of(org.calico4j.client.WatchNotice.Type.RELISTED,
                        c.client.datastore().revision(), "test: etcd restored"));
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (agent.relists() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertEquals(2, agent.relists(), "RELISTED made the agent list again");
                assertTrue(agent.awaitRevision(c.client.datastore().revision(), WAIT));
                assertEquals(IpAddress.parse("10.244.1.5"), dp.evaluate(out).sourceSeen(), "the change the watch missed arrived");
                assertEquals(c.stateOf("n1"), dp.state());
            }
        }
    }
}
