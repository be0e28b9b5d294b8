package org.calico4j.client.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.DatastoreException;
import org.calico4j.client.ResourceList;
import org.calico4j.client.ResourceVersionTooOldException;
import org.calico4j.client.Watch;
import org.calico4j.client.WatchEvent;
import org.calico4j.client.Watcher;
import org.calico4j.model.CalicoException;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.ObjectMeta;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** etcd killed, restarted, unreachable and compacted under a working client. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EtcdFaultTest {
    private EtcdServer etcd;

    @BeforeEach
    void start() throws Exception {
        etcd = EtcdServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        etcd.close();
    }

    private static IpPool pool(String name, int n) {
        return IpPool.builder().name(name).spec(IpPoolSpec.builder().cidr("10." + n + ".0.0/16").build()).build();
    }

    private static final class Events implements Watcher<IpPool> {
        final LinkedBlockingQueue<WatchEvent<IpPool>> events = new LinkedBlockingQueue<>();
        final AtomicReference<CalicoException> error = new AtomicReference<>();

        @Override
        public void onEvent(WatchEvent<IpPool> e) {
            events.add(e);
        }

        @Override
        public void onError(CalicoException e) {
            error.set(e);
        }
    }

    @Test
    void aWatchSurvivesEtcdBeingKilledAndRestartedWithNoEventLostOrRepeated() throws Exception {
        try (CalicoClient client = CalicoClient.connect(etcd.uri("20s"))) {
            long r0 = client.ipPools().list().revision();
            Events w = new Events();
            try (Watch watch = client.ipPools().watch(r0, w)) {
                for (int i = 0; i < 5; i++) {
                    client.ipPools().create(pool("before-" + i, i));
                }
                etcd.kill();
                etcd.restart();
                for (int i = 0; i < 5; i++) {
                    EtcdWatchFaultTest.create(client, "after-" + i, 256 * (10 + i));
                }
                List<Long> revisions = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    WatchEvent<IpPool> e = w.events.poll(60, TimeUnit.SECONDS);
                    assertNotNull(e, "event " + i + " lost across the restart; etcd log:\n" + etcd.log());
                    revisions.add(e.revision());
                }
                for (int i = 1; i < revisions.size(); i++) {
                    assertEquals(revisions.get(i - 1) + 1, revisions.get(i), "in order, no gap: " + revisions);
                }
                assertNull(w.events.poll(1, TimeUnit.SECONDS), "no repeated event");
                assertNull(w.error.get());
            }
        }
    }

    @Test
    void withEtcdDownEveryCallFailsWithinTheTimeoutAsRetryable() throws Exception {
        try (CalicoClient client = CalicoClient.connect(etcd.uri("2s"))) {
            client.ipPools().create(pool("p", 1));
            etcd.kill();
            List<Runnable> calls = List.of(
                    () -> client.ipPools().withName("p").get(),
                    () -> client.ipPools().list(),
                    () -> client.ipPools().create(pool("q", 2)),
                    () -> client.ipPools().withName("p").delete(),
                    () -> client.datastore().revision());
            for (Runnable call : calls) {
                long start = System.nanoTime();
                DatastoreException e = assertThrows(DatastoreException.class, call::run);
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(e.retryable(), e.getMessage());
                assertTrue(ms < 6_000, "took " + ms + " ms with a 2 s timeout");
            }
        }
    }

    @Test
    void aCompactedRevisionEndsTheWatchAsTooOldAndARelistRecovers() throws Exception {
        try (EtcdDatastore ds = EtcdDatastore.open(etcd.options(Duration.ofSeconds(15)));
             CalicoClient client = CalicoClient.builder().datastore(ds).build()) {
            long r0 = client.ipPools().list().revision();
            for (int i = 0; i < 20; i++) {
                client.ipPools().create(pool("p" + i, i));
            }
            ds.compact(ds.revision());
            Events stale = new Events();
            try (Watch w = client.ipPools().watch(r0, stale)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (stale.error.get() == null && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertInstanceOf(ResourceVersionTooOldException.class, stale.error.get());
                assertTrue(stale.events.isEmpty());
            }
            ResourceList<IpPool> relist = client.ipPools().list();
            assertEquals(20, relist.items().size());
            Events fresh = new Events();
            try (Watch w = client.ipPools().watch(relist.revision(), fresh)) {
                client.ipPools().create(pool("after", 99));
                assertEquals("after", fresh.events.poll(30, TimeUnit.SECONDS).object().name());
            }
        }
    }

    @Test
    void compactionWhileAWatchIsDisconnectedEndsItAsTooOldAndARelistRecovers() throws Exception {
        try (CalicoClient client = CalicoClient.connect(etcd.uri("20s"))) {
            long r0 = client.ipPools().list().revision();
            Events w = new Events();
            try (Watch watch = client.ipPools().watch(r0, w)) {
                client.ipPools().create(pool("seen", 1));
                WatchEvent<IpPool> seen = w.events.poll(30, TimeUnit.SECONDS);
                assertEquals("seen", seen.object().name());
                // etcd moves to another port: the running watch cannot reconnect while we write and compact.
                int other = etcd.restartElsewhere();
                try (EtcdDatastore side = EtcdDatastore.open(EtcdOptions.builder().endpoint("http://127.0.0.1:" + other)
                        .timeout(Duration.ofSeconds(20)).build())) {
                    for (int i = 0; i < 10; i++) {
                        side.create(org.calico4j.client.spi.ResourceKey.of(org.calico4j.model.Kind.IP_POOL, "missed-" + i), pool("missed-" + i, 10 + i));
                    }
                    side.compact(side.revision());
                }
                etcd.restart();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (w.error.get() == null && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertInstanceOf(ResourceVersionTooOldException.class, w.error.get(), "the resumed watch finds its revision compacted");
                assertEquals(seen.revision(), ((ResourceVersionTooOldException) w.error.get()).requested(),
                        "the error names the revision the watch had reached, not its start");
                assertNull(w.events.poll(200, TimeUnit.MILLISECONDS), "no event after the too-old error");
            }
            ResourceList<IpPool> relist = client.ipPools().list();
            assertEquals(11, relist.items().size(), "the re-list sees what the watch missed");
            Events again = new Events();
            try (Watch watch = client.ipPools().watch(relist.revision(), again)) {
                client.ipPools().create(pool("after", 99));
                assertEquals("after", again.events.poll(30, TimeUnit.SECONDS).object().name());
            }
        }
    }

    @Test
    void aListLargerThanGrpcsDefaultFourMebibytesWorks() throws Exception {
        String big = "x".repeat(2_000);
        try (CalicoClient client = CalicoClient.connect(etcd.uri("30s"))) {
            for (int i = 0; i < 3_000; i++) {
                client.datastore().create(org.calico4j.client.spi.ResourceKey.of(org.calico4j.model.Kind.IP_POOL, "big-" + i),
                        IpPool.builder().metadata(ObjectMeta.builder().name("big-" + i).putAnnotations("pad", big).build())
                                .spec(IpPoolSpec.builder().cidr("10." + (i / 256) + "." + (i % 256) + ".0/24").build()).build());
            }
            ResourceList<IpPool> all = client.ipPools().list();
            assertEquals(3_000, all.items().size());
        }
    }
}
