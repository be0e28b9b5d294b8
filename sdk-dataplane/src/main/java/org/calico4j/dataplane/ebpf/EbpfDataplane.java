package org.calico4j.dataplane.ebpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.calico4j.dataplane.Dataplane;
import org.calico4j.dataplane.DataplaneCapabilities;
import org.calico4j.dataplane.DataplaneDelta;
import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.DataplaneStatus;
import org.calico4j.dataplane.Encap;
import org.calico4j.dataplane.HostInfo;
import org.calico4j.dataplane.IpSets;
import org.calico4j.dataplane.LocalWorkload;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.Verdict;
import org.calico4j.dataplane.internal.CidrTrie;
import org.calico4j.dataplane.linux.CommandRunner;
import org.calico4j.dataplane.linux.Exec;
import org.calico4j.dataplane.linux.NodeNetwork;
import org.calico4j.dataplane.memory.MemoryDataplane;
import org.calico4j.model.net.Cidr;
import org.jspecify.annotations.Nullable;

/**
 * A node's dataplane in Calico's eBPF layout: {@code cali_v4_routes} and {@code cali_v4_ip_sets} pinned under
 * a calico4j-owned bpffs ({@code <root>/<node>/}) and programmed with {@code bpftool}; calico4j's tc program
 * attached at the ingress of every local workload's interface, marking traffic that needs NAT-outgoing;
 * one iptables chain {@code cali-nat-outgoing} masquerading marked packets; and, as Felix's route managers do in BPF
 * mode too, the routes and tunnel devices Felix owns (workload routes, local-block blackholes, Felix-owned cluster
 * routes, {@code tunl0}'s address, {@code vxlan.calico}) through {@link NodeNetwork}, unless
 * {@link Builder#routes(boolean) routes(false)}. Routes BIRD owns are BIRD's; {@link #evaluate} reads them from the state.
 *
 * <pre>{@code
 * try (EbpfDataplane dp = EbpfDataplane.builder("n1").netns("c4j-n1").build()) {
 *     dp.resync(state);
 *     dp.routesMap();   // what bpftool map dump shows, decoded
 * }
 * }</pre>
 *
 * <p>Thread-safe: writes and evaluations are serialised (an evaluation after a change first rebuilds its lookup tables). {@link #close} detaches the program and removes the maps, the program
 * pin, the iptables chain, the routes and devices Felix owns, and the node's directory.
 */
public final class EbpfDataplane implements Dataplane {
    private static final Pattern NODE = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");
    private static final String GLOBALS_KEY = "00 00 00 00";

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final String node;
    private final Path dir;
    private final Path programPin;
    private final Bpftool bpftool;
    private final HostCommands host;
    private final Supplier<? extends Collection<HostInfo>> nodes;
    private final BpfMap routes;
    private final BpfMap ipSets;
    private final BpfMap globals;
    private final @Nullable NodeNetwork network;
    private final IpSetIds setIds = new IpSetIds();
    /** Routing, workloads and host addresses for {@link #evaluate}: the reference implementation holds them. */
    private final MemoryDataplane shadow;
    private final Map<String, Integer> ifindexes = new HashMap<>();
    private final Set<String> attached = new TreeSet<>();
    private DataplaneState state;
    private SortedMap<Cidr, RouteEntry> entries = new TreeMap<>();
    /** Key and value bytes of each programmed entry, reused while the entry stays the same. */
    private Map<Cidr, String[]> hex = new HashMap<>();
    /** Lookup structures for {@link #evaluate}, rebuilt on first use after a change (not on the programming path). */
    private @Nullable CidrTrie<RouteEntry> trie;
    private boolean shadowStale = true;
    private @Nullable List<List<String>> natRules;
    private long deltas;
    private long resyncs;
    private boolean closed;
    private @Nullable String failure;

    private EbpfDataplane(Builder b) {
        this.node = b.node;
        this.bpftool = b.bpftool;
        this.host = new HostCommands(b.netns);
        this.network = b.routes ? new NodeNetwork(new Exec(CommandRunner.system(), b.netns)) : null;
        this.nodes = b.nodes;
        this.dir = BpfFs.ensureMounted(b.root).resolve(node);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        this.programPin = dir.resolve(BpfProgram.NAME);
        this.routes = BpfMap.lpmTrie(bpftool, dir.resolve(BpfProgram.ROUTES_MAP), BpfProgram.ROUTES_MAP, RouteEntry.KEY_SIZE,
                RouteEntry.VALUE_SIZE, 262144);
        this.ipSets = BpfMap.lpmTrie(bpftool, dir.resolve(BpfProgram.IP_SETS_MAP), BpfProgram.IP_SETS_MAP, IpSetEntry.KEY_SIZE, 4, 1048576);
        this.globals = new BpfMap(bpftool, dir.resolve(BpfProgram.GLOBALS_MAP), BpfProgram.GLOBALS_MAP, "array", 4, 4, 1, 0);
        routes.open();
        ipSets.open();
        globals.open();
        if (!Files.exists(programPin)) {
            Path obj = BpfProgram.extract();
            try {
                bpftool.loadClassifier(obj, programPin, Map.of(BpfProgram.ROUTES_MAP, routes.pin(), BpfProgram.GLOBALS_MAP, globals.pin()));
            } finally {
                try {
                    Files.deleteIfExists(obj);
                } catch (IOException e) {
                    // a temporary copy left behind is harmless
                }
            }
        }
        this.shadow = new MemoryDataplane(node);
        this.state = DataplaneState.empty(HostInfo.of(node, null));
    }

    /**
     * A builder for node {@code node} (a Kubernetes node name: lower-case letters, digits, '.', '-').
     *
     * @param node the node's name
     * @return a builder with the defaults
     * @throws IllegalArgumentException if {@code node} is not a valid Kubernetes node name
     */
    public static Builder builder(String node) {
        return new Builder(node);
    }

    /** Options; {@link #build} creates (or adopts) the maps and loads the program. */
    public static final class Builder {
        private final String node;
        private Path root = BpfFs.DEFAULT_ROOT;
        private @Nullable String netns;
        private Bpftool bpftool = Bpftool.system();
        private Supplier<? extends Collection<HostInfo>> nodes = List::of;
        private boolean routes = true;

        private Builder(String node) {
            if (!NODE.matcher(node).matches()) {
                throw new IllegalArgumentException("node name '" + node + "' is not a valid Kubernetes node name (lower-case letters, digits, '.', '-')");
            }
            this.node = node;
        }

        /**
         * The bpffs to pin under (mounted there if it is not one yet); default {@link BpfFs#DEFAULT_ROOT}.
         *
         * @param root the bpffs mount point
         * @return this builder
         */
        public Builder bpffs(Path root) {
            this.root = root;
            return this;
        }

        /**
         * The network namespace the node's interfaces and iptables live in (none: the caller's).
         *
         * @param name the namespace's name ({@code ip netns}), or null for the caller's
         * @return this builder
         */
        public Builder netns(String name) {
            this.netns = name;
            return this;
        }

        /**
         * The {@code bpftool} to run; default {@link Bpftool#system()}.
         *
         * @param tool the tool
         * @return this builder
         */
        public Builder bpftool(Bpftool tool) {
            this.bpftool = tool;
            return this;
        }

        /**
         * Nodes to use besides the state's {@link DataplaneState#otherNodes()} (which the calculation, and so a
         * {@code NodeAgent}, fills): for a state built by hand without them. A node in both is taken from here.
         * Asked on every change.
         *
         * @param nodes gives the extra nodes; default none
         * @return this builder
         */
        public Builder nodes(Supplier<? extends Collection<HostInfo>> nodes) {
            this.nodes = nodes;
            return this;
        }

        /**
         * Whether the routes and tunnel devices Felix owns are programmed (as {@code IptablesDataplane} does, and
         * Felix in BPF mode); default true. Off, pods are reachable only where someone else routes to them.
         *
         * @param on whether to program them
         * @return this builder
         */
        public Builder routes(boolean on) {
            this.routes = on;
            return this;
        }

        /**
         * Mounts the bpffs if needed, creates (or adopts) the node's maps under it and loads the program.
         *
         * @return the dataplane, its maps read back from the kernel
         * @throws IllegalArgumentException if a pin path is refused
         * @throws IllegalStateException if a pinned map has another shape, or the program is missing from the jar
         * @throws org.calico4j.dataplane.linux.CommandRunner.CommandException if {@code bpftool} or {@code mount} fails
         */
        public EbpfDataplane build() {
            return new EbpfDataplane(this);
        }
    }

    @Override
    public void apply(DataplaneDelta delta) {
        lock.writeLock().lock();
        try {
            checkOpen();
            DataplaneState before = state;
            state = state.apply(delta);
            program(before, delta);
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
            state = target;
            ifindexes.clear();
            program(null, null);
            resyncs++;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Programs {@link #state}: incrementally from {@code before} by {@code delta}, or (both null) a full resync reading the kernel. */
    private void program(@Nullable DataplaneState before, @Nullable DataplaneDelta delta) {
        boolean full = delta == null;
        try {
            for (LocalWorkload w : state.workloads().values()) {
                HostCommands.checkInterface(w.interfaceName(), w.key());
            }
            SortedMap<Cidr, RouteEntry> next = BpfRoutes.compute(state, this::ifindex, nodes.get());
            Map<String, String> routeBytes = new LinkedHashMap<>();
            Map<Cidr, String[]> nextHex = new HashMap<>();
            for (RouteEntry e : next.values()) {
                RouteEntry old = entries.get(e.prefix());
                String[] kv = old != null && old.equals(e) ? hex.get(e.prefix()) : null;
                if (kv == null) {
                    kv = new String[] {e.keyHex(), e.valueHex()};
                }
                nextHex.put(e.prefix(), kv);
                routeBytes.put(kv[0], kv[1]);
            }
            Map<String, String> globalBytes = Map.of(GLOBALS_KEY,
                    state.nat().excludeHostIps() ? "00 10 00 00" : "00 00 00 00");
            if (full) {
                routes.resync(routeBytes);
                ipSets.resync(ipSetBytes());
                globals.resync(globalBytes);
            } else {
                routes.apply(routeBytes);
                ipSets.apply(ipSetBytes());
                globals.apply(globalBytes);
            }
            entries = next;
            hex = nextHex;
            trie = null;
            shadowStale = true;
            programNat(full);
            programAttachments(full);
            if (network != null) {
                if (full) {
                    network.sync(state);
                } else {
                    network.apply(before, state, delta);
                }
            }
            failure = null;
        } catch (RuntimeException e) {
            failure = e.getMessage();
            throw e;
        }
    }

    private int ifindex(String iface) {
        return ifindexes.computeIfAbsent(iface, host::ifindex);
    }

    private Map<String, String> ipSetBytes() {
        Map<String, String> out = new LinkedHashMap<>();
        String prefix = "cali40";
        state.ipSets().forEach((name, members) -> {
            if (name.startsWith(prefix)) {
                long id = setIds.idOf(name.substring(prefix.length()));
                for (Cidr c : members) {
                    if (c.version() == 4) {
                        out.put(new IpSetEntry(id, c, 0, 0).keyHex(), BpfMap.hex(IpSetEntry.VALUE));
                    }
                }
            }
        });
        return out;
    }

    private void programNat(boolean full) {
        List<List<String>> rules = NatOutgoingRules.render(state);
        if (!full && rules.equals(natRules)) {
            return;
        }
        String chain = NatOutgoingRules.CHAIN;
        CommandRunner.Result made = host.iptables(List.of("-t", "nat", "-N", chain));
        if (!made.ok() && !made.stderr().contains("exists")) {
            made.requireSuccess();
        }
        host.iptables(List.of("-t", "nat", "-F", chain)).requireSuccess();
        for (List<String> r : rules) {
            List<String> cmd = new ArrayList<>(List.of("-t", "nat", "-A", chain));
            cmd.addAll(r);
            host.iptables(cmd).requireSuccess();
        }
        if (!host.iptables(List.of("-t", "nat", "-C", "POSTROUTING", "-j", chain)).ok()) {
            host.iptables(List.of("-t", "nat", "-A", "POSTROUTING", "-j", chain)).requireSuccess();
        }
        natRules = rules;
    }

    private void programAttachments(boolean full) {
        Set<String> wanted = new TreeSet<>();
        for (LocalWorkload w : state.workloads().values()) {
            if (w.ipNetworks().stream().anyMatch(c -> c.version() == 4) && ifindex(w.interfaceName()) != 0) {
                wanted.add(w.interfaceName());
            }
        }
        for (String iface : new ArrayList<>(attached)) {
            if (!wanted.contains(iface)) {
                host.detach(iface);
                attached.remove(iface);
            }
        }
        for (String iface : wanted) {
            if (full || !attached.contains(iface)) {
                host.attach(iface, programPin);
                attached.add(iface);
            }
        }
    }

    /**
     * The routes map entries programmed now, by prefix.
     *
     * @return an unmodifiable copy
     */
    public SortedMap<Cidr, RouteEntry> routesMap() {
        lock.readLock().lock();
        try {
            return java.util.Collections.unmodifiableSortedMap(new TreeMap<>(entries));
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The kernel's routes map now ({@code bpftool map dump}), decoded: equal to {@link #routesMap} unless something else wrote it.
     *
     * @return the entries by prefix
     * @throws IllegalStateException if this dataplane is closed
     * @throws IllegalArgumentException if an entry cannot be decoded
     */
    public SortedMap<Cidr, RouteEntry> dumpRoutesMap() {
        lock.readLock().lock();
        try {
            checkOpen();
            SortedMap<Cidr, RouteEntry> out = new TreeMap<>();
            java.util.HexFormat hex = java.util.HexFormat.ofDelimiter(" ");
            routes.dump().forEach((k, v) -> {
                RouteEntry e = RouteEntry.decode(hex.parseHex(k), hex.parseHex(v));
                out.put(e.prefix(), e);
            });
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * What differs between the kernel and what was programmed: map entries (key, the kernel's value, the programmed
     * one) and the {@code ip} lines a resync would run for routes and devices. Empty when in sync.
     *
     * @return one line per difference
     * @throws IllegalStateException if this dataplane is closed
     */
    public List<String> drift() {
        lock.writeLock().lock();
        try {
            checkOpen();
            List<String> out = new ArrayList<>();
            for (BpfMap m : List.of(routes, ipSets, globals)) {
                Map<String, String> kernel = m.dump();
                Map<String, String> mine = m.programmed();
                Set<String> keys = new TreeSet<>(kernel.keySet());
                keys.addAll(mine.keySet());
                for (String k : keys) {
                    if (!java.util.Objects.equals(kernel.get(k), mine.get(k))) {
                        out.add(m.name() + " key " + k + ": kernel " + kernel.get(k) + ", programmed " + mine.get(k));
                    }
                }
            }
            if (network != null) {
                List<String> ip = network.plan(state, network.read());
                if (!ip.isEmpty()) {
                    out.add("ip: " + String.join("; ", ip));
                }
            }
            return out;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * The interfaces the program is attached to.
     *
     * @return an immutable copy of their names
     */
    public Set<String> attachedInterfaces() {
        lock.readLock().lock();
        try {
            return Set.copyOf(attached);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Where this node's maps and program are pinned.
     *
     * @return the directory, {@code <bpffs>/<node>}
     */
    public Path pinDirectory() {
        return dir;
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

    @Override
    public Verdict evaluate(Packet packet) {
        lock.writeLock().lock();
        try {
            checkOpen();
            if (shadowStale) {
                shadow.resync(state);
                shadowStale = false;
            }
            if (trie == null) {
                CidrTrie<RouteEntry> t = new CidrTrie<>();
                entries.forEach(t::put);
                trie = t;
            }
            return BpfVerdicts.evaluate(shadow, trie, state.nat().excludeHostIps(), packet);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public DataplaneStatus status() {
        lock.readLock().lock();
        try {
            Set<String> pending = new TreeSet<>();
            state.workloads().values().forEach(w -> {
                if (!attached.contains(w.interfaceName())) {
                    pending.add(w.interfaceName());
                }
            });
            String detail = "ebpf:" + node + " (" + entries.size() + " cali_v4_routes entries, attached to " + attached
                    + (pending.isEmpty() ? "" : ", waiting for interfaces " + pending)
                    + (network == null || network.waiting().isEmpty() ? "" : ", routes waiting for " + network.waiting())
                    + (network == null || network.ipipUnavailable() == null ? "" : ", " + network.ipipUnavailable()) + ")"
                    + (failure == null ? "" : ": " + failure);
            return new DataplaneStatus(deltas, resyncs, !closed && failure == null, detail);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public DataplaneCapabilities capabilities() {
        return new DataplaneCapabilities(false, Set.of(Encap.NONE, Encap.IPIP, Encap.VXLAN));
    }

    /** Detaches the program and removes the maps, the program pin, the iptables chain and the node's pin directory. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            List<RuntimeException> errors = new ArrayList<>();
            for (String iface : attached) {
                run(errors, () -> host.detach(iface));
            }
            attached.clear();
            run(errors, () -> {
                host.iptables(List.of("-t", "nat", "-D", "POSTROUTING", "-j", NatOutgoingRules.CHAIN));
                host.iptables(List.of("-t", "nat", "-F", NatOutgoingRules.CHAIN));
                host.iptables(List.of("-t", "nat", "-X", NatOutgoingRules.CHAIN));
            });
            run(errors, () -> {
                try {
                    Files.deleteIfExists(programPin);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (network != null) {
                run(errors, network::cleanup);
            }
            run(errors, routes::remove);
            run(errors, ipSets::remove);
            run(errors, globals::remove);
            run(errors, () -> {
                try {
                    Files.deleteIfExists(dir);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            shadow.close();
            if (!errors.isEmpty()) {
                RuntimeException first = errors.get(0);
                errors.subList(1, errors.size()).forEach(first::addSuppressed);
                throw first;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static void run(List<RuntimeException> errors, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            errors.add(e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("eBPF dataplane of " + node + " is closed");
        }
    }

    @Override
    public String toString() {
        return "EbpfDataplane[" + node + (host.netns() == null ? "" : " in " + host.netns()) + "]";
    }
}
