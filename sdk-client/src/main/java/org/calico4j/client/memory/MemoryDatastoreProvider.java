package org.calico4j.client.memory;

import java.net.URI;

import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.DatastoreProvider;

/**
 * Serves {@code memory:} URIs: each open gives a new, empty {@link MemoryDatastore}.
 *
 * <pre>{@code
 * Datastore ds = Datastores.open(URI.create("memory:"));
 * }</pre>
 */
public final class MemoryDatastoreProvider implements DatastoreProvider {
    /** Called by {@link java.util.ServiceLoader}; {@link MemoryDatastore#create()} is the direct way. */
    public MemoryDatastoreProvider() {
    }

    @Override
    public String scheme() {
        return "memory";
    }

    @Override
    public Datastore open(URI uri) {
        return MemoryDatastore.create();
    }
}
