/**
 * The etcd v3 datastore ({@code etcd://host:port}, {@code etcds://} for TLS) in Calico's key
 * layout and JSON, on jetcd.
 *
 * <pre>{@code
 * module my.app { requires org.calico4j.client; requires org.calico4j.client.etcd; }
 * try (CalicoClient client = CalicoClient.connect("etcd://127.0.0.1:2379")) { ... }
 * }</pre>
 *
 * <p>Found by {@link java.util.ServiceLoader} through the client's {@code DatastoreProvider}; an
 * application needs no code from this module, only to have it resolved (a {@code requires}, or
 * {@code --add-modules org.calico4j.client.etcd}). No jetcd, gRPC or Netty type appears in the
 * API. jetcd-core and jetcd-common have no module name of their own: they are automatic modules
 * named from their file names ({@code jetcd.core}, {@code jetcd.common}), which is why this descriptor suppresses the
 * {@code requires-automatic} lint. Their dependencies (gRPC, Netty 4.2, Vert.x, Guava, protobuf)
 * have no split packages, so the whole stack runs on the module path; it runs on the class path
 * as well, next to a modular application (the provider is then found through
 * {@code META-INF/services}).
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module org.calico4j.client.etcd {
    requires transitive org.calico4j.client;
    requires org.slf4j;
    requires jetcd.core;
    requires jetcd.common;   // its exception types (CompactedException)
    requires io.grpc;
    requires io.grpc.netty;   // NettyChannelBuilder, GrpcSslContexts for TLS
    requires io.netty.common;
    requires io.netty.handler;
    // Not used here, but needed at run time by jetcd, gRPC and Vert.x, which are automatic modules:
    // an automatic module reads every module that is resolved, yet resolves no explicit module
    // itself, so without these an application on the module path fails with ClassNotFoundException
    // (Guava first). ModularConsumerTest runs the etcd datastore on the module path.
    requires com.google.common;
    requires dev.failsafe.core;
    requires io.vertx.core;
    requires io.netty.codec.http2;
    requires io.netty.handler.proxy;

    exports org.calico4j.client.etcd;

    provides org.calico4j.client.spi.DatastoreProvider with
            org.calico4j.client.etcd.EtcdDatastoreProvider,
            org.calico4j.client.etcd.EtcdDatastoreProvider.Tls;
}
