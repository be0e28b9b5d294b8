package org.calico4j.client.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.DatastoreException;
import org.calico4j.client.ResourceList;
import org.calico4j.client.SkippedValue;
import org.calico4j.client.Watch;
import org.calico4j.client.WatchEvent;
import org.calico4j.client.WatchNotice;
import org.calico4j.model.IpPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * etcd is shared with Calico: a value calico4j cannot read (a newer Calico's IPPool with a field
 * calico4j does not know, or not JSON at all) is skipped and reported with its key, and blocks
 * neither the other pools, nor writes, nor a running watch.
 */
class EtcdForeignValueTest {
    private static final String POOLS = "/calico/resources/v3/projectcalico.org/ippools/";
    /** An IPPool as a newer Calico might store it: a spec field calico4j does not know. */
    private static final String NEWER = "{\"kind\":\"IPPool\",\"apiVersion\":\"projectcalico.org/v3\","
            + "\"metadata\":{\"name\":\"from-newer\",\"uid\":\"9f0e\",\"creationTimestamp\":\"2026-01-01T00:00:00Z\"},"
            + "\"spec\":{\"cidr\":\"10.200.0.0/16\",\"blockSize\":26,\"ipipMode\":\"Never\",\"vxlanMode\":\"Never\","
            + "\"natOutgoing\":true,\"nodeSelector\":\"all()\",\"quantumTunnelMode\":\"Always\"}}";
    private static EtcdServer etcd;

    @BeforeAll
    static void start() throws Exception {
        etcd = EtcdServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (etcd != null) {
            etcd.close();
        }
    }

    @BeforeEach
    void clear() {
        etcd.clearCalicoKeys();
    }

    private static void put(String key, String value) throws Exception {
        try (Client raw = Client.builder().endpoints(etcd.endpoint()).build()) {
            raw.getKVClient().put(ByteSequence.from(key, StandardCharsets.UTF_8), ByteSequence.from(value, StandardCharsets.UTF_8))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aListReturnsTheReadablePoolsAndNamesTheSkippedOnes() throws Exception {
        try (CalicoClient client = CalicoClient.connect(etcd.uri("15s"))) {
            client.ipPools().create(EtcdWatchFaultTest.pool("good-1", 1));
            put(POOLS + "from-newer", NEWER);
            put(POOLS + "garbage", "not json {");
            client.ipPools().create(EtcdWatchFaultTest.pool("good-2", 2));
            ResourceList<IpPool> list = client.ipPools().list();
            assertEquals(List.of("good-1", "good-2"), list.items().stream().map(IpPool::name).toList());
            assertEquals(List.of(POOLS + "from-newer", POOLS + "garbage"), list.skipped().stream().map(SkippedValue::key).toList());
            SkippedValue newer = list.skipped().get(0);
            assertTrue(newer.reason().contains("quantumTunnelMode"), "the reason names the unknown field: " + newer.reason());
            assertTrue(newer.revision() > 0);
            // A get of that very key cannot pretend it is absent: a clear error naming the key.
            DatastoreException e = assertThrows(DatastoreException.class, () -> client.ipPools().withName("from-newer").get());
            assertTrue(e.getMessage().contains(POOLS + "from-newer") && !e.retryable(), e.getMessage());
            assertEquals("good-1", client.ipPools().withName("good-1").require().name());
        }
    }

    @Test
    void oneUnreadablePoolDoesNotBlockWritesOfOthers() throws Exception {
        try (CalicoClient client = CalicoClient.connect(etcd.uri("15s"))) {
            put(POOLS + "from-newer", NEWER);
            // The validator lists every pool for the overlap check: the unreadable one must not stop it.
            client.ipPools().create(EtcdWatchFaultTest.pool("fresh", 3));
            client.ipPools().withName("fresh").edit(p -> p.withSpec(p.spec().withNatOutgoing(true)));
            assertTrue(client.ipPools().withName("fresh").require().spec().natOutgoing());
        }
    }

    @Test
    void aRunningWatchReportsTheUnreadableValueWithItsKeyAndGoesOn() throws Exception {
        try (CalicoClient client = CalicoClient.connect(etcd.uri("15s"))) {
            long r0 = client.ipPools().list().revision();
            EtcdWatchFaultTest.Recorder w = new EtcdWatchFaultTest.Recorder();
            try (Watch watch = client.ipPools().watch(r0, w)) {
                client.ipPools().create(EtcdWatchFaultTest.pool("before", 1));
                put(POOLS + "from-newer", NEWER);
                client.ipPools().create(EtcdWatchFaultTest.pool("after", 2));
                List<WatchNotice> notices = new ArrayList<>();
                WatchEvent<IpPool> first = w.nextEvent(notices);
                WatchEvent<IpPool> second = w.nextEvent(notices);
                assertEquals(List.of("before", "after"), List.of(first.object().name(), second.object().name()));
                assertEquals(1, notices.size(), notices.toString());
                WatchNotice skipped = notices.get(0);
                assertEquals(WatchNotice.Type.SKIPPED, skipped.type());
                assertEquals(POOLS + "from-newer", skipped.key());
                assertEquals(first.revision() + 1, skipped.revision());
                assertTrue(skipped.message().contains("quantumTunnelMode"), skipped.message());
            }
        }
    }

    @Test
    void watchingWithAnInitialListReportsTheUnreadableValuesOfTheList() throws Exception {
        try (CalicoClient client = CalicoClient.connect(etcd.uri("15s"))) {
            client.ipPools().create(EtcdWatchFaultTest.pool("good", 1));
            put(POOLS + "from-newer", NEWER);
            EtcdWatchFaultTest.Recorder w = new EtcdWatchFaultTest.Recorder();
            try (Watch watch = client.ipPools().watch(w)) {
                List<WatchNotice> notices = new ArrayList<>();
                assertEquals("good", w.nextEvent(notices).object().name());
                Object next = w.seen.poll(10, TimeUnit.SECONDS);
                assertNotNull(next);
                assertEquals(POOLS + "from-newer", ((WatchNotice) next).key());
            }
        }
    }

    @Test
    void foreignValuesInterleavedWithWritesUnderAWatchLoseNothing() throws Exception {
        int good = 40;
        int foreign = 10;
        try (CalicoClient client = CalicoClient.connect(etcd.uri("15s"))) {
            long r0 = client.ipPools().list().revision();
            EtcdWatchFaultTest.Recorder w = new EtcdWatchFaultTest.Recorder();
            try (Watch watch = client.ipPools().watch(r0, w)) {
                int f = 0;
                for (int i = 0; i < good; i++) {
                    client.ipPools().create(EtcdWatchFaultTest.pool("good-" + i, i));
                    if (i % 4 == 1 && f < foreign) {
                        put(POOLS + "foreign-" + f, NEWER.replace("from-newer", "foreign-" + f));
                        f++;
                    }
                }
                List<WatchNotice> notices = new ArrayList<>();
                List<Long> revisions = new ArrayList<>();
                for (int i = 0; i < good; i++) {
                    WatchEvent<IpPool> e = w.nextEvent(notices);
                    assertEquals("good-" + i, e.object().name());
                    revisions.add(e.revision());
                }
                assertEquals(foreign, notices.size(), "every foreign value reported once");
                for (int i = 0; i < foreign; i++) {
                    assertEquals(POOLS + "foreign-" + i, notices.get(i).key());
                }
                ResourceList<IpPool> list = client.ipPools().list();
                assertEquals(good, list.items().size());
                assertEquals(foreign, list.skipped().size());
                System.out.printf("FIGURE etcd foreign values: %d readable + %d foreign IPPools written under a watch:"
                        + " %d events delivered in order, %d SKIPPED notices with their keys, lost=0 duplicated=0;"
                        + " list %d items + %d skipped%n", good, foreign, revisions.size(), notices.size(),
                        list.items().size(), list.skipped().size());
            }
        }
    }
}
