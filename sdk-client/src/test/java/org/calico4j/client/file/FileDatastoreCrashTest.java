package org.calico4j.client.file;

import static org.calico4j.client.file.TestPools.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.calico4j.client.DatastoreException;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Versioned;
import org.calico4j.model.IpPool;
import org.calico4j.model.Kind;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Other processes: SIGKILL in the middle of writing, and the one-writer lock across JVMs. */
class FileDatastoreCrashTest {
    private static final int CYCLES = 24;
    private static final Duration STARTUP = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    /** What the parent knows of one pool: the revision and CIDR of its last acknowledged write (null CIDR: deleted). */
    private record Known(long revision, @Nullable String cidr) {
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void everyAcknowledgedWriteSurvivesKillDashNine() throws Exception {
        long seed = Long.getLong("calico4j.crashSeed", 0x5eed_c0ffeeL);
        Random rnd = new Random(seed);
        Path dir = tmp.resolve("store");
        Map<String, Known> known = new HashMap<>();
        long revision = 0;
        int acks = 0;
        long started = System.nanoTime();
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            String where = "seed " + seed + ", cycle " + cycle + ": ";
            List<String> lines;
            try (ChildJvm child = ChildJvm.start(tmp.resolve("child-" + cycle + ".err"), "write", dir.toString(),
                    Long.toString(rnd.nextLong()))) {
                assertEquals("READY " + revision, child.awaitLine("READY", STARTUP), where + "the child's view on open");
                Thread.sleep(10 + rnd.nextInt(400));
                if (!child.isAlive()) {
                    fail(where + "the child died before it was killed: " + child.stderr());
                }
                lines = child.kill();
            }
            long lastAck = revision;
            for (String line : lines) {
                String[] f = line.split(" ");
                if (!f[0].equals("ACK")) {
                    continue;
                }
                long rev = Long.parseLong(f[1]);
                assertEquals(lastAck + 1, rev, where + "acknowledged revisions are consecutive");
                known.put(f[3], new Known(rev, f[2].equals("PUT") ? f[4] : null));
                lastAck = rev;
                acks++;
            }
            revision = verify(dir, known, lastAck, where);
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.printf("kill -9: %d cycles, %d acknowledged writes all recovered, store at revision %d, %d ms%n",
                CYCLES, acks, revision, ms);
        assertTrue(acks > CYCLES, "the children wrote something: " + acks);
    }

    /**
     * Reopens the store and checks it against the acknowledged writes. A write can be on disk
     * without its ACK (killed between the two), but only one: the child writes one at a time.
     * Returns the store's revision and resets {@code known} to what is stored.
     */
    private static long verify(Path dir, Map<String, Known> known, long lastAck, String where) {
        try (FileDatastore ds = FileDatastore.open(dir)) {
            long rev = ds.revision();
            assertTrue(rev == lastAck || rev == lastAck + 1, where + "store at " + rev + ", last ACK " + lastAck);
            Map<String, Versioned> stored = new HashMap<>();
            ds.list(Kind.IP_POOL, 0).items().forEach(v -> stored.put(v.key().name(), v));
            TreeSet<String> names = new TreeSet<>(known.keySet());
            names.addAll(stored.keySet());
            int unacknowledged = 0;
            for (String name : names) {
                Known k = known.get(name);
                Versioned v = stored.get(name);
                if (matches(name, k, v)) {
                    continue;
                }
                unacknowledged++;
                assertTrue(rev == lastAck + 1 && (v == null || v.revision() == rev),
                        where + name + " is " + v + " but was acknowledged as " + k + " (last ACK " + lastAck + ")");
            }
            assertTrue(unacknowledged <= 1, where + unacknowledged + " writes beyond the last ACK");
            known.clear();
            stored.forEach((name, v) -> known.put(name, new Known(v.revision(), ((IpPool) v.value()).spec().cidr())));
            return rev;
        }
    }

    private static boolean matches(String name, @Nullable Known k, @Nullable Versioned v) {
        if (k == null || k.cidr() == null) {
            return v == null;
        }
        return v != null && v.revision() == k.revision()
                && org.calico4j.client.tck.DatastoreTck.bare(v.value()).equals(pool(name, k.cidr()));
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void anotherProcessCannotOpenALockedStoreAndADeadHolderLeavesNoLock() throws Exception {
        Path dir = tmp.resolve("store");
        try (FileDatastore ds = FileDatastore.open(dir)) {
            ds.create(ResourceKey.of(pool("a", "10.0.0.0/24")), pool("a", "10.0.0.0/24"));
            try (ChildJvm child = ChildJvm.start(tmp.resolve("probe.err"), "probe", dir.toString())) {
                String refused = child.awaitLine("REFUSED", STARTUP);
                assertTrue(refused.contains("retryable=false"), refused);
                assertTrue(refused.contains(dir.toRealPath().toString()), refused);
                assertTrue(refused.contains("process " + ProcessHandle.current().pid()), refused);
            }
        }
        try (ChildJvm child = ChildJvm.start(tmp.resolve("hold.err"), "hold", dir.toString())) {
            child.awaitLine("READY", STARTUP);
            DatastoreException e = assertThrows(DatastoreException.class,
                    () -> FileDatastore.open(dir, FileDatastore.Options.defaults().withLockTimeout(Duration.ZERO)));
            assertFalse(e.retryable());
            assertTrue(e.getMessage().contains(dir.toRealPath().toString()), e.getMessage());
            assertTrue(e.getMessage().contains("process " + child.pid()), e.getMessage());
            child.kill();
        }
        try (FileDatastore ds = FileDatastore.open(dir)) {
            assertEquals(1, ds.revision());
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aSecondProcessWaitsForTheLockSayingSoAndOpensWhenTheHolderCloses() throws Exception {
        Path dir = tmp.resolve("store");
        FileDatastore ds = FileDatastore.open(dir);
        ds.create(ResourceKey.of(pool("a", "10.0.0.0/24")), pool("a", "10.0.0.0/24"));
        try (ChildJvm child = ChildJvm.start(tmp.resolve("await.err"), "await", dir.toString())) {
            String waiting = child.awaitLine("WAITING", STARTUP);
            assertTrue(waiting.contains("in use by process " + ProcessHandle.current().pid()), waiting);
            assertTrue(waiting.contains("waiting up to 10000 ms"), waiting);
            ds.close();
            assertEquals("OPENED 1", child.awaitLine("OPENED", STARTUP));
        } finally {
            ds.close();
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aRemovedOrReplacedLockFileNeverLetsASecondProcessIn() throws Exception {
        Path dir = tmp.resolve("store");
        try (ChildJvm holder = ChildJvm.start(tmp.resolve("hold.err"), "hold", dir.toString())) {
            holder.awaitLine("READY", STARTUP);
            Path lock = dir.resolve(DirectoryLock.NAME);
            Path copy = Files.copy(lock, tmp.resolve("lock-copy"));
            Files.delete(lock);
            try (ChildJvm probe = ChildJvm.start(tmp.resolve("probe1.err"), "probe", dir.toString())) {
                String refused = probe.awaitLine("REFUSED", STARTUP);
                assertTrue(refused.contains("holds data but its lock file") && refused.contains("is missing"), refused);
            }
            Files.copy(copy, lock); // same content, another file
            try (ChildJvm probe = ChildJvm.start(tmp.resolve("probe2.err"), "probe", dir.toString())) {
                String refused = probe.awaitLine("REFUSED", STARTUP);
                assertTrue(refused.contains("was replaced"), refused);
            }
            holder.kill();
        }
        FileDatastore.RepairReport r = FileDatastore.repair(dir);
        assertEquals(List.of(), r.dropped());
        try (FileDatastore ds = FileDatastore.open(dir)) {
            assertEquals(0, ds.revision());
        }
    }
}
