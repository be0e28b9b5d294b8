package org.calico4j.client;

/**
 * A running watch; close it to stop.
 *
 * <pre>{@code
 * try (Watch w = client.ipPools().watch(rev, watcher)) { ... }
 * }</pre>
 */
public interface Watch extends AutoCloseable {
    @Override
    void close();
}
