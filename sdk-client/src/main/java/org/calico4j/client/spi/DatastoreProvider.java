package org.calico4j.client.spi;

import java.net.URI;

/**
 * Creates datastores for one URI scheme; found with {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * // META-INF/services/org.calico4j.client.spi.DatastoreProvider
 * public final class MyProvider implements DatastoreProvider { ... }
 * }</pre>
 */
public interface DatastoreProvider {
    /**
     * The URI scheme this provider serves, e.g. {@code memory}, {@code file}, {@code etcd}.
     *
     * @return the scheme, lower case
     */
    String scheme();

    /**
     * Opens a datastore for {@code uri}.
     *
     * @param uri a URI of this provider's scheme
     * @return the open datastore; the caller closes it
     */
    Datastore open(URI uri);
}
