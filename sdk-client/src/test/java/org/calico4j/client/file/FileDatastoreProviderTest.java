package org.calico4j.client.file;

import static org.calico4j.client.file.TestPools.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;

import org.calico4j.client.DatastoreException;
import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.Datastores;
import org.calico4j.client.spi.ResourceKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDatastoreProviderTest {
    private final FileDatastoreProvider provider = new FileDatastoreProvider();

    @Test
    void servesTheFileScheme() {
        assertEquals("file", provider.scheme());
    }

    @Test
    void absoluteAndRelativeUris() {
        assertEquals(Path.of("/var/lib/calico4j"), FileDatastoreProvider.directory(URI.create("file:/var/lib/calico4j")));
        assertEquals(Path.of("/var/lib/calico4j"), FileDatastoreProvider.directory(URI.create("file:///var/lib/calico4j")));
        assertEquals(Path.of("/srv/x"), FileDatastoreProvider.directory(URI.create("file://localhost/srv/x")));
        assertEquals(Path.of("state/calico"), FileDatastoreProvider.directory(URI.create("file:state/calico")));
        assertEquals(Path.of("/a b"), FileDatastoreProvider.directory(URI.create("file:/a%20b")));
        assertEquals(Path.of("/srv/x"), FileDatastoreProvider.directory(URI.create("file:/srv/x?lockTimeout=0s")));
        assertEquals(Path.of("rel"), FileDatastoreProvider.directory(URI.create("file:rel?lockTimeout=2s")));
    }

    @Test
    void lockTimeoutIsAGoDuration() {
        assertEquals(java.time.Duration.ofMillis(1500),
                FileDatastoreProvider.options(URI.create("file:/x?lockTimeout=1.5s")).lockTimeout());
        assertEquals(FileDatastore.DEFAULT_LOCK_TIMEOUT, FileDatastoreProvider.options(URI.create("file:/x")).lockTimeout());
        DatastoreException e = assertThrows(DatastoreException.class,
                () -> FileDatastoreProvider.options(URI.create("file:/x?lockTimeout=soon")));
        assertTrue(e.getMessage().contains("bad lockTimeout"), e.getMessage());
    }

    @Test
    void refusesWhatItCannotHonour() {
        for (String uri : new String[] {"file://otherhost/x", "file:/x?history=5", "file:/x#y", "memory:x"}) {
            DatastoreException e = assertThrows(DatastoreException.class,
                    () -> FileDatastoreProvider.directory(URI.create(uri)));
            assertFalse(e.retryable());
            assertTrue(e.getMessage().contains(uri), e.getMessage());
        }
    }

    @Test
    void opensAFileDatastore(@TempDir Path tmp) {
        Path dir = tmp.resolve("store");
        try (Datastore ds = provider.open(dir.toUri())) {
            assertEquals("file:" + dir.toAbsolutePath(), ds.describe());
            ds.create(ResourceKey.of(pool("a", "10.0.0.0/24")), pool("a", "10.0.0.0/24"));
        }
        try (Datastore ds = provider.open(URI.create("file:" + dir.toAbsolutePath()))) {
            assertEquals(1, ds.revision());
        }
    }

    @Test
    void isFoundThroughTheServiceLoader(@TempDir Path tmp) {
        assertTrue(Datastores.schemes().contains("file"), Datastores.schemes().toString());
        Path dir = tmp.resolve("store");
        try (Datastore ds = Datastores.open("file:" + dir.toAbsolutePath())) {
            assertInstanceOf(FileDatastore.class, ds);
            assertEquals("file:" + dir.toAbsolutePath(), ds.describe());
        }
    }
}
