package org.calico4j.client.spi;

/**
 * A running watch; closing it stops delivery (an event being delivered completes first).
 *
 * <pre>{@code
 * try (DatastoreWatch w = datastore.watch(Kind.IP_POOL, rev, listener)) { ... }
 * }</pre>
 */
public interface DatastoreWatch extends AutoCloseable {
    @Override
    void close();
}
