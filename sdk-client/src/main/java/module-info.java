/**
 * The calico4j client: {@code CalicoClient}, the {@code Datastore} SPI, the in-memory and file
 * datastores and Calico's IPAM.
 *
 * <pre>{@code
 * module my.app { requires org.calico4j.client; }
 * try (CalicoClient client = CalicoClient.connect("file:/var/lib/calico4j")) { ... }
 * }</pre>
 *
 * <p>Datastores are found by URI scheme with {@link java.util.ServiceLoader}: this module provides
 * {@code memory:} and {@code file:}, {@code org.calico4j.client.etcd} provides {@code etcd://} and
 * {@code etcds://}. SLF4J is used for logging only and does not appear in the API.
 */
@SuppressWarnings("module")   // the qualified export names a module compiled after this one
module org.calico4j.client {
    requires transitive org.calico4j.model;
    requires org.slf4j;

    exports org.calico4j.client;
    exports org.calico4j.client.cni;
    exports org.calico4j.client.file;
    exports org.calico4j.client.ipam;
    exports org.calico4j.client.memory;
    exports org.calico4j.client.spi;
    // The etcd datastore shares the key layout, JSON codec and watch plumbing; not an API.
    exports org.calico4j.client.internal to org.calico4j.client.etcd;

    uses org.calico4j.client.spi.DatastoreProvider;
    provides org.calico4j.client.spi.DatastoreProvider with
            org.calico4j.client.memory.MemoryDatastoreProvider,
            org.calico4j.client.file.FileDatastoreProvider;
}
