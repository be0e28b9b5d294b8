package org.calico4j.client.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.DatastoreException;
import org.calico4j.client.Watch;
import org.calico4j.client.WatchEvent;
import org.calico4j.client.WatchNotice;
import org.calico4j.client.Watcher;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.model.CalicoException;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault injection under a running watch, through the public client API: etcd killed and
 * restarted (resume latency measured), wiped, and restored from a backup (its revision goes
 * back). Figures are printed as {@code FIGURE ...} lines for the hardening note.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EtcdWatchFaultTest {
    private EtcdServer etcd;

    @BeforeEach
    void start() throws Exception {
        etcd = EtcdServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        etcd.close();
    }

    static IpPool pool(String name, int n) {
        return IpPool.builder().name(name).spec(IpPoolSpec.builder().cidr("10." + (n / 256) + "." + (n % 256) + ".0/24").build()).build();
    }

    /** Events, notices and the error of one watch, in the order the watcher got them. */
    static final class Recorder implements Watcher<IpPool> {
        final LinkedBlockingQueue<Object> seen = new LinkedBlockingQueue<>();

        @Override
        public void onEvent(WatchEvent<IpPool> e) {
            seen.add(e);
        }

        @Override
        public void onError(CalicoException e) {
            seen.add(e);
        }

        @Override
        public void onNotice(WatchNotice n) {
            seen.add(n);
        }

        @SuppressWarnings("unchecked")
        WatchEvent<IpPool> nextEvent(List<WatchNotice> notices) throws InterruptedException {
            while (true) {
                Object o = seen.poll(60, TimeUnit.SECONDS);
                assertNotNull(o, "nothing within 60 s");
                if (o instanceof WatchNotice) {
                    notices.add((WatchNotice) o);
                } else if (o instanceof WatchEvent) {
                    return (WatchEvent<IpPool>) o;
                } else {
                    throw new AssertionError("the watch failed", (Throwable) o);
                }
            }
        }

        WatchNotice nextNotice(WatchNotice.Type type) throws InterruptedException {
            while (true) {
                Object o = seen.poll(60, TimeUnit.SECONDS);
                assertNotNull(o, "no " + type + " notice within 60 s");
                if (o instanceof WatchNotice && ((WatchNotice) o).type() == type) {
                    return (WatchNotice) o;
                }
                if (o instanceof Throwable) {
                    throw new AssertionError("the watch failed", (Throwable) o);
                }
            }
        }
    }

    /** Right after a restart a call may fail before the client reconnects: retry what is retryable. */
    static long create(CalicoClient client, String name, int n) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                return Long.parseLong(client.ipPools().create(pool(name, n)).metadata().resourceVersion());
            } catch (DatastoreException e) {
                if (!e.retryable() || attempt > 600) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    /** A write over a connection of its own, so its timing does not depend on the watching client's. */
    private long createFresh(String name, int n) {
        try (EtcdDatastore side = EtcdDatastore.open(etcd.options(Duration.ofSeconds(20)))) {
            return side.create(ResourceKey.of(Kind.IP_POOL, name), pool(name, n)).revision();
        }
    }

    static long percentile(List<Long> sorted, double p) {
        int i = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    @Test
    void afterAnOutageTheClientAndItsWatchAnswerWithinTwoSecondsOfEtcdNothingLostOrRepeatedAndTheWatcherIsTold() throws Exception {
        int rounds = Integer.getInteger("calico4j.etcd.restarts", 3);
        // Long enough for gRPC's own reconnect backoff (1 s growing by 1.6x) to pass 5 s.
        long outage = Long.getLong("calico4j.etcd.outageMs", 10_000);
        try (CalicoClient client = CalicoClient.connect(etcd.uri("20s"))) {
            long r0 = client.ipPools().list().revision();
            Recorder w = new Recorder();
            List<Long> writeMs = new ArrayList<>();
            List<Long> eventMs = new ArrayList<>();
            List<Long> expected = new ArrayList<>();
            List<Long> delivered = new ArrayList<>();
            List<WatchNotice> notices = new ArrayList<>();
            try (Watch watch = client.ipPools().watch(r0, w)) {
                for (int round = 0; round < rounds; round++) {
                    expected.add(create(client, "before-" + round, 2 * round));
                    delivered.add(w.nextEvent(notices).revision());
                    etcd.kill();
                    WatchNotice down = w.nextNotice(WatchNotice.Type.DISCONNECTED);
                    assertEquals(expected.get(expected.size() - 1), down.revision(), "DISCONNECTED names the last revision delivered");
                    Thread.sleep(outage);
                    etcd.restart();
                    long t0 = System.nanoTime();
                    expected.add(create(client, "after-" + round, 2 * round + 1));
                    writeMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                    WatchEvent<IpPool> e = w.nextEvent(notices);
                    eventMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                    delivered.add(e.revision());
                    assertTrue(notices.stream().anyMatch(n -> n.type() == WatchNotice.Type.RESUMED
                            && n.revision() == down.revision()), "RESUMED after " + down.revision() + " before the event: " + notices);
                    notices.clear();
                }
                assertNull(w.seen.poll(500, TimeUnit.MILLISECONDS), "no repeated event");
            }
            assertEquals(expected, delivered, "every event once, in order");
            List<Long> sorted = new ArrayList<>(eventMs);
            Collections.sort(sorted);
            List<Long> writes = new ArrayList<>(writeMs);
            Collections.sort(writes);
            System.out.printf("FIGURE etcd down %d ms, then restarted, x%d: first write ok after p50=%d p99=%d ms %s;"
                            + " its event delivered after p50=%d p99=%d ms %s; events lost=0 duplicated=0%n",
                    outage, rounds, percentile(writes, 0.5), percentile(writes, 0.99), writeMs,
                    percentile(sorted, 0.5), percentile(sorted, 0.99), eventMs);
            assertTrue(percentile(sorted, 0.99) < 2_000, "client and watch must answer within 2 s of etcd: " + eventMs + " ms");
        }
    }

    private static Set<String> namesUntilQuiet(Recorder w, int expected) throws InterruptedException {
        Set<String> names = new TreeSet<>();
        List<String> all = new ArrayList<>();
        List<WatchNotice> notices = new ArrayList<>();
        while (all.size() < expected) {
            WatchEvent<IpPool> e = w.nextEvent(notices);
            assertEquals(WatchEvent.Type.ADDED, e.type());
            all.add(e.object().name());
            names.add(e.object().name());
        }
        assertNull(w.seen.poll(500, TimeUnit.MILLISECONDS), "nothing more");
        assertEquals(names.size(), all.size(), "no resource twice: " + all);
        return names;
    }

    @Test
    void aWatchAcrossAWipedEtcdListsAgainAndSaysSo() throws Exception {
        try (CalicoClient client = CalicoClient.connect(etcd.uri("20s"))) {
            long r0 = client.ipPools().list().revision();
            Recorder w = new Recorder();
            try (Watch watch = client.ipPools().watch(r0, w)) {
                for (int i = 0; i < 5; i++) {
                    create(client, "old-" + i, i);
                }
                List<WatchNotice> notices = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    w.nextEvent(notices);
                }
                etcd.wipe();
                long t0 = System.nanoTime();
                createFresh("new-a", 10);
                createFresh("new-b", 11);
                WatchNotice relisted = w.nextNotice(WatchNotice.Type.RELISTED);
                System.out.printf("FIGURE etcd wiped under a watch (revision 6 -> 1): RELISTED %d ms after etcd answered: %s%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), relisted.message());
                assertTrue(relisted.message().contains("went back"), relisted.message());
                assertEquals(Set.of("new-a", "new-b"), namesUntilQuiet(w, 2), "after RELISTED: what exists now, each once");
                create(client, "new-c", 12);
                assertEquals("new-c", w.nextEvent(notices).object().name(), "and the watch goes on");
            }
        }
    }

    @Test
    void aWatchAcrossARestoreFromBackupListsTheRestoredStateAndGoesOn() throws Exception {
        Path snap = Files.createTempFile("calico4j-etcd", ".db");
        try (CalicoClient client = CalicoClient.connect(etcd.uri("20s"))) {
            for (int i = 0; i < 3; i++) {
                create(client, "kept-" + i, i);
            }
            etcd.snapshot(snap);
            long r0 = client.ipPools().list().revision();
            Recorder w = new Recorder();
            try (Watch watch = client.ipPools().watch(r0, w)) {
                create(client, "lost-a", 20);
                create(client, "lost-b", 21);
                client.ipPools().withName("kept-0").delete();
                List<WatchNotice> notices = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    w.nextEvent(notices);
                }
                etcd.restore(snap);
                long t0 = System.nanoTime();
                WatchNotice relisted = w.nextNotice(WatchNotice.Type.RELISTED);
                System.out.printf("FIGURE etcd restored from a backup under a watch: RELISTED %d ms after etcd answered: %s%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), relisted.message());
                assertEquals(r0, relisted.revision(), "listed at the backup's revision: " + relisted);
                assertEquals(Set.of("kept-0", "kept-1", "kept-2"), namesUntilQuiet(w, 3));
                create(client, "after", 30);
                WatchEvent<IpPool> after = w.nextEvent(notices);
                assertEquals("after", after.object().name());
                assertEquals(r0 + 1, after.revision());
            }
        } finally {
            Files.deleteIfExists(snap);
        }
    }
}
