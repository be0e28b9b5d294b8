package org.calico4j.client.file;

import static org.calico4j.client.file.TestPools.cidr;
import static org.calico4j.client.file.TestPools.copyAsIfCrashed;
import static org.calico4j.client.file.TestPools.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.calico4j.client.DatastoreException;
import org.calico4j.client.ResourceVersionTooOldException;
import org.calico4j.client.internal.MvccStore.Change;
import org.calico4j.client.tck.DatastoreTck;
import org.calico4j.client.spi.DatastoreEvent;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Write;
import org.calico4j.client.spi.Versioned;
import org.calico4j.model.IpPool;
import org.calico4j.model.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDatastoreTest {
    /** What the store hands back: the value as written, with its revision as resourceVersion. */
    private static Versioned stored(String name, String cidr, long revision) {
        IpPool p = pool(name, cidr);
        return new Versioned(key(name), p.withMetadata(p.metadata().withResourceVersion(Long.toString(revision))), revision);
    }

    @TempDir
    Path tmp;

    private static ResourceKey key(String name) {
        return ResourceKey.of(Kind.IP_POOL, name);
    }

    @Test
    void reopenSeesValuesRevisionsAndContinuesTheRevisionCounter() {
        Path dir = tmp.resolve("store");
        try (FileDatastore ds = FileDatastore.open(dir)) {
            ds.create(key("a"), pool("a", cidr(0, 1)));
            ds.create(key("b"), pool("b", cidr(0, 2)));
            ds.create(key("c"), pool("c", cidr(0, 3)));
            ds.update(key("a"), pool("a", cidr(1, 1)), 1);
            ds.delete(key("b"), 2);
        }
        try (FileDatastore ds = FileDatastore.open(dir)) {
            assertEquals(5, ds.revision());
            assertEquals(List.of(stored("a", cidr(1, 1), 4), stored("c", cidr(0, 3), 3)), ds.list(Kind.IP_POOL, 0).items());
            assertTrue(ds.get(key("b")).isEmpty());
            assertEquals(6, ds.create(key("d"), pool("d", cidr(0, 4))).revision());
        }
        try (FileDatastore ds = FileDatastore.open(dir)) {
            assertEquals(6, ds.revision());
            assertEquals(pool("d", cidr(0, 4)), DatastoreTck.bare(ds.get(key("d")).orElseThrow().value()));
        }
    }

    @Test
    void recoversFromSnapshotPlusWalAndCompactsHistoryBeforeTheSnapshot() throws Exception {
        Path dir = tmp.resolve("store");
        Path crashed = tmp.resolve("crashed");
        try (FileDatastore ds = FileDatastore.open(dir, 100, 5)) {
            for (int i = 0; i < 7; i++) {
                ds.create(key("p" + i), pool("p" + i, cidr(2, i)));  // revisions 1..7; a snapshot at 5
            }
            ds.update(key("p0"), pool("p0", cidr(3, 0)), 1);          // 8
            ds.delete(key("p1"), 2);                                   // 9
            assertTrue(Files.exists(dir.resolve(SnapshotFile.NAME)));
            assertEquals(4, Files.readAllLines(dir.resolve(Journal.WAL_NAME)).size());
            copyAsIfCrashed(dir, crashed);
        }
        try (FileDatastore ds = FileDatastore.open(crashed, 100, 5)) {
            assertEquals(9, ds.revision());
            List<Versioned> items = ds.list(Kind.IP_POOL, 0).items();
            assertEquals(6, items.size());
            assertEquals(stored("p0", cidr(3, 0), 8), items.get(0));
            assertEquals(stored("p6", cidr(2, 6), 7), items.get(5));
            assertTrue(ds.get(key("p1")).isEmpty());

            assertThrows(ResourceVersionTooOldException.class, () -> ds.list(Kind.IP_POOL, 4));
            assertEquals(5, ds.list(Kind.IP_POOL, 5).items().size());
            List<DatastoreEvent> events = new CopyOnWriteArrayList<>();
            ds.watch(Kind.IP_POOL, 5, events::add);
            awaitSize(events, 4);
            assertEquals(List.of(6L, 7L, 8L, 9L), events.stream().map(DatastoreEvent::revision).toList());
            assertEquals(List.of(DatastoreEvent.Type.ADDED, DatastoreEvent.Type.ADDED, DatastoreEvent.Type.MODIFIED,
                    DatastoreEvent.Type.DELETED), events.stream().map(DatastoreEvent::type).toList());
        }
    }

    /** A transaction is one WAL record: recovery replays all of it, and a crash while writing it keeps none of it. */
    @Test
    void aTransactionRecoversWholeOrNotAtAll() throws Exception {
        Path dir = tmp.resolve("store");
        Path crashed = tmp.resolve("crashed");
        Path tornCopy = tmp.resolve("torn");
        try (FileDatastore ds = FileDatastore.open(dir)) {
            ds.create(key("p0"), pool("p0", cidr(4, 0)));
            ds.commit(List.of(Write.create(key("p1"), pool("p1", cidr(4, 1))), Write.delete(key("p0"), 1)));
            copyAsIfCrashed(dir, crashed);
            copyAsIfCrashed(dir, tornCopy);
        }
        assertFalse(Files.exists(crashed.resolve(SnapshotFile.NAME)), "recovery reads the WAL");
        try (FileDatastore ds = FileDatastore.open(crashed)) {
            assertEquals(2, ds.revision(), "the transaction took one revision");
            assertTrue(ds.get(key("p0")).isEmpty());
            assertEquals(2, ds.get(key("p1")).orElseThrow().revision());
        }
        Path wal = tornCopy.resolve(Journal.WAL_NAME);
        byte[] torn = Records.walLine(List.of(new Change(3, key("p2"), pool("p2", cidr(4, 2))), new Change(3, key("p1"), null)));
        Files.write(wal, Arrays.copyOf(torn, torn.length - 2), StandardOpenOption.APPEND);
        try (FileDatastore ds = FileDatastore.open(tornCopy)) {
            assertEquals(2, ds.revision());
            assertTrue(ds.get(key("p2")).isEmpty(), "no part of the torn transaction");
            assertTrue(ds.get(key("p1")).isPresent(), "no part of the torn transaction");
        }
    }

    @Test
    void aTornLastRecordIsDroppedAndTheStoreOpens() throws Exception {
        Path dir = tmp.resolve("store");
        Path crashed = tmp.resolve("crashed");
        try (FileDatastore ds = FileDatastore.open(dir)) {
            for (int i = 0; i < 3; i++) {
                ds.create(key("p" + i), pool("p" + i, cidr(4, i)));
            }
            copyAsIfCrashed(dir, crashed);
        }
        Path wal = crashed.resolve(Journal.WAL_NAME);
        long intact = Files.size(wal);
        byte[] next = Records.walLine(List.of(new Change(4, key("p3"), pool("p3", cidr(4, 3)))));
        Files.write(wal, Arrays.copyOf(next, next.length / 2), StandardOpenOption.APPEND);

        try (FileDatastore ds = FileDatastore.open(crashed)) {
            assertEquals(3, ds.revision());
            assertEquals(intact, Files.size(wal), "the torn tail is cut off");
            assertTrue(ds.get(key("p3")).isEmpty());
            assertEquals(4, ds.create(key("p3"), pool("p3", cidr(4, 33))).revision());
        }
        try (FileDatastore ds = FileDatastore.open(crashed)) {
            assertEquals(pool("p3", cidr(4, 33)), DatastoreTck.bare(ds.get(key("p3")).orElseThrow().value()));
        }
    }

    @Test
    void aGapInTheWalRefusesToOpenAndReleasesTheLock() throws Exception {
        Path dir = tmp.resolve("store");
        Path crashed = tmp.resolve("crashed");
        try (FileDatastore ds = FileDatastore.open(dir)) {
            for (int i = 0; i < 3; i++) {
                ds.create(key("p" + i), pool("p" + i, cidr(6, i)));
            }
            copyAsIfCrashed(dir, crashed);
        }
        Path wal = crashed.resolve(Journal.WAL_NAME);
        List<String> lines = Files.readAllLines(wal);
        Files.write(wal, List.of(lines.get(0), lines.get(2)));

        DatastoreException e = assertThrows(DatastoreException.class, () -> FileDatastore.open(crashed));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("jumps from revision 1 to 3"), e.getMessage());

        Files.write(wal, lines);
        try (FileDatastore ds = FileDatastore.open(crashed)) {
            assertEquals(3, ds.revision());
        }
    }

    @Test
    void aDamagedSnapshotRefusesToOpen() throws Exception {
        Path dir = tmp.resolve("store");
        try (FileDatastore ds = FileDatastore.open(dir)) {
            ds.create(key("a"), pool("a", cidr(7, 0)));
        }
        Path snapshot = dir.resolve(SnapshotFile.NAME);
        String text = Files.readString(snapshot);
        Files.writeString(snapshot, text.substring(0, text.length() / 2));

        DatastoreException e = assertThrows(DatastoreException.class, () -> FileDatastore.open(dir));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains(SnapshotFile.NAME + " is damaged"), e.getMessage());
    }

    @Test
    void aLeftoverTemporarySnapshotIsIgnored() throws Exception {
        Path dir = tmp.resolve("store");
        try (FileDatastore ds = FileDatastore.open(dir)) {
            ds.create(key("a"), pool("a", cidr(8, 0)));
        }
        Files.writeString(dir.resolve(SnapshotFile.TEMP_NAME), "{\"revision\":9");
        try (FileDatastore ds = FileDatastore.open(dir)) {
            assertEquals(1, ds.revision());
            assertFalse(Files.exists(dir.resolve(SnapshotFile.TEMP_NAME)));
        }
    }

    @Test
    void aSecondOpenInTheSameJvmFailsAtOnceNamingTheDirectoryAndPid() throws Exception {
        Path dir = tmp.resolve("store");
        try (FileDatastore ds = FileDatastore.open(dir)) {
            for (Path other : List.of(dir, dir.resolve("."), Files.createSymbolicLink(tmp.resolve("link"), dir))) {
                DatastoreException e = assertThrows(DatastoreException.class, () -> FileDatastore.open(other));
                assertFalse(e.retryable());
                assertTrue(e.getMessage().contains(dir.toRealPath().toString()), e.getMessage());
                assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
            }
            ds.create(key("a"), pool("a", cidr(9, 0)));  // the failed opens left our lock alone
        }
        try (FileDatastore ds = FileDatastore.open(dir)) {
            assertEquals(1, ds.revision());
        }
    }

    @Test
    void everyCallButDescribeFailsAfterClose() {
        Path dir = tmp.resolve("store");
        FileDatastore ds = FileDatastore.open(dir);
        ds.create(key("a"), pool("a", cidr(10, 0)));
        ds.close();
        ds.close();
        List<Runnable> calls = List.of(() -> ds.get(key("a")), () -> ds.list(Kind.IP_POOL, 0),
                () -> ds.create(key("b"), pool("b", cidr(10, 1))), () -> ds.update(key("a"), pool("a", cidr(10, 2)), 0),
                () -> ds.delete(key("a"), 0), () -> ds.watch(null, 0, e -> { }), ds::revision);
        for (Runnable call : calls) {
            DatastoreException e = assertThrows(DatastoreException.class, call::run);
            assertFalse(e.retryable());
        }
        assertEquals("file:" + dir.toAbsolutePath(), ds.describe());
    }

    @Test
    void createsTheDirectoryOwnerOnly() throws Exception {
        Path dir = tmp.resolve("a/b");
        assumeTrue(Fs.isPosix(tmp), "POSIX permissions");
        try (FileDatastore ds = FileDatastore.open(dir)) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            assertEquals("file:" + dir.toAbsolutePath(), ds.describe());
        }
    }

    @Test
    void anUnusablePathIsADatastoreExceptionNotAnIoException() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        DatastoreException e = assertThrows(DatastoreException.class, () -> FileDatastore.open(file));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void measuresDurableWritesPerSecond() throws Exception {
        Path dir = tmp.resolve("store");
        Path crashed = tmp.resolve("crashed");
        int n = 1000;
        List<IpPool> pools = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pools.add(pool("pool-" + i, cidr(i / 250, i % 250)));
        }
        try (FileDatastore ds = FileDatastore.open(dir)) {
            long start = System.nanoTime();
            for (IpPool p : pools) {
                ds.create(ResourceKey.of(p), p);
            }
            long nanos = System.nanoTime() - start;
            System.out.printf("file datastore: %d durable creates in %d ms = %.0f writes/s (%s)%n", n,
                    TimeUnit.NANOSECONDS.toMillis(nanos), n / (nanos / 1e9), Files.getFileStore(dir).type());
            copyAsIfCrashed(dir, crashed);
        }
        try (FileDatastore ds = FileDatastore.open(crashed)) {
            assertEquals(n, ds.list(Kind.IP_POOL, 0).items().size());
        }
    }

    @Test
    void concurrentWritersAllLandAndSurviveACrash() throws Exception {
        Path dir = tmp.resolve("store");
        Path crashed = tmp.resolve("crashed");
        int threads = 4;
        int perThread = 50;
        try (FileDatastore ds = FileDatastore.open(dir, 100, 64)) {
            List<Thread> writers = new ArrayList<>();
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                writers.add(new Thread(() -> {
                    try {
                        for (int i = 0; i < perThread; i++) {
                            String name = "t" + id + "-" + i;
                            long rev = ds.create(key(name), pool(name, cidr(id, i))).revision();
                            ds.update(key(name), pool(name, cidr(id + 100, i)), rev);
                        }
                    } catch (RuntimeException e) {
                        errors.add(e);
                    }
                }));
            }
            writers.forEach(Thread::start);
            for (Thread w : writers) {
                w.join();
            }
            assertEquals(List.of(), errors);
            assertEquals(2L * threads * perThread, ds.revision());
            copyAsIfCrashed(dir, crashed);
        }
        try (FileDatastore ds = FileDatastore.open(crashed)) {
            assertEquals(2L * threads * perThread, ds.revision());
            List<Versioned> items = ds.list(Kind.IP_POOL, 0).items();
            assertEquals(threads * perThread, items.size());
            for (Versioned v : items) {
                String[] id = v.key().name().substring(1).split("-");
                assertEquals(pool(v.key().name(), cidr(Integer.parseInt(id[0]) + 100, Integer.parseInt(id[1]))), DatastoreTck.bare(v.value()));
            }
        }
    }

    @Test
    void walRecordsAreOneLineOfCrcAndJson() throws Exception {
        Path dir = tmp.resolve("store");
        try (FileDatastore ds = FileDatastore.open(dir)) {
            ds.create(key("a"), pool("a", cidr(11, 0)));
            ds.delete(key("a"), 0);
            List<String> lines = Files.readAllLines(dir.resolve(Journal.WAL_NAME), StandardCharsets.UTF_8);
            assertEquals(2, lines.size());
            assertTrue(lines.get(0).matches("[0-9a-f]{8} \\{\"rev\":1,\"kind\":\"IPPool\",\"namespace\":\"\",\"name\":\"a\","
                    + "\"value\":\\{.*\"cidr\":\"10.11.0.0/24\".*}}"), lines.get(0));
            assertTrue(lines.get(1).matches("[0-9a-f]{8} \\{\"rev\":2,\"kind\":\"IPPool\",\"namespace\":\"\",\"name\":\"a\","
                    + "\"value\":null}"), lines.get(1));
        }
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (list.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(size, list.size(), "events: " + list);
    }
}
