package org.calico4j.dataplane;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.calico4j.model.net.Cidr;
import org.jspecify.annotations.Nullable;

/**
 * A change to one node's {@link DataplaneState}: entries set or removed per section, IP set members
 * added or removed, settings replaced. Built by the calculation, applied by a {@link Dataplane}.
 *
 * <pre>{@code
 * DataplaneDelta d = DataplaneDelta.builder().setPool(pool).addToIpSet(IpSets.MASQ_V4, pool.cidr()).build();
 * }</pre>
 */
public final class DataplaneDelta {
    private static final DataplaneDelta EMPTY = builder().build();

    private final @Nullable HostInfo host;
    private final @Nullable NatSettings nat;
    private final @Nullable RoutingSettings routing;
    private final @Nullable Set<Cidr> blockedCidrs;
    private final Map<Cidr, PoolInfo> poolsSet;
    private final Set<Cidr> poolsRemoved;
    private final Map<String, LocalWorkload> workloadsSet;
    private final Set<String> workloadsRemoved;
    private final Map<Cidr, RouteInfo> routesSet;
    private final Set<Cidr> routesRemoved;
    private final Map<String, Set<Cidr>> ipSetAdds;
    private final Map<String, Set<Cidr>> ipSetRemovals;
    private final Map<String, HostInfo> otherNodesSet;
    private final Set<String> otherNodesRemoved;

    private DataplaneDelta(Builder b) {
        host = b.host;
        nat = b.nat;
        routing = b.routing;
        blockedCidrs = b.blockedCidrs == null ? null : Collections.unmodifiableSet(new LinkedHashSet<>(b.blockedCidrs));
        poolsSet = Collections.unmodifiableMap(new LinkedHashMap<>(b.poolsSet));
        poolsRemoved = Collections.unmodifiableSet(new LinkedHashSet<>(b.poolsRemoved));
        workloadsSet = Collections.unmodifiableMap(new LinkedHashMap<>(b.workloadsSet));
        workloadsRemoved = Collections.unmodifiableSet(new LinkedHashSet<>(b.workloadsRemoved));
        routesSet = Collections.unmodifiableMap(new LinkedHashMap<>(b.routesSet));
        routesRemoved = Collections.unmodifiableSet(new LinkedHashSet<>(b.routesRemoved));
        ipSetAdds = frozen(b.ipSetAdds);
        ipSetRemovals = frozen(b.ipSetRemovals);
        otherNodesSet = Collections.unmodifiableMap(new LinkedHashMap<>(b.otherNodesSet));
        otherNodesRemoved = Collections.unmodifiableSet(new LinkedHashSet<>(b.otherNodesRemoved));
    }

    private static Map<String, Set<Cidr>> frozen(Map<String, Set<Cidr>> m) {
        Map<String, Set<Cidr>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, Collections.unmodifiableSet(new LinkedHashSet<>(v))));
        return Collections.unmodifiableMap(out);
    }

    /**
     * An empty builder for a {@link DataplaneDelta}.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The delta that changes nothing.
     *
     * @return the empty delta
     */
    public static DataplaneDelta empty() {
        return EMPTY;
    }

    /**
     * The node's new facts, when they changed.
     *
     * @return the host, or empty when unchanged
     */
    public Optional<HostInfo> host() {
        return Optional.ofNullable(host);
    }

    /**
     * The new NAT settings, when they changed.
     *
     * @return the settings, or empty when unchanged
     */
    public Optional<NatSettings> nat() {
        return Optional.ofNullable(nat);
    }

    /**
     * The new routing settings, when they changed.
     *
     * @return the settings, or empty when unchanged
     */
    public Optional<RoutingSettings> routing() {
        return Optional.ofNullable(routing);
    }

    /**
     * The complete new set of blocked (service-loop) CIDRs, when it changed.
     *
     * @return the CIDRs, or empty when unchanged
     */
    public Optional<Set<Cidr>> blockedCidrs() {
        return Optional.ofNullable(blockedCidrs);
    }

    /**
     * Pools added or changed.
     *
     * @return the pools by CIDR
     */
    public Map<Cidr, PoolInfo> poolsSet() {
        return poolsSet;
    }

    /**
     * Pools removed.
     *
     * @return their CIDRs
     */
    public Set<Cidr> poolsRemoved() {
        return poolsRemoved;
    }

    /**
     * Local workloads added or changed.
     *
     * @return the workloads by endpoint name
     */
    public Map<String, LocalWorkload> workloadsSet() {
        return workloadsSet;
    }

    /**
     * Local workloads removed.
     *
     * @return their endpoint names
     */
    public Set<String> workloadsRemoved() {
        return workloadsRemoved;
    }

    /**
     * Routes added or changed.
     *
     * @return the routes by prefix
     */
    public Map<Cidr, RouteInfo> routesSet() {
        return routesSet;
    }

    /**
     * Routes removed.
     *
     * @return their prefixes
     */
    public Set<Cidr> routesRemoved() {
        return routesRemoved;
    }

    /**
     * Members added to IP sets.
     *
     * @return the members by set name
     */
    public Map<String, Set<Cidr>> ipSetAdds() {
        return ipSetAdds;
    }

    /**
     * Members removed from IP sets.
     *
     * @return the members by set name
     */
    public Map<String, Set<Cidr>> ipSetRemovals() {
        return ipSetRemovals;
    }

    /** {@return other nodes added or changed, by name (see {@link DataplaneState#otherNodes()})} */
    public Map<String, HostInfo> otherNodesSet() {
        return otherNodesSet;
    }

    /** {@return the names of other nodes gone} */
    public Set<String> otherNodesRemoved() {
        return otherNodesRemoved;
    }

    /**
     * {@return how many entries the delta touches (a measure of the work it causes)}
     */
    public int size() {
        int n = (host == null ? 0 : 1) + (nat == null ? 0 : 1) + (routing == null ? 0 : 1) + (blockedCidrs == null ? 0 : 1);
        n += poolsSet.size() + poolsRemoved.size() + workloadsSet.size() + workloadsRemoved.size() + routesSet.size() + routesRemoved.size();
        n += otherNodesSet.size() + otherNodesRemoved.size();
        for (Set<Cidr> s : ipSetAdds.values()) {
            n += s.size();
        }
        for (Set<Cidr> s : ipSetRemovals.values()) {
            n += s.size();
        }
        return n;
    }

    /**
     * Whether the delta changes nothing.
     *
     * @return true when empty
     */
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public String toString() {
        return "DataplaneDelta{pools+" + poolsSet.keySet() + " -" + poolsRemoved + ", routes+" + routesSet.keySet() + " -" + routesRemoved
                + ", workloads+" + workloadsSet.keySet() + " -" + workloadsRemoved + ", ipsets+" + ipSetAdds + " -" + ipSetRemovals
                + (host != null ? ", host" : "") + (nat != null ? ", nat" : "") + (routing != null ? ", routing" : "")
                + (blockedCidrs != null ? ", blocked" : "")
                + (otherNodesSet.isEmpty() && otherNodesRemoved.isEmpty() ? "" : ", nodes+" + otherNodesSet.keySet() + " -" + otherNodesRemoved)
                + "}";
    }

    /** Collects changes; a later change to the same entry replaces an earlier one. */
    public static final class Builder {
        /** An empty delta, as {@link DataplaneDelta#builder()} gives. */
        public Builder() {
        }

        private @Nullable HostInfo host;
        private @Nullable NatSettings nat;
        private @Nullable RoutingSettings routing;
        private @Nullable Set<Cidr> blockedCidrs;
        private final Map<Cidr, PoolInfo> poolsSet = new LinkedHashMap<>();
        private final Set<Cidr> poolsRemoved = new LinkedHashSet<>();
        private final Map<String, LocalWorkload> workloadsSet = new LinkedHashMap<>();
        private final Set<String> workloadsRemoved = new LinkedHashSet<>();
        private final Map<Cidr, RouteInfo> routesSet = new LinkedHashMap<>();
        private final Set<Cidr> routesRemoved = new LinkedHashSet<>();
        private final Map<String, Set<Cidr>> ipSetAdds = new LinkedHashMap<>();
        private final Map<String, Set<Cidr>> ipSetRemovals = new LinkedHashMap<>();
        private final Map<String, HostInfo> otherNodesSet = new LinkedHashMap<>();
        private final Set<String> otherNodesRemoved = new LinkedHashSet<>();

        /**
         * The node's new facts.
         *
         * @param h the host
         * @return this builder
         */
        public Builder host(HostInfo h) {
            host = h;
            return this;
        }

        /**
         * The new NAT settings.
         *
         * @param n the settings
         * @return this builder
         */
        public Builder nat(NatSettings n) {
            nat = n;
            return this;
        }

        /**
         * The new routing settings.
         *
         * @param r the settings
         * @return this builder
         */
        public Builder routing(RoutingSettings r) {
            routing = r;
            return this;
        }

        /**
         * The complete new set of blocked (service-loop) CIDRs.
         *
         * @param cidrs the CIDRs
         * @return this builder
         */
        public Builder blockedCidrs(Set<Cidr> cidrs) {
            blockedCidrs = cidrs;
            return this;
        }

        /**
         * Adds or changes a pool.
         *
         * @param p the pool
         * @return this builder
         */
        public Builder setPool(PoolInfo p) {
            poolsRemoved.remove(p.cidr());
            poolsSet.put(p.cidr(), p);
            return this;
        }

        /**
         * Removes a pool.
         *
         * @param c its CIDR
         * @return this builder
         */
        public Builder removePool(Cidr c) {
            poolsSet.remove(c);
            poolsRemoved.add(c);
            return this;
        }

        /**
         * Adds or changes a local workload.
         *
         * @param w the workload
         * @return this builder
         */
        public Builder setWorkload(LocalWorkload w) {
            workloadsRemoved.remove(w.key());
            workloadsSet.put(w.key(), w);
            return this;
        }

        /**
         * Removes a local workload.
         *
         * @param key its endpoint name
         * @return this builder
         */
        public Builder removeWorkload(String key) {
            workloadsSet.remove(key);
            workloadsRemoved.add(key);
            return this;
        }

        /**
         * Adds or changes a route.
         *
         * @param r the route
         * @return this builder
         */
        public Builder setRoute(RouteInfo r) {
            routesRemoved.remove(r.cidr());
            routesSet.put(r.cidr(), r);
            return this;
        }

        /**
         * Removes a route.
         *
         * @param c its prefix
         * @return this builder
         */
        public Builder removeRoute(Cidr c) {
            routesSet.remove(c);
            routesRemoved.add(c);
            return this;
        }

        /**
         * Adds a member to an IP set (cancelling an earlier removal of it).
         *
         * @param set    the set's name
         * @param member the member
         * @return this builder
         */
        public Builder addToIpSet(String set, Cidr member) {
            Set<Cidr> removals = ipSetRemovals.get(set);
            if (removals != null) {
                removals.remove(member);
            }
            ipSetAdds.computeIfAbsent(set, k -> new LinkedHashSet<>()).add(member);
            return this;
        }

        /**
         * Removes a member from an IP set (cancelling an earlier addition of it).
         *
         * @param set    the set's name
         * @param member the member
         * @return this builder
         */
        public Builder removeFromIpSet(String set, Cidr member) {
            Set<Cidr> adds = ipSetAdds.get(set);
            if (adds != null) {
                adds.remove(member);
            }
            ipSetRemovals.computeIfAbsent(set, k -> new LinkedHashSet<>()).add(member);
            return this;
        }

        /**
         * Another node, added or changed.
         *
         * @param h the node, replacing any earlier one of its name (and undoing its removal)
         * @return this builder
         */
        public Builder setOtherNode(HostInfo h) {
            otherNodesRemoved.remove(h.name());
            otherNodesSet.put(h.name(), h);
            return this;
        }

        /**
         * Another node, gone (undoing any earlier set of it).
         *
         * @param name the node's name
         * @return this builder
         */
        public Builder removeOtherNode(String name) {
            otherNodesSet.remove(name);
            otherNodesRemoved.add(name);
            return this;
        }

        /**
         * Whether nothing was collected yet.
         *
         * @return true when empty
         */
        public boolean isEmpty() {
            return otherNodesSet.isEmpty() && otherNodesRemoved.isEmpty() && host == null && nat == null && routing == null && blockedCidrs == null && poolsSet.isEmpty()
                    && poolsRemoved.isEmpty() && workloadsSet.isEmpty() && workloadsRemoved.isEmpty() && routesSet.isEmpty()
                    && routesRemoved.isEmpty() && ipSetAdds.values().stream().allMatch(Set::isEmpty)
                    && ipSetRemovals.values().stream().allMatch(Set::isEmpty);
        }

        /**
         * The delta collected.
         *
         * @return the delta
         */
        public DataplaneDelta build() {
            return new DataplaneDelta(this);
        }
    }
}
