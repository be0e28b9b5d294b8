package org.calico4j.client.etcd;

import java.net.URI;

import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.DatastoreProvider;

/**
 * Serves {@code etcd://host:port[,host:port]} (and {@code etcds://} for TLS) URIs.
 *
 * <pre>{@code
 * CalicoClient client = CalicoClient.connect("etcd://127.0.0.1:2379?timeout=5s");
 * }</pre>
 */
public final class EtcdDatastoreProvider implements DatastoreProvider {
    /** Called by {@link java.util.ServiceLoader}; {@link EtcdDatastore#open(EtcdOptions)} is the direct way. */
    public EtcdDatastoreProvider() {
    }

    @Override
    public String scheme() {
        return "etcd";
    }

    @Override
    public Datastore open(URI uri) {
        return EtcdDatastore.open(EtcdOptions.fromUri(uri));
    }

    /** The TLS flavour, {@code etcds://}. */
    public static final class Tls implements DatastoreProvider {
        /** Called by {@link java.util.ServiceLoader}. */
        public Tls() {
        }

        @Override
        public String scheme() {
            return "etcds";
        }

        @Override
        public Datastore open(URI uri) {
            return EtcdDatastore.open(EtcdOptions.fromUri(uri));
        }
    }
}
