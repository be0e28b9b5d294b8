package org.calico4j.dataplane.memory;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.calico4j.dataplane.Dataplane;
import org.calico4j.dataplane.DataplaneCapabilities;
import org.calico4j.dataplane.DataplaneDelta;
import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.DataplaneStatus;
import org.calico4j.dataplane.Encap;
import org.calico4j.dataplane.HostInfo;
import org.calico4j.dataplane.LearnedRoutes;
import org.calico4j.dataplane.LocalWorkload;
import org.calico4j.dataplane.NatSettings;
import org.calico4j.dataplane.NodeTables;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.PacketEvaluator;
import org.calico4j.dataplane.PoolInfo;
import org.calico4j.dataplane.RouteInfo;
import org.calico4j.dataplane.Verdict;
import org.calico4j.dataplane.internal.CidrTrie;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * A node's dataplane held in memory: a longest-prefix-match route table, {@code hash:net} IP sets,
 * the local workloads, and Felix's NAT-outgoing and encapsulation decisions, applied to packets by
 * {@link #evaluate}. The reference implementation of the {@link Dataplane} SPI.
 *
 * <pre>{@code
 * MemoryDataplane dp = new MemoryDataplane("n1");
 * dp.resync(state);
 * dp.evaluate(Packet.tcp("10.244.1.5", "93.184.216.34", 443)).sourceSeen();
 * }</pre>
 *
 * <p>Thread-safe: writes are serialised, evaluations run concurrently with each other.
 */
public final class MemoryDataplane implements Dataplane {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private DataplaneState state;
    /** Routes someone installs, for lookups; {@code state.routes()} also has those nobody programs. */
    private final CidrTrie<RouteInfo> installed = new CidrTrie<>();
    private final Map<String, CidrTrie<Boolean>> ipSets = new HashMap<>();
    private final Map<IpAddress, LocalWorkload> workloadsByIp = new HashMap<>();
    private final Set<IpAddress> localAddresses = new HashSet<>();
    private final CidrTrie<Boolean> blocked = new CidrTrie<>();
    private final NodeTables tables = new Tables();
    private volatile LearnedRoutes learned = LearnedRoutes.ASSUME_DELIVERED;
    private long deltas;
    private long resyncs;
    private boolean closed;

    /**
     * An empty dataplane for one node; a {@link org.calico4j.dataplane.NodeAgent} fills it.
     *
     * @param nodeName the Node it stands for
     */
    public MemoryDataplane(String nodeName) {
        this.state = DataplaneState.empty(HostInfo.of(nodeName, null));
    }

    @Override
    public void apply(DataplaneDelta delta) {
        lock.writeLock().lock();
        try {
            checkOpen();
            DataplaneState before = state;
            state = state.apply(delta);
            index(before, delta);
            deltas++;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void resync(DataplaneState target) {
        lock.writeLock().lock();
        try {
            checkOpen();
            DataplaneDelta d = DataplaneState.diff(state, target);
            DataplaneState before = state;
            state = target;
            index(before, d);
            resyncs++;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Brings the lookup structures in line with {@code delta} (already applied to {@link #state}). */
    private void index(DataplaneState before, DataplaneDelta delta) {
        for (Cidr c : delta.routesRemoved()) {
            installed.remove(c);
        }
        for (RouteInfo r : delta.routesSet().values()) {
            if (r.owner().installed()) {
                installed.put(r.cidr(), r);
            } else {
                installed.remove(r.cidr());
            }
        }
        delta.ipSetRemovals().forEach((set, members) -> {
            CidrTrie<Boolean> t = ipSets.get(set);
            if (t != null) {
                members.forEach(t::remove);
            }
        });
        delta.ipSetAdds().forEach((set, members) -> {
            CidrTrie<Boolean> t = ipSets.computeIfAbsent(set, k -> new CidrTrie<>());
            members.forEach(m -> t.put(m, Boolean.TRUE));
        });
        for (String key : delta.workloadsRemoved()) {
            LocalWorkload w = before.workloads().get(key);
            if (w != null) {
                w.ipNetworks().forEach(c -> workloadsByIp.remove(c.address()));
            }
        }
        for (LocalWorkload w : delta.workloadsSet().values()) {
            LocalWorkload old = before.workloads().get(w.key());
            if (old != null) {
                old.ipNetworks().forEach(c -> workloadsByIp.remove(c.address()));
            }
            w.ipNetworks().forEach(c -> workloadsByIp.put(c.address(), w));
        }
        if (delta.host().isPresent()) {
            localAddresses.clear();
            HostInfo h = state.host();
            h.address(4).ifPresent(localAddresses::add);
            h.address(6).ifPresent(localAddresses::add);
            for (Encap e : new Encap[] {Encap.IPIP, Encap.VXLAN}) {
                h.tunnelAddress(e, 4).ifPresent(localAddresses::add);
                h.tunnelAddress(e, 6).ifPresent(localAddresses::add);
            }
        }
        if (delta.blockedCidrs().isPresent()) {
            blocked.clear();
            state.blockedCidrs().forEach(c -> blocked.put(c, Boolean.TRUE));
        }
    }

    @Override
    public DataplaneState state() {
        lock.readLock().lock();
        try {
            return state;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Keeps the routes BIRD programs (IPIP and unencapsulated remote blocks) only where {@code source} says
     * this node learned them over BGP; by default ({@link LearnedRoutes#ASSUME_DELIVERED}) all are kept and
     * a verdict using one says that it assumes BGP delivered it.
     */
    @Override
    public void learnedRoutes(LearnedRoutes source) {
        this.learned = java.util.Objects.requireNonNull(source, "source");
    }

    @Override
    public Verdict evaluate(Packet packet) {
        lock.readLock().lock();
        try {
            checkOpen();
            return PacketEvaluator.evaluate(tables, packet, state.host().name(), learned);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The tables as the kernel would hold them: without the routes BIRD programs for prefixes BGP did not deliver. */
    private NodeTables view(LearnedRoutes source) {
        return source.kernelTables(tables, state.host().name());
    }

    /** The tables {@link #evaluate} reads, answered from this dataplane (callers hold no lock: use within one evaluation). */
    private final class Tables implements NodeTables {
        @Override
        public HostInfo host() {
            return state.host();
        }

        @Override
        public NatSettings nat() {
            return state.nat();
        }

        @Override
        public Collection<PoolInfo> pools() {
            return state.pools().values();
        }

        @Override
        public @Nullable RouteInfo route(IpAddress dst) {
            return installed.longestMatch(dst);
        }

        @Override
        public @Nullable RouteInfo installedRoute(Cidr prefix) {
            RouteInfo r = state.routes().get(prefix);
            return r != null && r.owner().installed() ? r : null;
        }

        @Override
        public boolean inSet(String set, IpAddress ip) {
            CidrTrie<Boolean> t = ipSets.get(set);
            return t != null && t.contains(ip);
        }

        @Override
        public @Nullable LocalWorkload workload(IpAddress ip) {
            return workloadsByIp.get(ip);
        }

        @Override
        public boolean isLocal(IpAddress ip) {
            return localAddresses.contains(ip);
        }

        @Override
        public boolean blocked(IpAddress ip) {
            return blocked.contains(ip);
        }
    }

    /**
     * Runs {@code f} on this dataplane's tables (as {@link #evaluate} reads them: with the {@link LearnedRoutes}
     * given), with no change applied meanwhile: to evaluate packets
     * through a view of them (e.g. {@code PacketEvaluator.evaluate(view, packet)}).
     *
     * @param <T> what {@code f} returns
     * @param f   reads the tables
     * @return what {@code f} returned
     */
    public <T> T read(java.util.function.Function<NodeTables, T> f) {
        lock.readLock().lock();
        try {
            checkOpen();
            return f.apply(view(learned));
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The bare longest-prefix lookup {@link #evaluate} starts from (the floor it is measured against).
     *
     * @param dst a destination
     * @return the route, or null for the default route
     */
    public @Nullable RouteInfo lookup(IpAddress dst) {
        lock.readLock().lock();
        try {
            return installed.longestMatch(dst);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public DataplaneStatus status() {
        lock.readLock().lock();
        try {
            return new DataplaneStatus(deltas, resyncs, !closed, "memory:" + state.host().name() + " (" + state.routes().size()
                    + " routes, " + state.workloads().size() + " workloads)");
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public DataplaneCapabilities capabilities() {
        return new DataplaneCapabilities(true, Set.of(Encap.NONE, Encap.IPIP, Encap.VXLAN));
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closed = true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("dataplane of " + state.host().name() + " is closed");
        }
    }

    @Override
    public String toString() {
        return "MemoryDataplane[" + state.host().name() + "]";
    }
}
