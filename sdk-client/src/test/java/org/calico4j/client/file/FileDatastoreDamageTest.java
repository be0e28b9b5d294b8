package org.calico4j.client.file;

import static org.calico4j.client.file.TestPools.cidr;
import static org.calico4j.client.file.TestPools.copyAsIfCrashed;
import static org.calico4j.client.file.TestPools.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.calico4j.client.DatastoreException;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Versioned;
import org.calico4j.client.tck.DatastoreTck;
import org.calico4j.model.IpPool;
import org.calico4j.model.Kind;
import org.calico4j.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage and tampering: only a torn WAL tail is cut; any other damage refuses the open with file,
 * offset and counts and changes no file, and {@link FileDatastore#repair} keeps every intact record.
 * The fault-injection sweep flips a bit at every byte of the WAL and of the snapshot.
 */
class FileDatastoreDamageTest {
    @TempDir
    Path tmp;

    private static ResourceKey key(String name) {
        return ResourceKey.of(Kind.IP_POOL, name);
    }

    private static Map<String, byte[]> contents(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                if (f.getFileName().toString().equals(DirectoryLock.NAME)) {
                    continue; // bookkeeping (the holder's pid), not data
                }
                out.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        return out;
    }

    private static void assertSameFiles(Map<String, byte[]> before, Map<String, byte[]> after) {
        assertEquals(before.keySet(), after.keySet());
        before.forEach((name, bytes) -> assertTrue(java.util.Arrays.equals(bytes, after.get(name)), name + " changed"));
    }

    /** 200 creates, crash-copied: a WAL of 200 records and no snapshot. */
    private Path crashedStoreOf200() throws IOException {
        Path dir = tmp.resolve("store");
        Path crashed = tmp.resolve("crashed");
        try (FileDatastore ds = FileDatastore.open(dir)) {
            for (int i = 0; i < 200; i++) {
                ds.create(key("p" + i), pool("p" + i, cidr(i / 250, i % 250)));
            }
            copyAsIfCrashed(dir, crashed);
        }
        return crashed;
    }

    @Test
    void aDamagedRecordInTheMiddleStopsTheOpenNamingFileOffsetAndCountsAndChangesNoFile() throws Exception {
        Path crashed = crashedStoreOf200();
        Path wal = crashed.resolve(Journal.WAL_NAME);
        byte[] bytes = Files.readAllBytes(wal);
        List<Integer> starts = lineStarts(bytes);
        int at = starts.get(49) + 30; // inside record 50
        bytes[at] ^= 0x04;
        Files.write(wal, bytes);
        Map<String, byte[]> before = contents(crashed);

        DatastoreException e = assertThrows(DatastoreException.class, () -> FileDatastore.open(crashed));
        assertFalse(e.retryable());
        String m = e.getMessage();
        assertTrue(m.contains(wal.toRealPath() + " is damaged at byte offset " + starts.get(49) + ", record 50"), m);
        assertTrue(m.contains("49 intact records before it, 150 records after it, 150 of them intact"), m);
        assertTrue(m.contains("No file was changed") && m.contains("repair"), m);
        assertSameFiles(before, contents(crashed));

        FileDatastore.RepairReport r = FileDatastore.repair(crashed);
        assertEquals(1, r.dropped().size(), r.toString());
        assertEquals((long) starts.get(49), r.dropped().get(0).offset());
        assertEquals(199, r.kept());
        assertEquals(200, r.revision());
        assertEquals(1, r.movedAside().size());
        assertTrue(Files.exists(r.movedAside().get(0)), "the damaged WAL is kept aside for inspection");
        try (FileDatastore ds = FileDatastore.open(crashed)) {
            assertEquals(200, ds.revision());
            assertEquals(199, ds.list(Kind.IP_POOL, 0).items().size());
            assertTrue(ds.get(key("p49")).isEmpty(), "the damaged record's create is what was dropped");
            assertEquals(pool("p199", cidr(0, 199)), DatastoreTck.bare(ds.get(key("p199")).orElseThrow().value()));
            assertEquals(201, ds.create(key("new"), pool("new", cidr(9, 9))).revision());
        }
    }

    @Test
    void aRecordWhoseChecksumHoldsButDoesNotDecodeStopsTheOpenEvenWhenLast() throws Exception {
        Path crashed = crashedStoreOf200();
        Path wal = crashed.resolve(Journal.WAL_NAME);
        String json = "{\"rev\":201,\"kind\":\"IPPool\",\"namespace\":\"\",\"name\":\"x\",\"value\":{\"kind\":\"Nope\"}}";
        Files.write(wal, Records.crcLine(json), java.nio.file.StandardOpenOption.APPEND);
        Map<String, byte[]> before = contents(crashed);
        DatastoreException e = assertThrows(DatastoreException.class, () -> FileDatastore.open(crashed));
        assertTrue(e.getMessage().contains("record 201") && e.getMessage().contains("checksum is valid"), e.getMessage());
        assertSameFiles(before, contents(crashed));
    }

    @Test
    void aWholeLastRecordWithADamagedLineEndIsRefusedNotCut() throws Exception {
        Path crashed = crashedStoreOf200();
        Path wal = crashed.resolve(Journal.WAL_NAME);
        byte[] bytes = Files.readAllBytes(wal);
        bytes[bytes.length - 1] = 'x';
        Files.write(wal, bytes);
        DatastoreException e = assertThrows(DatastoreException.class, () -> FileDatastore.open(crashed));
        assertTrue(e.getMessage().contains("record 200") && e.getMessage().contains("line end is damaged"), e.getMessage());
        assertEquals(bytes.length, Files.size(wal));
    }

    @Test
    void aSnapshotIsChecksummedLineByLineAndTheFirstFormatStillReads() throws Exception {
        Path dir = tmp.resolve("store");
        try (FileDatastore ds = FileDatastore.open(dir)) {
            ds.create(key("a"), pool("a", cidr(1, 1)));
            ds.create(key("b"), pool("b", cidr(1, 2)));
        }
        Path snapshot = dir.resolve(SnapshotFile.NAME);
        List<String> lines = Files.readAllLines(snapshot);
        assertEquals(3, lines.size());
        lines.forEach(l -> assertTrue(l.matches("[0-9a-f]{8} \\{.*\\}"), l));

        // A flipped digit inside a value is valid JSON; only the checksum tells.
        Files.writeString(snapshot, lines.get(0) + "\n" + lines.get(1).replace("10.1.1.0", "10.1.7.0") + "\n" + lines.get(2) + "\n");
        DatastoreException e = assertThrows(DatastoreException.class, () -> FileDatastore.open(dir));
        assertTrue(e.getMessage().contains(SnapshotFile.NAME + " is damaged at byte offset " + (lines.get(0).length() + 1)
                + ": item 1 of 2: CRC mismatch"), e.getMessage());

        String firstFormat = "{\"revision\":2,\"items\":[\n" + lines.get(1).substring(9) + ",\n" + lines.get(2).substring(9) + "\n]}\n";
        Files.writeString(snapshot, firstFormat);
        try (FileDatastore ds = FileDatastore.open(dir)) {
            assertEquals(2, ds.revision());
            assertEquals(pool("a", cidr(1, 1)), DatastoreTck.bare(ds.get(key("a")).orElseThrow().value()));
        }
    }

    /**
     * The sweep: a store with a snapshot and a WAL after it; every byte of each file gets a bit
     * flipped in turn (three different bits across the sweep). Each damaged copy either refuses
     * to open, or opens with exactly the acknowledged state (a flip that changes nothing, e.g. a
     * CRC digit's case); its repair then keeps only values that were written. Never a wrong value.
     */
    @Test
    void everyBitFlipInWalOrSnapshotIsRefusedOrHarmlessAndRepairKeepsOnlyWrittenValues() throws Exception {
        Path dir = tmp.resolve("store");
        Path crashed = tmp.resolve("crashed");
        Map<String, Set<Resource>> written = new HashMap<>();
        Map<ResourceKey, Resource> expected;
        try (FileDatastore ds = FileDatastore.open(dir, 100, 6)) {
            for (int i = 0; i < 10; i++) {
                String name = "p" + (i % 4);
                IpPool p = pool(name, cidr(2, i));
                written.computeIfAbsent(name, n -> new HashSet<>()).add(p);
                if (ds.get(key(name)).isPresent()) {
                    ds.update(key(name), p, 0);
                } else {
                    ds.create(key(name), p);
                }
            }
            expected = state(ds);
            copyAsIfCrashed(dir, crashed);
        }
        int refused = 0;
        int harmless = 0;
        int droppedTotal = 0;
        long started = System.nanoTime();
        for (String file : List.of(Journal.WAL_NAME, SnapshotFile.NAME)) {
            byte[] original = Files.readAllBytes(crashed.resolve(file));
            assertTrue(original.length > 200, file + " too small for a sweep: " + original.length);
            for (int at = 0; at < original.length; at++) {
                Path copy = tmp.resolve("flip-" + file + "-" + at);
                copyAsIfCrashed(crashed, copy);
                byte[] damaged = original.clone();
                damaged[at] ^= (byte) (1 << (at % 3 * 2 + 1)); // bits 1, 3, 5 in turn
                Files.write(copy.resolve(file), damaged);
                try (FileDatastore ds = FileDatastore.open(copy, 100, 1000)) {
                    assertEquals(expected, state(ds), file + " flipped at " + at + " opened with another state");
                    harmless++;
                } catch (DatastoreException e) {
                    refused++;
                    assertTrue(e.getMessage().contains("is damaged at byte offset") || e.getMessage().contains("jumps from"),
                            file + " at " + at + ": " + e.getMessage());
                    FileDatastore.RepairReport r = FileDatastore.repair(copy);
                    droppedTotal += r.dropped().size();
                    try (FileDatastore ds = FileDatastore.open(copy)) {
                        for (Map.Entry<ResourceKey, Resource> v : state(ds).entrySet()) {
                            assertTrue(written.getOrDefault(v.getKey().name(), Set.of()).contains(v.getValue()),
                                    file + " at " + at + ": repair kept a value never written: " + v);
                        }
                    }
                }
                deleteTree(copy);
            }
        }
        System.out.printf("bit-flip sweep: %d flips, %d refused (then repaired, %d lines dropped), %d harmless, %.1f s%n",
                refused + harmless, refused, droppedTotal, harmless, (System.nanoTime() - started) / 1e9);
        assertTrue(refused > 0 && harmless >= 0);
    }

    @Test
    void aLockFileRemovedUnderAnOpenStoreStopsItsWritesAndAReopenIsRefusedUntilRepaired() throws Exception {
        Path dir = tmp.resolve("store");
        FileDatastore ds = FileDatastore.open(dir);
        ds.create(key("a"), pool("a", cidr(3, 0)));
        Files.delete(dir.resolve(DirectoryLock.NAME));
        DatastoreException e = assertThrows(DatastoreException.class, () -> ds.create(key("b"), pool("b", cidr(3, 1))));
        assertTrue(e.getMessage().contains("was removed while the store was open"), e.getMessage());
        assertTrue(ds.get(key("b")).isEmpty(), "a refused write is not visible");
        ds.close();
        DatastoreException reopen = assertThrows(DatastoreException.class, () -> FileDatastore.open(dir));
        assertTrue(reopen.getMessage().contains("is missing"), reopen.getMessage());
        assertEquals(List.of(), FileDatastore.repair(dir).dropped());
        try (FileDatastore again = FileDatastore.open(dir)) {
            assertEquals(pool("a", cidr(3, 0)), DatastoreTck.bare(again.get(key("a")).orElseThrow().value()));
        }
    }

    @Test
    void aSymlinkedLockFileIsNeverOpenedThrough() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("store"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path victim = Files.writeString(tmp.resolve("victim"), "precious\n");
        Files.createSymbolicLink(dir.resolve(DirectoryLock.NAME), victim);
        DatastoreException e = assertThrows(DatastoreException.class, () -> FileDatastore.open(dir));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertEquals("precious\n", Files.readString(victim));
        Files.delete(dir.resolve(DirectoryLock.NAME));
        Files.createSymbolicLink(dir.resolve(Journal.WAL_NAME), victim);
        assertThrows(DatastoreException.class, () -> FileDatastore.open(dir));
        assertEquals("precious\n", Files.readString(victim));
    }

    @Test
    void aDirectoryOthersCanWriteIsRefused() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("store"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        DatastoreException e = assertThrows(DatastoreException.class, () -> FileDatastore.open(dir));
        assertTrue(e.getMessage().contains("writable by others (mode rwxrwxrwx)"), e.getMessage());
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));
        e = assertThrows(DatastoreException.class, () -> FileDatastore.open(dir));
        assertTrue(e.getMessage().contains("writable by its group"), e.getMessage());
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        FileDatastore.open(dir).close();
    }

    @Test
    void aDirectoryOwnedBySomeoneElseIsRefused() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to give a directory away");
        Path dir = Files.createDirectory(tmp.resolve("store"));
        Files.setAttribute(dir, "unix:uid", 65534);
        DatastoreException e = assertThrows(DatastoreException.class, () -> FileDatastore.open(dir));
        assertTrue(e.getMessage().contains("belongs to uid 65534"), e.getMessage());
    }

    private static Map<ResourceKey, Resource> state(FileDatastore ds) {
        Map<ResourceKey, Resource> out = new HashMap<>();
        for (Versioned v : ds.list(Kind.IP_POOL, 0).items()) {
            out.put(v.key(), DatastoreTck.bare(v.value()));
        }
        return out;
    }

    private static List<Integer> lineStarts(byte[] bytes) {
        List<Integer> starts = new ArrayList<>(List.of(0));
        for (int i = 0; i < bytes.length - 1; i++) {
            if (bytes[i] == '\n') {
                starts.add(i + 1);
            }
        }
        return starts;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
