package org.calico4j.client.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;

/** Resources and file tricks shared by the file datastore's tests. */
final class TestPools {
    private TestPools() {
    }

    static IpPool pool(String name, String cidr) {
        return IpPool.builder().name(name).spec(IpPoolSpec.builder().cidr(cidr).build()).build();
    }

    static String cidr(int x, int y) {
        return "10." + x + "." + y + ".0/24";
    }

    /**
     * Copies what an open store has on disk, as a crash would leave it: WAL, snapshot and lock
     * file, no closing snapshot, no lock holder.
     */
    static void copyAsIfCrashed(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String f : new String[] {Journal.WAL_NAME, SnapshotFile.NAME, DirectoryLock.NAME}) {
            if (Files.exists(from.resolve(f))) {
                Files.copy(from.resolve(f), to.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
