package org.calico4j.client.spi;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.calico4j.client.DatastoreException;
import org.calico4j.client.memory.MemoryDatastore;
import org.junit.jupiter.api.Test;

class DatastoresTest {
    /** Two providers claim the scheme {@code twice} (registered in this module's test resources). */
    public static final class First implements DatastoreProvider {
        @Override
        public String scheme() {
            return "twice";
        }

        @Override
        public Datastore open(URI uri) {
            return MemoryDatastore.create();
        }
    }

    /** The second claimant of {@code twice}. */
    public static final class Second implements DatastoreProvider {
        @Override
        public String scheme() {
            return "twice";
        }

        @Override
        public Datastore open(URI uri) {
            return MemoryDatastore.create();
        }
    }

    @Test
    void anAmbiguousSchemeFailsNamingEveryCandidate() {
        DatastoreException e = assertThrows(DatastoreException.class, () -> Datastores.open("twice:"));
        assertTrue(e.getMessage().contains(First.class.getName()) && e.getMessage().contains(Second.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("datastore(...)"), "tells the way out: " + e.getMessage());
    }

    @Test
    void builtInSchemesAreDiscovered() {
        assertTrue(Datastores.schemes().containsAll(java.util.List.of("memory", "file")), Datastores.schemes().toString());
        try (Datastore ds = Datastores.open("memory:")) {
            assertTrue(ds.describe().startsWith("memory"));
        }
        assertThrows(DatastoreException.class, () -> Datastores.open("no scheme here"));
    }
}
