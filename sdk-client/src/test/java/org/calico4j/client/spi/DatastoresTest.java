package org.calico4j.client.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void redactsTheUserInfoPasswordOfWellFormedAndMalformedUris() {
        assertEquals("etcd://admin:***@10.0.0.1:2379", Datastores.redact("etcd://admin:s3cret@10.0.0.1:2379"));
        assertEquals("etdc://admin:***@10.0.0.1:2379", Datastores.redact("etdc://admin:s3cret@10.0.0.1:2379"));
        assertEquals("etcd://admin:***@h:1?timeout=2s", Datastores.redact("etcd://admin:s3c@r?t@h:1?timeout=2s"));
        assertEquals("admin:***@h:1", Datastores.redact("admin:s e%cret@h:1"));
        assertEquals("etcd://h:1", Datastores.redact("etcd://h:1"));
        assertEquals("etcd://admin@h:1", Datastores.redact("etcd://admin@h:1"));
        assertEquals("file:/home/me@work/store", Datastores.redact("file:/home/me@work/store"));
    }

    @Test
    void messagesAboutBadUrisNeverQuoteThePassword() {
        for (String bad : new String[] {"etdc://u:pa55word@h:1", "nope:u:pa55word@h", "etcd://u:pa55%word@h:1", "etcd://u:pa55 word@h:1"}) {
            DatastoreException e = assertThrows(DatastoreException.class, () -> Datastores.open(bad));
            assertFalse(e.getMessage().contains("pa55"), e.getMessage());
            assertEquals(null, e.getCause(), "no cause quoting the input");
        }
    }
}
