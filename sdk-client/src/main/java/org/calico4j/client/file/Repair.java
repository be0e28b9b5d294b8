package org.calico4j.client.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.calico4j.client.internal.MvccStore;
import org.calico4j.client.internal.MvccStore.Change;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link FileDatastore#repair}: everything intact kept, the rest reported, the damaged files moved aside. */
final class Repair {
    private static final Logger LOG = LoggerFactory.getLogger(Repair.class);

    private Repair() {
    }

    /** Runs under the store's lock. */
    static FileDatastore.RepairReport run(Path dir, int historyLimit) throws IOException {
        MvccStore store = new MvccStore("repair of " + dir, historyLimit);
        List<FileDatastore.Dropped> dropped = new ArrayList<>();
        List<Path> movedAside = new ArrayList<>();
        String stamp = ".damaged-" + System.currentTimeMillis();
        int kept = 0;

        Files.deleteIfExists(dir.resolve(SnapshotFile.TEMP_NAME));
        Path snapshot = dir.resolve(SnapshotFile.NAME);
        if (Files.exists(snapshot, LinkOption.NOFOLLOW_LINKS)) {
            SnapshotFile.Salvage s = SnapshotFile.salvage(snapshot);
            store.startAt(s.revision());
            s.items().forEach(store::load);
            kept += s.items().size();
            dropped.addAll(s.dropped());
            if (!s.dropped().isEmpty()) {
                movedAside.add(moveAside(snapshot, stamp));
            }
        }
        Path wal = dir.resolve(Journal.WAL_NAME);
        if (Files.exists(wal, LinkOption.NOFOLLOW_LINKS)) {
            int before = dropped.size();
            kept += replayIntact(wal, store, dropped);
            if (dropped.size() > before) {
                movedAside.add(moveAside(wal, stamp));
            }
        }
        SnapshotFile.write(dir, store.lastRevision(), store.all());
        WriteAheadLog.createEmpty(wal).close();
        Fs.syncDirectory(dir);
        if (!dropped.isEmpty()) {
            FileDatastore.Dropped d = dropped.get(0);
            LOG.warn("repair of {}: kept {}, dropped {} (the first: {} bytes at offset {} of {}: {}); the damaged files are {}",
                    dir, kept, dropped.size(), d.length(), d.offset(), d.file(), d.reason(), movedAside);
        }
        return new FileDatastore.RepairReport(store.lastRevision(), kept, List.copyOf(dropped), List.copyOf(movedAside));
    }

    /** Replays every intact WAL record after the snapshot; a dropped record leaves a gap in the revisions. */
    private static int replayIntact(Path wal, MvccStore store, List<FileDatastore.Dropped> dropped) throws IOException {
        int kept = 0;
        try (InputStream in = Files.newInputStream(wal, LinkOption.NOFOLLOW_LINKS)) {
            Lines lines = new Lines(in);
            while (lines.next()) {
                List<Change> c;
                try {
                    c = Records.parseWalLine(lines.bytes(), lines.length());
                } catch (CorruptDataException e) {
                    dropped.add(new FileDatastore.Dropped(wal, lines.start(), lines.length(),
                            lines.ended() ? e.getMessage() : "an incomplete last record (" + e.getMessage() + ")"));
                    continue;
                }
                if (c.get(0).revision() <= store.lastRevision()) {
                    continue; // already in the snapshot
                }
                store.replay(c);
                kept++;
            }
        }
        return kept;
    }

    private static Path moveAside(Path file, String stamp) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + stamp);
        Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        return aside;
    }
}
