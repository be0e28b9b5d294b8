package org.calico4j.dataplane.iptables;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.concurrent.locks.ReentrantLock;

import org.calico4j.dataplane.Dataplane;
import org.calico4j.dataplane.DataplaneCapabilities;
import org.calico4j.dataplane.DataplaneDelta;
import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.DataplaneStatus;
import org.calico4j.dataplane.Encap;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.Verdict;
import org.calico4j.dataplane.linux.CommandRunner;
import org.calico4j.dataplane.linux.Exec;
import org.calico4j.dataplane.linux.NodeNetwork;
import org.calico4j.dataplane.memory.MemoryDataplane;
import org.calico4j.model.net.Cidr;
import org.jspecify.annotations.Nullable;

/**
 * A node's dataplane on a real kernel, as Felix v3.32.1 programs it in iptables mode: the IP sets with
 * {@code ipset restore}, the nat table and the filter table's service-loop chains ({@link FilterRules})
 * with {@code iptables-restore --noflush} (legacy or nft backend,
 * detected as Felix does), routes and tunnel devices with {@code ip}/{@code bridge} ({@link NodeNetwork}).
 * Only Calico's chains, rules, sets and routes are touched; a second apply of the same state runs no
 * write at all. {@link #resync} rereads the kernel and repairs whatever drifted; {@link #drift} reports it;
 * {@link #cleanup} removes everything this dataplane creates. Packets are evaluated against the state
 * programmed, with the same rules as the in-memory dataplane ({@link #evaluate}), and {@link #decidingRule}
 * names the nat rule that decided.
 *
 * <pre>{@code
 * try (IptablesDataplane dp = IptablesDataplane.builder("n1").netns("c4j-n1").build()) {
 *     dp.resync(state);
 *     dp.drift();   // [] when the kernel matches
 * }
 * }</pre>
 *
 * <p>Thread-safe: writes are serialised. Closing does not remove the rules (as Felix leaves them when it
 * stops); call {@link #cleanup} for that. The caller creates and closes it.
 */
public final class IptablesDataplane implements Dataplane {
    private static final List<String> RESTORE_FLAGS = List.of("--noflush", "--verbose", "--wait", "10", "--wait-interval", "50000");
    private final ReentrantLock lock = new ReentrantLock();
    private final MemoryDataplane mirror;
    private final Exec exec;
    private final Backend backend;
    private final Features features;
    private final NatTable.InsertMode mode;
    private final boolean ipv6;
    private final @Nullable NodeNetwork network;
    private final Map<Encap, String> unavailable;
    private final Map<String, NatTable> written = new HashMap<>();
    private final Map<Integer, SortedMap<String, SortedSet<Cidr>>> setCache = new HashMap<>();
    private @Nullable String lastError;
    private long failures;
    private long writes;

    private IptablesDataplane(Builder b) {
        this.exec = new Exec(b.runner, b.netns);
        this.mirror = new MemoryDataplane(b.node);
        this.backend = b.backend != null ? b.backend : Backend.detect(exec);
        this.features = b.features != null ? b.features : detectFeatures(exec, backend);
        this.mode = b.mode;
        this.ipv6 = b.ipv6;
        this.network = b.routes ? new NodeNetwork(exec) : null;
        this.unavailable = probe(exec);
    }

    /**
     * A dataplane for one node, on the host unless a namespace is given.
     *
     * <pre>{@code
     * try (IptablesDataplane dp = IptablesDataplane.builder("n1").netns("c4j-n1").build()) { ... }
     * }</pre>
     *
     * @param nodeName the Node it programs
     * @return a builder
     */
    public static Builder builder(String nodeName) {
        return new Builder(nodeName);
    }

    /** Options; every one has Felix's default. */
    public static final class Builder {
        private final String node;
        private CommandRunner runner = CommandRunner.system();
        private @Nullable String netns;
        private @Nullable Backend backend;
        private @Nullable Features features;
        private NatTable.InsertMode mode = NatTable.InsertMode.INSERT;
        private boolean ipv6 = true;
        private boolean routes = true;

        private Builder(String node) {
            this.node = node;
        }

        /**
         * Runs commands inside this network namespace (else on the host).
         *
         * @param name the namespace's name
         * @return this builder
         */
        public Builder netns(String name) {
            this.netns = name;
            return this;
        }

        /**
         * The runner for every command (default: the system's).
         *
         * @param r the runner
         * @return this builder
         */
        public Builder runner(CommandRunner r) {
            this.runner = r;
            return this;
        }

        /**
         * {@code IptablesBackend}: legacy or nft (default: detected as Felix's {@code auto}).
         *
         * @param b the backend
         * @return this builder
         */
        public Builder backend(Backend b) {
            this.backend = b;
            return this;
        }

        /**
         * Overrides feature detection (Felix's {@code FeatureDetectOverride}).
         *
         * @param f the features
         * @return this builder
         */
        public Builder features(Features f) {
            this.features = f;
            return this;
        }

        /**
         * {@code ChainInsertMode}: insert (default) or append.
         *
         * @param m insert or append the jump rules
         * @return this builder
         */
        public Builder insertMode(NatTable.InsertMode m) {
            this.mode = m;
            return this;
        }

        /**
         * Whether IPv6 is programmed (ip6tables, inet6 sets); default true.
         *
         * @param on true to program IPv6 too
         * @return this builder
         */
        public Builder ipv6(boolean on) {
            this.ipv6 = on;
            return this;
        }

        /**
         * Whether routes and tunnel devices are programmed; default true.
         *
         * @param on true to program them
         * @return this builder
         */
        public Builder routes(boolean on) {
            this.routes = on;
            return this;
        }

        /**
         * Detects the backend and features (unless given) and builds the dataplane; nothing is
         * programmed yet.
         *
         * @return the dataplane; the caller closes it
         */
        public IptablesDataplane build() {
            return new IptablesDataplane(this);
        }
    }

    private static Features detectFeatures(Exec exec, Backend backend) {
        String bin = backend.save(4).replace("-save", "");
        CommandRunner.Result v = exec.run(List.of(bin, "--version"));
        String kernel;
        try {
            kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            kernel = "";
        }
        return Features.detect(v.stdout(), kernel);
    }

    /** Which encapsulations the kernel cannot program, naming the missing kernel option. */
    private static Map<Encap, String> probe(Exec exec) {
        Map<Encap, String> out = new EnumMap<>(Encap.class);
        probeLink(exec, "ipip", "CONFIG_NET_IPIP").ifPresent(r -> out.put(Encap.IPIP, r));
        probeLink(exec, "vxlan", "CONFIG_VXLAN").ifPresent(r -> out.put(Encap.VXLAN, r));
        return out;
    }

    private static Optional<String> probeLink(Exec exec, String type, String option) {
        String name = "c4j-probe-" + type;
        List<String> add = type.equals("vxlan") ? List.of("ip", "link", "add", name, "type", "vxlan", "id", "1", "dstport", "4789")
                : List.of("ip", "link", "add", name, "type", type);
        CommandRunner.Result r = exec.run(add);
        if (r.ok()) {
            exec.run(List.of("ip", "link", "del", name));
            return Optional.empty();
        }
        return Optional.of("the kernel has no " + type + " devices (" + option + " is not set; `ip link add type " + type + "`: "
                + r.stderr().strip() + ")");
    }

    /**
     * Why each encapsulation this kernel lacks cannot be programmed (e.g. IPIP: {@code CONFIG_NET_IPIP}).
     *
     * @return the {@code unavailable} values, empty when not set
     */
    public Map<Encap, String> unavailable() {
        return Map.copyOf(unavailable);
    }

    /**
     * {@return the iptables backend in use}
     */
    public Backend backend() {
        return backend;
    }

    /**
     * {@return the iptables features in use}
     */
    public Features features() {
        return features;
    }

    private List<Integer> versions() {
        return ipv6 ? List.of(4, 6) : List.of(4);
    }

    @Override
    public void apply(DataplaneDelta delta) {
        lock.lock();
        try {
            DataplaneState before = mirror.state();
            DataplaneState target = before.apply(delta);
            program(before, target, delta);
            mirror.apply(delta);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void resync(DataplaneState state) {
        lock.lock();
        try {
            program(mirror.state(), state, null);
            mirror.resync(state);
        } finally {
            lock.unlock();
        }
    }

    /** Programs {@code target}: rereading the kernel when {@code delta} is null (resync), else trusting what was written. */
    private void program(DataplaneState before, DataplaneState target, @Nullable DataplaneDelta delta) {
        boolean reread = delta == null;
        try {
            Map<Integer, SortedMap<String, SortedSet<Cidr>>> actualSets = new HashMap<>();
            Map<Integer, SortedMap<String, SortedSet<Cidr>>> desiredSets = new HashMap<>();
            for (int v : versions()) {
                SortedMap<String, SortedSet<Cidr>> actual = reread || !setCache.containsKey(v) ? readSets(v) : setCache.get(v);
                SortedMap<String, SortedSet<Cidr>> desired = IpSetRules.desired(target, v);
                actualSets.put(v, actual);
                desiredSets.put(v, desired);
                String in = IpSetWriter.plan(actual, desired, v);
                if (!in.isEmpty()) {
                    setCache.remove(v);
                    exec.run(List.of("ipset", "restore"), in).requireSuccess();
                    writes++;
                }
            }
            for (int v : versions()) {
                for (NatTable desired : tables(target, v)) {
                    String key = desired.table() + v;
                    NatTable last = written.get(key);
                    if (!reread && desired.equals(last)) {
                        continue;
                    }
                    String in = reread || last == null || !sameHooks(last, desired)
                            ? NatWriter.plan(SavedTable.parse(save(desired.table(), v)), desired, features, mode)
                            : NatWriter.planChains(last, desired, features);
                    written.remove(key);
                    if (!in.isEmpty()) {
                        restore(v, in);
                    }
                    written.put(key, desired);
                }
            }
            for (int v : versions()) {
                String del = IpSetWriter.deletions(actualSets.get(v), desiredSets.get(v));
                if (!del.isEmpty()) {
                    exec.run(List.of("ipset", "restore"), del).requireSuccess();
                    writes++;
                }
                setCache.put(v, desiredSets.get(v));
            }
            if (network != null) {
                writes += delta == null ? network.sync(target) : network.apply(before, target, delta);
            }
            lastError = null;
        } catch (CommandRunner.CommandException e) {
            failures++;
            lastError = e.getMessage();
            written.clear();
            setCache.clear();
            throw new IptablesException("dataplane of " + target.host().name() + " (" + exec + "): " + e.getMessage(), e);
        }
    }

    /** The tables Felix programs in iptables mode that this dataplane writes: nat, and filter's service-loop chains. */
    private static List<NatTable> tables(DataplaneState s, int v) {
        return List.of(NatRules.render(s, v), FilterRules.render(s, v));
    }

    private static boolean sameHooks(NatTable a, NatTable b) {
        return a.inserted().equals(b.inserted()) && a.appended().equals(b.appended());
    }

    private SortedMap<String, SortedSet<Cidr>> readSets(int v) {
        return IpSetWriter.parse(exec.run(List.of("ipset", "save")).requireSuccess().stdout(), v);
    }

    private String save(String table, int v) {
        return exec.run(List.of(backend.save(v), "-t", table)).requireSuccess().stdout();
    }

    private void restore(int v, String input) {
        List<String> cmd = new ArrayList<>();
        cmd.add(backend.restore(v));
        cmd.addAll(RESTORE_FLAGS);
        exec.run(cmd, input).requireSuccess();
        writes++;
    }

    /**
     * {@return how many commands that change the kernel (restores, {@code ip -batch}) this dataplane has run}
     */
    public long writes() {
        lock.lock();
        try {
            return writes;
        } finally {
            lock.unlock();
        }
    }

    /**
     * What differs between the kernel and the state programmed: nat and filter chains and hook rules (by hash), IP
     * sets (by member), routes and devices (as the {@code ip} lines a resync would run). Empty when in sync.
     *
     * @return the {@code drift} values, empty when not set
     */
    public List<String> drift() {
        lock.lock();
        try {
            DataplaneState s = mirror.state();
            List<String> out = new ArrayList<>();
            for (int v : versions()) {
                String sets = IpSetWriter.plan(readSets(v), IpSetRules.desired(s, v), v);
                if (!sets.isEmpty()) {
                    out.add("ipset v" + v + ": " + sets.replace("\nCOMMIT\n", "").replace('\n', ';'));
                }
                for (NatTable t : tables(s, v)) {
                    String plan = NatWriter.plan(SavedTable.parse(save(t.table(), v)), t, features, mode);
                    if (!plan.isEmpty()) {
                        out.add(t.table() + " v" + v + ": " + plan.replace("\nCOMMIT\n", "").replace('\n', ';'));
                    }
                }
            }
            if (network != null) {
                List<String> ip = network.plan(s, network.read());
                if (!ip.isEmpty()) {
                    out.add("ip: " + String.join("; ", ip));
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Removes every chain, hook rule, IP set, route and device this dataplane creates; the state becomes empty. */
    public void cleanup() {
        lock.lock();
        try {
            for (int v : versions()) {
                for (String table : List.of(NatTable.TABLE, NatTable.FILTER)) {
                    String in = NatWriter.cleanup(SavedTable.parse(save(table, v)), table);
                    if (!in.isEmpty()) {
                        restore(v, in);
                    }
                }
            }
            Set<String> sets = new LinkedHashSet<>();
            for (int v : versions()) {
                sets.addAll(readSets(v).keySet());
            }
            if (!sets.isEmpty()) {
                exec.run(List.of("ipset", "restore"), IpSetWriter.deletions(
                        sets.stream().collect(java.util.stream.Collectors.toMap(n -> n, n -> new java.util.TreeSet<Cidr>())), Map.of()))
                        .requireSuccess();
            }
            if (network != null) {
                network.cleanup();
            }
            written.clear();
            setCache.clear();
            mirror.resync(DataplaneState.empty(mirror.state().host()));
        } catch (CommandRunner.CommandException e) {
            throw new IptablesException("cleanup of " + exec + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The payloads a node without Calico rules would get: {@code ipset restore} input, then {@code
     * iptables-restore} per version.
     *
     * @param state the node's state
     * @param f     the iptables features
     * @param mode  insert or append the hook rules
     * @param ipv6  render IPv6 too
     * @return the payloads, one after another
     */
    public static String render(DataplaneState state, Features f, NatTable.InsertMode mode, boolean ipv6) {
        StringBuilder sb = new StringBuilder();
        for (int v : ipv6 ? List.of(4, 6) : List.of(4)) {
            sb.append("# ipset restore (IPv").append(v).append(")\n").append(IpSetRules.restoreInput(state, v));
        }
        for (int v : ipv6 ? List.of(4, 6) : List.of(4)) {
            sb.append("# ").append(v == 4 ? "iptables" : "ip6tables").append("-restore --noflush\n")
                    .append(NatRules.render(state, v).restoreInput(f, mode));
            NatTable filter = FilterRules.render(state, v);
            if (!filter.chains().isEmpty()) {
                sb.append(filter.restoreInput(f, mode));
            }
        }
        return sb.toString();
    }

    @Override
    public DataplaneState state() {
        return mirror.state();
    }

    @Override
    public Verdict evaluate(Packet packet) {
        return mirror.evaluate(packet);
    }

    /**
     * The nat rule that decided {@code packet}'s source (e.g. {@code cali-nat-outgoing} rule 1), if any
     * rule matched.
     *
     * @param packet a packet
     * @return the rule, or empty
     */
    public Optional<NatTrace.Decision> decidingRule(Packet packet) {
        return NatTrace.of(mirror, features, packet);
    }

    @Override
    public DataplaneStatus status() {
        DataplaneStatus m = mirror.status();
        String waiting = network == null || network.waiting().isEmpty() ? "" : ", waiting for " + network.waiting();
        return new DataplaneStatus(m.deltasApplied(), m.resyncs(), m.healthy() && lastError == null,
                "iptables(" + backend + ") " + exec + ": " + m.detail() + (lastError == null ? "" : ", last error: " + lastError)
                        + (failures == 0 ? "" : ", " + failures + " failed writes") + waiting);
    }

    @Override
    public DataplaneCapabilities capabilities() {
        Set<Encap> encaps = new LinkedHashSet<>(List.of(Encap.NONE, Encap.IPIP, Encap.VXLAN));
        encaps.removeAll(unavailable.keySet());
        return new DataplaneCapabilities(ipv6, encaps);
    }

    @Override
    public void close() {
        mirror.close();
    }

    @Override
    public String toString() {
        return "IptablesDataplane[" + mirror.state().host().name() + " on " + exec + ", " + backend + "]";
    }
}
