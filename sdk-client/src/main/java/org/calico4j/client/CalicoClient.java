package org.calico4j.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.calico4j.client.internal.DefaultResourceClient;
import org.calico4j.client.cni.Cni;
import org.calico4j.client.cni.NodeTunnels;
import org.calico4j.client.ipam.Ipam;
import org.calico4j.client.ipam.internal.DefaultIpam;
import org.calico4j.client.memory.MemoryDatastore;
import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.Datastores;
import org.calico4j.model.BgpConfiguration;
import org.calico4j.model.BgpFilter;
import org.calico4j.model.BgpPeer;
import org.calico4j.model.CalicoException;
import org.calico4j.model.FelixConfiguration;
import org.calico4j.model.HostEndpoint;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpReservation;
import org.calico4j.model.Kind;
import org.calico4j.model.Node;
import org.calico4j.model.Resource;
import org.calico4j.model.WorkloadEndpoint;
import org.calico4j.model.manifest.Manifest;
import org.jspecify.annotations.Nullable;

/**
 * The entry point: Calico resources over a {@link Datastore}, with calicoctl's semantics.
 *
 * <pre>{@code
 * try (CalicoClient client = CalicoClient.connect(URI.create("file:/var/lib/calico4j"))) {
 *     client.ipPools().create(pool);
 * }
 * }</pre>
 *
 * <p>Thread-safe. A datastore the client opened itself (from a URI, or {@link #inMemory()}) is
 * closed with the client; one passed to {@link Builder#datastore(Datastore)} belongs to the caller
 * and stays open.
 */
public final class CalicoClient implements AutoCloseable {
    private final Datastore datastore;
    private final boolean ownsDatastore;
    private final ResourceClient<IpPool> ipPools;
    private final ResourceClient<BgpPeer> bgpPeers;
    private final ResourceClient<BgpConfiguration> bgpConfigurations;
    private final ResourceClient<BgpFilter> bgpFilters;
    private final ResourceClient<FelixConfiguration> felixConfigurations;
    private final ResourceClient<Node> nodes;
    private final ResourceClient<IpReservation> ipReservations;
    private final ResourceClient<WorkloadEndpoint> workloadEndpoints;
    private final ResourceClient<HostEndpoint> hostEndpoints;
    private final Ipam ipam;

    private CalicoClient(Datastore datastore, boolean ownsDatastore) {
        this.datastore = datastore;
        this.ownsDatastore = ownsDatastore;
        this.ipPools = new DefaultResourceClient<>(datastore, Kind.IP_POOL, IpPool.class, false);
        this.bgpPeers = new DefaultResourceClient<>(datastore, Kind.BGP_PEER, BgpPeer.class, false);
        this.bgpConfigurations = new DefaultResourceClient<>(datastore, Kind.BGP_CONFIGURATION, BgpConfiguration.class, false);
        this.bgpFilters = new DefaultResourceClient<>(datastore, Kind.BGP_FILTER, BgpFilter.class, false);
        this.felixConfigurations = new DefaultResourceClient<>(datastore, Kind.FELIX_CONFIGURATION, FelixConfiguration.class, false);
        this.nodes = new DefaultResourceClient<>(datastore, Kind.NODE, Node.class, false);
        this.ipReservations = new DefaultResourceClient<>(datastore, Kind.IP_RESERVATION, IpReservation.class, false);
        this.workloadEndpoints = new DefaultResourceClient<>(datastore, Kind.WORKLOAD_ENDPOINT, WorkloadEndpoint.class, false);
        this.hostEndpoints = new DefaultResourceClient<>(datastore, Kind.HOST_ENDPOINT, HostEndpoint.class, false);
        this.ipam = new DefaultIpam(datastore);
    }

    /**
     * A client over a new, private in-memory datastore, gone when the client is closed.
     *
     * @return the client; the caller closes it
     */
    public static CalicoClient inMemory() {
        return new CalicoClient(MemoryDatastore.create(), true);
    }

    /**
     * A client over the datastore a URI names ({@code memory:}, {@code file:/path}, {@code etcd://...}),
     * found by scheme among the {@link org.calico4j.client.spi.DatastoreProvider}s.
     *
     * @param uri the datastore URI
     * @return the client; closing it closes the datastore
     * @throws DatastoreException when no provider serves the scheme, or the datastore cannot be opened
     */
    public static CalicoClient connect(URI uri) {
        return new CalicoClient(Datastores.open(uri), true);
    }

    /**
     * As {@link #connect(URI)}, from text; {@code memory:} and {@code file:relative/dir} are accepted.
     *
     * @param uri the datastore URI
     * @return the client; closing it closes the datastore
     * @throws DatastoreException when no provider serves the scheme, or the datastore cannot be opened
     */
    public static CalicoClient connect(String uri) {
        return new CalicoClient(Datastores.open(uri), true);
    }

    /**
     * A client over a datastore the caller passes (and keeps) or a URI.
     *
     * <pre>{@code
     * try (CalicoClient client = CalicoClient.builder().datastore(myDatastore).build()) { ... }
     * }</pre>
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates, reads, updates, deletes and watches IPPools.
     *
     * @return the IPPool client, shared by every call
     */
    public ResourceClient<IpPool> ipPools() {
        return ipPools;
    }

    /**
     * Creates, reads, updates, deletes and watches BGPPeers.
     *
     * @return the BGPPeer client, shared by every call
     */
    public ResourceClient<BgpPeer> bgpPeers() {
        return bgpPeers;
    }

    /**
     * Creates, reads, updates, deletes and watches BGPConfigurations (cluster-wide {@code default} and per-node {@code node.<name>}).
     *
     * @return the BGPConfiguration client, shared by every call
     */
    public ResourceClient<BgpConfiguration> bgpConfigurations() {
        return bgpConfigurations;
    }

    /**
     * Creates, reads, updates, deletes and watches BGPFilters.
     *
     * @return the BGPFilter client, shared by every call
     */
    public ResourceClient<BgpFilter> bgpFilters() {
        return bgpFilters;
    }

    /**
     * Creates, reads, updates, deletes and watches FelixConfigurations (cluster-wide {@code default} and per-node {@code node.<name>}).
     *
     * @return the FelixConfiguration client, shared by every call
     */
    public ResourceClient<FelixConfiguration> felixConfigurations() {
        return felixConfigurations;
    }

    /**
     * Creates, reads, updates, deletes and watches Nodes.
     *
     * @return the Node client, shared by every call
     */
    public ResourceClient<Node> nodes() {
        return nodes;
    }

    /**
     * Creates, reads, updates, deletes and watches IPReservations.
     *
     * @return the IPReservation client, shared by every call
     */
    public ResourceClient<IpReservation> ipReservations() {
        return ipReservations;
    }

    /**
     * WorkloadEndpoints of every namespace; {@code workloadEndpoints().inNamespace("ns")} for one.
     *
     * @return the WorkloadEndpoint client
     */
    public ResourceClient<WorkloadEndpoint> workloadEndpoints() {
        return workloadEndpoints;
    }

    /**
     * Creates, reads, updates, deletes and watches HostEndpoints.
     *
     * @return the HostEndpoint client, shared by every call
     */
    public ResourceClient<HostEndpoint> hostEndpoints() {
        return hostEndpoints;
    }

    /**
     * The CNI step: a pod's addresses and WorkloadEndpoint in one call, and its undoing.
     *
     * @return the CNI step over this client
     */
    public Cni cni() {
        return new Cni(this);
    }

    /**
     * The calico-node step that gives nodes the IPIP/VXLAN tunnel addresses their pools call for.
     *
     * @return the tunnel-address step over this client
     */
    public NodeTunnels nodeTunnels() {
        return new NodeTunnels(this);
    }

    /**
     * Calico's IPAM over this client's datastore: assign and release workload addresses, inspect blocks.
     *
     * @return the IPAM, shared by every call
     */
    public Ipam ipam() {
        return ipam;
    }

    /**
     * The client of any kind, for code that handles kinds generically (not the IPAM kinds: see {@link #ipam()}).
     *
     * @param kind a resource kind
     * @return its client, typed as {@link Resource}
     * @throws IllegalArgumentException for the IPAM kinds
     */
    @SuppressWarnings("unchecked")
    public ResourceClient<Resource> resources(Kind kind) {
        switch (kind) {
            case IP_POOL: return (ResourceClient<Resource>) (ResourceClient<?>) ipPools;
            case BGP_PEER: return (ResourceClient<Resource>) (ResourceClient<?>) bgpPeers;
            case BGP_CONFIGURATION: return (ResourceClient<Resource>) (ResourceClient<?>) bgpConfigurations;
            case BGP_FILTER: return (ResourceClient<Resource>) (ResourceClient<?>) bgpFilters;
            case FELIX_CONFIGURATION: return (ResourceClient<Resource>) (ResourceClient<?>) felixConfigurations;
            case NODE: return (ResourceClient<Resource>) (ResourceClient<?>) nodes;
            case IP_RESERVATION: return (ResourceClient<Resource>) (ResourceClient<?>) ipReservations;
            case WORKLOAD_ENDPOINT: return (ResourceClient<Resource>) (ResourceClient<?>) workloadEndpoints;
            case HOST_ENDPOINT: return (ResourceClient<Resource>) (ResourceClient<?>) hostEndpoints;
            default: throw new IllegalArgumentException(kind.isInternal() ? kind + " is an IPAM record: use client.ipam()"
                    : "no client for " + kind);
        }
    }

    /**
     * Applies a manifest as {@code calicoctl apply} does: resource by resource, in order,
     * stopping at the first failure; the result says what was applied and what failed.
     *
     * <pre>{@code
     * ApplyResult r = client.apply(Manifest.read(Path.of("pools.yaml")));
     * if (!r.succeeded()) throw r.failureCause().orElseThrow();
     * }</pre>
     *
     * @param manifest the resources to create or update
     * @return what was applied, and the first failure if any (never thrown)
     */
    public ApplyResult apply(Manifest manifest) {
        List<Resource> applied = new ArrayList<>();
        for (Resource r : manifest.resources()) {
            try {
                applied.add(resources(r.kind()).apply(r));
            } catch (CalicoException e) {
                return new ApplyResult(applied, r, e);
            }
        }
        return new ApplyResult(applied, null, null);
    }

    /**
     * The datastore under this client (for direct SPI use; do not close it through this).
     *
     * @return the datastore
     */
    public Datastore datastore() {
        return datastore;
    }

    @Override
    public void close() {
        if (ownsDatastore) {
            datastore.close();
        }
    }

    @Override
    public String toString() {
        return "CalicoClient[" + datastore.describe() + "]";
    }

    /** Builds a {@link CalicoClient}. */
    public static final class Builder {
        private @Nullable Datastore datastore;
        private @Nullable URI uri;

        private Builder() {
        }

        /**
         * Use this datastore; the caller keeps ownership and closes it. Wins over {@link #uri}.
         *
         * @param datastore the datastore
         * @return this builder
         */
        public Builder datastore(Datastore datastore) {
            this.datastore = Objects.requireNonNull(datastore, "datastore");
            return this;
        }

        /**
         * Open the datastore this URI names; the client closes it.
         *
         * @param uri the datastore URI
         * @return this builder
         */
        public Builder uri(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
            return this;
        }

        /**
         * The client.
         *
         * @return a client over the datastore given, else over the one the URI names, else over a new in-memory one
         */
        public CalicoClient build() {
            if (datastore != null) {
                return new CalicoClient(datastore, false);
            }
            if (uri != null) {
                return new CalicoClient(Datastores.open(uri), true);
            }
            return new CalicoClient(MemoryDatastore.create(), true);
        }
    }
}
