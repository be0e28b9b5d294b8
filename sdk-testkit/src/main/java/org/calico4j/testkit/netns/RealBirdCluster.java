package org.calico4j.testkit.netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.bgp.BgpIntent;
import org.calico4j.dataplane.bgp.BgpSession;
import org.calico4j.dataplane.bgp.BirdConfig;
import org.calico4j.dataplane.bgp.BirdController;
import org.calico4j.dataplane.linux.CommandRunner;
import org.calico4j.dataplane.linux.Netns;
import org.calico4j.model.BgpFilter;
import org.calico4j.model.EncapsulationMode;
import org.calico4j.model.IpPool;
import org.calico4j.model.net.AsNumber;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.calico4j.testkit.ClusterDefinition;
import org.calico4j.testkit.SimulatedCluster;
import org.calico4j.testkit.Trace;
import org.calico4j.testkit.bgp.BgpRoute;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SimulatedCluster}'s definition built for real: one network namespace per node, router, host and
 * workload; a bridge per subnet; real BIRD 2 on every node with calico4j's rendered configuration (through
 * {@link BirdController}) and on every router with a configuration generated from its definition;
 * workloads behind {@code cali*} veths with the routes calico-node programs (a /32 per workload, proxy
 * ARP, the {@code 169.254.1.1} gateway, masquerade for natOutgoing pools). It answers with the types the
 * simulator does: {@link #bgpRoutes}, {@link #bgpSessions}, and {@link #send} with a real TCP SYN whose
 * way is read from the kernel (every namespace records, with nftables, the TTL it saw the probe with,
 * and the destination records the source address it arrived from).
 *
 * <pre>{@code
 * try (SimulatedCluster sim = scenario.build(); RealBirdCluster real = RealBirdCluster.start(sim)) {
 *     real.awaitConverged();
 *     real.bgpRoutes("tor");           // as sim.bgpRoutes("tor")
 *     real.send("client", "web-0");     // as sim.send("client", "web-0")
 * }
 * }</pre>
 *
 * <p>The underlay: the subnets are joined by one plain router, invisible in paths (the simulator's
 * "network"): it has an address on every subnet, a link to every host, and a default route to the first
 * router. Routers have their address on their subnet and a leg (another address) on every other subnet. Nodes' default route goes to their gateway (the one named for them, else the first router on
 * their subnet), else to the underlay; routers' and hosts' to the underlay. ICMP redirects are off, so
 * packets take the routes programmed, hop by hop. Without a kernel dataplane pools must be unencapsulated.
 *
 * <p>With a {@link KernelDataplane} ({@link #start(SimulatedCluster, KernelDataplane)}), every node also runs a
 * {@link org.calico4j.dataplane.NodeAgent} on the simulated cluster's datastore, programming its namespace through the
 * iptables or the eBPF dataplane: NAT outgoing, Felix's routes, the {@code vxlan.calico} device (real VXLAN). IPIP
 * uses a stand-in {@code tunl0} (a veth into a sink; these kernels have no ipip module): routes through it are real,
 * packets sent into it are dropped, and their trace says so. Probes may be TCP, UDP or ICMP; the outer addresses of
 * VXLAN packets carrying a probe are read on the wire at the node's egress (nftables, at the inner headers' offsets).
 *
 * <p>Everything is named {@code c4j-rb<jvm pid><n>-*}; closing stops every BIRD by its pid and removes every
 * namespace, and {@link #start} first removes what runs of dead JVMs left behind. Needs root, {@code ip},
 * {@code nft}, {@code curl}, {@code sysctl} and BIRD 2 ({@link #missing()} says what is absent). Not thread-safe
 * for setup; queries may come from several threads.
 */
public final class RealBirdCluster implements AutoCloseable {
    private static final Duration CMD = Duration.ofSeconds(20);
    private static final Path BIRD = Path.of("/usr/sbin/bird");
    private static final Path BIRDC = Path.of("/usr/sbin/birdc");
    private static final String NS_PREFIX = "c4j-rb";
    private static final Path ROOT = Path.of(System.getProperty("java.io.tmpdir"), "c4j-realbird");
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FIRST_PORT = 40000;
    /** What {@link #missing()} found, probed once per JVM. */
    private static volatile @Nullable Optional<String> missing;

    private final CommandRunner runner = CommandRunner.system();
    private final String id;
    private final Path dir;
    private final ClusterDefinition def;
    private final Map<String, BgpIntent> intents;
    private final List<Netns> namespaces = new ArrayList<>();
    private final List<BirdController> birds = new ArrayList<>();
    /** Speaker (node or router) to its BIRD. */
    private final Map<String, BirdController> birdOf = new LinkedHashMap<>();
    /** Per speaker, BIRD protocol name to the peer's name (or address) and whether the session is iBGP. */
    private final Map<String, Map<String, Peer>> protocols = new HashMap<>();
    /** Namespace name to the place it stands for in paths (node, router, host; a workload's node), absent for the underlay. */
    private final Map<String, String> placeOf = new HashMap<>();
    private final Map<String, Netns> nsOf = new HashMap<>();
    private final Map<IpAddress, String> nameByIp = new HashMap<>();
    private final AtomicInteger nextPort = new AtomicInteger(FIRST_PORT);
    private @Nullable Netns core;
    private @Nullable Netns sw;
    private Duration setupTime = Duration.ZERO;
    private Duration convergenceTime = Duration.ZERO;
    private final KernelDataplane kernel;
    private final SimulatedCluster sim;
    private @Nullable KernelAgents agents;

    private record Peer(String name, boolean internal) {
    }

    private RealBirdCluster(SimulatedCluster sim, KernelDataplane kernel) {
        this.sim = sim;
        this.kernel = kernel;
        this.id = NS_PREFIX + Long.toString(ProcessHandle.current().pid(), 36) + "x" + Integer.toString(RUNS.incrementAndGet(), 36);
        this.dir = ROOT.resolve(id);
        this.def = sim.definition();
        this.intents = sim.bgp();
        def.nodes().forEach(n -> nameByIp.put(n.address().address(), n.name()));
        def.routers().forEach(r -> nameByIp.put(r.address(), r.name()));
        def.hosts().forEach((n, ip) -> nameByIp.put(ip, n));
    }

    // ------------------------------------------------------------------ capabilities and leftovers

    /**
     * What this machine lacks to build a real cluster (root, ip netns, BIRD 2, nft, curl, sysctl), or empty.
     *
     * @return what is missing, or empty when a cluster can be built
     */
    public static Optional<String> missing() {
        Optional<String> m = missing;
        if (m == null) {
            synchronized (RealBirdCluster.class) {
                m = missing;
                if (m == null) {
                    m = probe();
                    missing = m;
                }
            }
        }
        return m;
    }

    private static Optional<String> probe() {
        for (Path p : List.of(BIRD, BIRDC, Path.of("/usr/sbin/nft"), Path.of("/usr/bin/curl"), Path.of("/usr/sbin/sysctl"))) {
            if (!Files.isExecutable(p)) {
                return Optional.of(p + " (Debian packages bird2, nftables, curl, procps)");
            }
        }
        String probe = NS_PREFIX + "probe" + Long.toString(ProcessHandle.current().pid(), 36);
        CommandRunner.Result r;
        try {
            r = CommandRunner.system().run(List.of("ip", "netns", "add", probe), CMD);
        } catch (CommandRunner.CommandException e) {
            return Optional.of("iproute2's ip (" + e.getMessage() + ")");
        }
        if (!r.ok()) {
            return Optional.of("network namespaces (probed `ip netns add`: " + r.stderr().strip() + "; needs root)");
        }
        CommandRunner.system().run(List.of("ip", "netns", "del", probe), CMD);
        return Optional.empty();
    }

    /**
     * Removes what runs of JVMs no longer alive left behind: their BIRD processes (by the pid files in their
     * directories) and their namespaces. Runs of live JVMs (other tests) are left alone.
     */
    public static synchronized void cleanLeftovers() {
        Set<String> dead = new TreeSet<>();
        CommandRunner.Result list = CommandRunner.system().run(List.of("ip", "netns", "list"), CMD);
        Pattern ours = Pattern.compile("(" + NS_PREFIX + "([0-9a-z]+)x[0-9a-z]+)-[a-z0-9-]+");
        List<String> doomed = new ArrayList<>();
        for (String line : list.stdout().split("\n")) {
            String name = line.trim().split("\\s+")[0];
            Matcher m = ours.matcher(name);
            if (m.matches() && !alive(Long.parseLong(m.group(2), 36))) {
                dead.add(m.group(1));
                doomed.add(name);
            }
        }
        if (Files.isDirectory(ROOT)) {
            try (Stream<Path> runs = Files.list(ROOT)) {
                runs.forEach(run -> {
                    Matcher m = Pattern.compile(NS_PREFIX + "([0-9a-z]+)x[0-9a-z]+").matcher(run.getFileName().toString());
                    if (m.matches() && !alive(Long.parseLong(m.group(1), 36))) {
                        killBirds(run);
                        deleteTree(run);
                    }
                });
            } catch (IOException e) {
                // Nothing to clean there.
            }
        }
        for (String ns : doomed) {
            CommandRunner.system().run(List.of("ip", "netns", "del", ns), CMD);
        }
        KernelAgents.cleanLeftovers(Pattern.compile(NS_PREFIX + "([0-9a-z]+)x[0-9a-z]+"), pid -> !alive(pid));
    }

    /**
     * What this machine lacks to build a real cluster with {@code kernel} programming its nodes, or empty.
     *
     * @param kernel the dataplane that would program the nodes
     * @return what is missing, or empty when a cluster can be built
     */
    public static Optional<String> missing(KernelDataplane kernel) {
        Optional<String> m = missing();
        return m.isPresent() ? m : KernelAgents.missing(kernel);
    }

    private static boolean alive(long pid) {
        return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void killBirds(Path run) {
        try (Stream<Path> files = Files.walk(run)) {
            files.filter(f -> f.getFileName().toString().equals("bird.pid")).forEach(f -> {
                try {
                    long pid = Long.parseLong(Files.readString(f).strip());
                    ProcessHandle.of(pid).filter(p -> p.info().command().map(c -> c.endsWith("bird")).orElse(false))
                            .ifPresent(ProcessHandle::destroyForcibly);
                } catch (IOException | NumberFormatException e) {
                    // An unreadable pid file: nothing to stop.
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            // Gone already (another cleaner removed it while we walked it).
        }
    }

    static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // Best effort.
        }
    }

    // ------------------------------------------------------------------ building

    /**
     * Builds {@code sim}'s definition for real (nodes, routers, hosts, workloads, BIRD everywhere) with the BGP
     * configuration its datastore holds now, and returns without waiting for BGP (see {@link #awaitConverged}).
     *
     * @param sim the simulated cluster whose definition and datastore to build
     * @return the running cluster; close it to tear it down
     * @throws UnsupportedOperationException when a pool is encapsulated (IPIP or VXLAN)
     * @throws IllegalStateException when this machine cannot build it ({@link #missing()})
     */
    public static RealBirdCluster start(SimulatedCluster sim) {
        return start(sim, KernelDataplane.NONE);
    }

    /**
     * As {@link #start(SimulatedCluster)}, with a {@link org.calico4j.dataplane.NodeAgent} per node programming its
     * namespace through {@code kernel} (unless {@link KernelDataplane#NONE}): NAT outgoing, routes, VXLAN devices
     * (real encapsulation) and, for IPIP, routes through a stand-in {@code tunl0} (a veth into a sink: packets sent into
     * it are dropped, see {@link #send(List)}). Returns once every agent programmed its node.
     *
     * @param sim    the simulated cluster whose definition and datastore to build
     * @param kernel the dataplane programming each node
     * @return the running cluster; close it to tear it down
     * @throws IllegalStateException when this machine cannot build it ({@link #missing(KernelDataplane)})
     */
    public static RealBirdCluster start(SimulatedCluster sim, KernelDataplane kernel) {
        Optional<String> missing = missing(kernel);
        if (missing.isPresent()) {
            throw new IllegalStateException("a real-BIRD cluster" + (kernel == KernelDataplane.NONE ? "" : " with the " + kernel
                    + " dataplane") + " needs " + missing.get());
        }
        List<IpPool> pools = sim.client().ipPools().list().items();
        for (IpPool p : pools) {
            if (kernel == KernelDataplane.NONE && (p.spec().ipipEncapsulation().orElse(EncapsulationMode.NEVER) != EncapsulationMode.NEVER
                    || p.spec().vxlanEncapsulation().orElse(EncapsulationMode.NEVER) != EncapsulationMode.NEVER)) {
                throw new UnsupportedOperationException("IPPool " + p.name() + ": spec.ipipMode/vxlanMode: without a kernel dataplane"
                        + " the real-BIRD cluster builds unencapsulated pools only (start it with KernelDataplane.IPTABLES or EBPF)");
            }
        }
        cleanLeftovers();
        RealBirdCluster c = new RealBirdCluster(sim, kernel);
        long t0 = System.nanoTime();
        try {
            c.build(pools, sim.client().bgpFilters().list().items());
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
        c.setupTime = Duration.ofNanos(System.nanoTime() - t0);
        return c;
    }

    private Netns ns(String suffix, @Nullable String place) {
        Netns n = Netns.create(id + "-" + suffix);
        namespaces.add(n);
        if (place != null) {
            placeOf.put(n.name(), place);
        }
        exec(n, "sysctl", "-q", "-w", "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0",
                "net.ipv4.conf.all.send_redirects=0", "net.ipv4.conf.default.send_redirects=0",
                "net.ipv4.conf.all.accept_redirects=0", "net.ipv4.conf.default.accept_redirects=0", "net.ipv4.ip_forward=1",
                // Probes' keys are ports 40000-59999: no local port there, so no reply is taken for a probe.
                "net.ipv4.ip_local_port_range=32768 39999");
        return n;
    }

    private CommandRunner.Result exec(Netns n, String... cmd) {
        return n.exec(List.of(cmd), CMD).requireSuccess();
    }

    private void build(List<IpPool> pools, List<BgpFilter> filters) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        Netns s = ns("sw", null);
        sw = s;
        Netns u = ns("core", null);
        core = u;
        List<Cidr> subnets = def.subnets();
        ClusterDefinition.AddressPlan plan = def.addressPlan();
        Map<Cidr, IpAddress> coreAddress = plan.underlay();
        for (int i = 0; i < subnets.size(); i++) {
            Cidr net = subnets.get(i);
            s.ip("link", "add", "br" + i, "type", "bridge");
            s.ip("link", "set", "br" + i, "up");
            u.veth("s" + i, s, "c" + i);
            s.ip("link", "set", "c" + i, "master", "br" + i);
            IpAddress a = coreAddress.get(net);
            u.ip("addr", "add", a + "/" + net.prefixLength(), "dev", "s" + i);
        }
        int h = 0;
        for (Map.Entry<String, IpAddress> e : def.hosts().entrySet()) {
            Netns host = ns("h" + h, e.getKey());
            nsOf.put(e.getKey(), host);
            host.veth("eth0", u, "h" + h);
            host.ip("addr", "add", e.getValue() + "/32", "dev", "eth0");
            host.ip("route", "add", "default", "dev", "eth0");
            exec(u, "sysctl", "-q", "-w", "net.ipv4.conf.h" + h + ".proxy_arp=1");
            u.ip("route", "add", e.getValue() + "/32", "dev", "h" + h);
            h++;
        }
        for (int i = 0; i < def.routers().size(); i++) {
            ClusterDefinition.RouterDef r = def.routers().get(i);
            Netns n = ns("r" + i, r.name());
            nsOf.put(r.name(), n);
            Cidr net = def.subnetOf(r.address());
            attach(n, "r" + i, subnets.indexOf(net), r.address() + "/" + net.prefixLength());
            // A leg on every other subnet: routers join the racks (routed links between the subnets).
            for (int j = 0; j < subnets.size(); j++) {
                Cidr other = subnets.get(j);
                if (other.equals(net)) {
                    continue;
                }
                n.veth("l" + j, s, "r" + i + "l" + j);
                s.ip("link", "set", "r" + i + "l" + j, "master", "br" + j);
                n.ip("addr", "add", plan.legs().get(r.name()).get(other) + "/" + other.prefixLength(), "dev", "l" + j);
            }
            n.ip("route", "add", "default", "via", coreAddress.get(net).toString());
        }
        if (!def.routers().isEmpty()) {
            u.ip("route", "add", "default", "via", def.routers().get(0).address().toString());
        }
        Map<String, Netns> nodeNs = new HashMap<>();
        for (int i = 0; i < def.nodes().size(); i++) {
            ClusterDefinition.NodeDef d = def.nodes().get(i);
            Netns n = ns("n" + i, d.name());
            nodeNs.put(d.name(), n);
            nsOf.put(d.name(), n);
            Cidr net = d.address().network();
            attach(n, "n" + i, subnets.indexOf(net), d.address().toString());
            IpAddress gw = def.gatewayOf(d.name());
            n.ip("route", "add", "default", "via", (gw != null ? gw : coreAddress.get(net)).toString());
            if (kernel == KernelDataplane.NONE) {
                masquerade(n, pools);
            }
        }
        Map<String, String> interfaces = new HashMap<>();
        sim.client().workloadEndpoints().list().items().forEach(e -> interfaces.put(e.spec().pod(), e.spec().interfaceName()));
        for (int i = 0; i < def.workloads().size(); i++) {
            ClusterDefinition.WorkloadDef w = def.workloads().get(i);
            Netns node = nodeNs.get(w.node());
            Netns n = ns("w" + i, w.node());
            nsOf.put(w.name(), n);
            nameByIp.putIfAbsent(w.address(), w.name());
            // The WorkloadEndpoint's interface name, so that a NodeAgent programs its route on this veth.
            String cali = interfaces.getOrDefault(w.name(), "cali" + String.format("%08x", i));
            n.veth("eth0", node, cali);
            exec(node, "sysctl", "-q", "-w", "net.ipv4.conf." + cali + ".proxy_arp=1");
            n.ip("addr", "add", w.address() + "/32", "dev", "eth0");
            n.ip("route", "add", "169.254.1.1", "dev", "eth0", "scope", "link");
            n.ip("route", "add", "default", "via", "169.254.1.1", "dev", "eth0");
            // As Felix programs it (v3.32.1): proto boot (DeviceRouteProtocol 3), metric 1024 (IPv4NormalRoutePriority).
            node.ip("route", "add", w.address() + "/32", "dev", cali, "scope", "link", "proto", "boot", "metric", "1024");
        }
        for (Netns n : namespaces) {
            if (n != s && n != u) {
                probeTable(n);
            }
        }
        if (kernel != KernelDataplane.NONE) {
            nodeNs.values().forEach(this::wireTable);
        }
        for (ClusterDefinition.NodeDef d : def.nodes()) {
            BgpIntent intent = intents.get(d.name());
            if (intent == null || intent.family(4) == null) {
                continue;
            }
            Map<String, Peer> ps = new HashMap<>();
            for (BgpSession ses : intent.family(4).sessions()) {
                ps.put(ses.name(), new Peer(nameByIp.getOrDefault(ses.peerIp(), ses.peerIp().toString()), ses.internal()));
            }
            protocols.put(d.name(), ps);
            // eth0 holds every node's address here: routes of other pools next to IPIP ones reach same-subnet next hops over it.
            bird(d.name(), nodeNs.get(d.name())).apply(BirdConfig.render(intent, filters, "eth0"));
        }
        for (ClusterDefinition.RouterDef r : def.routers()) {
            bird(r.name(), nsOf.get(r.name())).apply(routerConfig(r));
        }
        if (kernel != KernelDataplane.NONE) {
            KernelAgents k = new KernelAgents(kernel, id, sim);
            agents = k;
            Map<String, Netns> ordered = new LinkedHashMap<>();
            def.nodes().forEach(d -> ordered.put(d.name(), nodeNs.get(d.name())));
            k.start(ordered, pools, sw);
        }
    }

    private void attach(Netns n, String port, int bridge, String address) {
        n.veth("eth0", sw, port);
        sw.ip("link", "set", port, "master", "br" + bridge);
        n.ip("addr", "add", address, "dev", "eth0");
    }

    /** Felix's NAT outgoing: from a natOutgoing pool to anywhere outside every pool, masqueraded. */
    private void masquerade(Netns n, List<IpPool> pools) {
        List<String> nat = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (IpPool p : pools) {
            Optional<Cidr> c = p.spec().parsedCidr();
            if (c.isEmpty() || c.get().version() != 4) {
                continue;
            }
            all.add(c.get().network().toString());
            if (p.spec().natOutgoing() && !p.spec().disabled()) {
                nat.add(c.get().network().toString());
            }
        }
        if (nat.isEmpty()) {
            return;
        }
        nft(n, "add table ip c4jnat\n"
                + "add chain ip c4jnat post { type nat hook postrouting priority 100 ; }\n"
                + "add rule ip c4jnat post ip saddr { " + String.join(", ", nat) + " } ip daddr != { " + String.join(", ", all)
                + " } masquerade\n");
    }

    /**
     * Records every probe: the TTL it passed with, and at its destination, its source. A probe's key is its destination
     * port for TCP SYNs (40000-49999) and UDP (50000-59999), its IP total length for ICMP echo requests (128-1127).
     */
    private void probeTable(Netns n) {
        // ICMP sets apart (names starting with i): nft types a port and a length differently.
        StringBuilder sb = new StringBuilder("add table ip c4jprobe\n");
        for (String i : new String[] {"", "i"}) {
            String key = i.isEmpty() ? "th dport" : "ip length";
            sb.append("add set ip c4jprobe ").append(i).append("pre { typeof ").append(key).append(" . ip ttl ; }\n")
                    .append("add set ip c4jprobe ").append(i).append("out { typeof ").append(key).append(" . ip ttl ; }\n")
                    .append("add set ip c4jprobe ").append(i).append("got { typeof ").append(key).append(" . ip saddr ; }\n");
        }
        sb.append("add chain ip c4jprobe pre { type filter hook prerouting priority -300 ; }\n"
                + "add chain ip c4jprobe out { type filter hook output priority -300 ; }\n"
                + "add chain ip c4jprobe in { type filter hook input priority 300 ; }\n");
        for (String[] chain : new String[][] {{"pre", "ip ttl"}, {"out", "ip ttl"}, {"in", "ip saddr"}}) {
            String set = chain[0].equals("in") ? "got" : chain[0];
            String rule = "add rule ip c4jprobe " + chain[0];
            sb.append(rule).append(" tcp dport 40000-49999 tcp flags & (syn | ack) == syn add @").append(set)
                    .append(" { tcp dport . ").append(chain[1]).append(" }\n");
            sb.append(rule).append(" udp dport 50000-59999 add @").append(set).append(" { udp dport . ").append(chain[1]).append(" }\n");
            sb.append(rule).append(" icmp type echo-request ip length 128-1127 add @i").append(set)
                    .append(" { ip length . ").append(chain[1]).append(" }\n");
        }
        nft(n, sb.toString());
    }

    /**
     * On a node with a kernel dataplane, captures the encapsulated probes leaving it: for VXLAN the outer source and
     * destination of each UDP 4789 datagram whose inner packet is a probe (read at fixed offsets: UDP, VXLAN and
     * Ethernet headers, then the inner IP header); for the stand-in {@code tunl0}, the next hop of the route it took.
     */
    private void wireTable(Netns n) {
        String vx = "add rule ip c4jwire post udp dport 4789 ";
        String tun = "add rule ip c4jwire post oifname \"tunl0\" ";
        nft(n, "add table ip c4jwire\n"
                + "add set ip c4jwire vx { typeof @th,416,16 . ip saddr . ip daddr ; }\n"
                + "add set ip c4jwire tun { typeof th dport . rt ip nexthop ; }\n"
                + "add set ip c4jwire itun { typeof ip length . rt ip nexthop ; }\n"
                + "add chain ip c4jwire post { type filter hook postrouting priority 300 ; }\n"
                // Requests only: inner TCP flags SYN without ACK, inner ICMP type echo request.
                + vx + "@th,312,8 6 @th,504,8 & 0x12 == 0x02 @th,416,16 40000-49999 add @vx { @th,416,16 . ip saddr . ip daddr }\n"
                + vx + "@th,312,8 17 @th,416,16 50000-59999 add @vx { @th,416,16 . ip saddr . ip daddr }\n"
                + vx + "@th,312,8 1 @th,400,8 8 @th,256,16 128-1127 add @vx { @th,256,16 . ip saddr . ip daddr }\n"
                + tun + "tcp dport 40000-49999 tcp flags & (syn | ack) == syn add @tun { tcp dport . rt ip nexthop }\n"
                + tun + "udp dport 50000-59999 add @tun { udp dport . rt ip nexthop }\n"
                + tun + "icmp type echo-request ip length 128-1127 add @itun { ip length . rt ip nexthop }\n");
    }

    private void nft(Netns n, String rules) {
        Path f = dir.resolve(n.name() + "-" + Integer.toHexString(rules.hashCode()) + ".nft");
        try {
            Files.writeString(f, rules);
            exec(n, "nft", "-f", f.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + f + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                // Left in the run's directory, removed on close.
            }
        }
    }

    private BirdController bird(String speaker, Netns n) {
        BirdController b = BirdController.in(dir.resolve("bird-" + n.name())).netns(n).build();
        birds.add(b);
        birdOf.put(speaker, b);
        return b;
    }

    /**
     * A router's BIRD: a session with every node whose rendered configuration has it as a peer (with the AS the node
     * speaks there) and with the routers it names; single-hop where the peer is on its subnet and the session eBGP,
     * multihop otherwise; next hop self when the router says so, else BIRD's default.
     */
    private String routerConfig(ClusterDefinition.RouterDef r) {
        Cidr net = def.subnetOf(r.address());
        StringBuilder sb = new StringBuilder("# Router ").append(r.name()).append(", generated by calico4j's RealBirdCluster.\n")
                .append("router id ").append(r.address()).append(";\n")
                .append("protocol device { scan time 2; }\n")
                .append("protocol direct { ipv4; interface \"*\"; }\n")
                .append("protocol kernel { ipv4 { import all; export where source = RTS_BGP; }; learn; scan time 2; }\n")
                .append("template bgp peers {\n  local ").append(r.address()).append(" as ").append(r.as().value()).append(";\n")
                .append("  connect delay time 2;\n  connect retry time 5;\n  error wait time 5,30;\n")
                .append("  ipv4 { import all; export where source = RTS_BGP; gateway recursive;")
                .append(r.nextHopSelf() ? " next hop self;" : "").append(" };\n}\n");
        Map<String, Peer> ps = new HashMap<>();
        int i = 0;
        for (ClusterDefinition.NodeDef d : def.nodes()) {
            BgpIntent intent = intents.get(d.name());
            if (intent == null || intent.family(4) == null) {
                continue;
            }
            for (BgpSession s : intent.family(4).sessions()) {
                if (!s.peerIp().equals(r.address())) {
                    continue;
                }
                String proto = "p" + i++;
                boolean internal = s.effectiveLocalAs().equals(r.as());
                ps.put(proto, new Peer(d.name(), internal));
                sb.append("protocol bgp ").append(proto).append(" from peers {\n  description \"").append(d.name()).append("\";\n")
                        .append("  neighbor ").append(intent.family(4).address()).append(" as ").append(s.effectiveLocalAs().value()).append(";\n");
                if (!internal && !net.containsAddress(intent.family(4).address())) {
                    sb.append("  multihop;\n");
                }
                if (s.password() != null) {
                    sb.append("  password \"").append(s.password().replace("\\", "\\\\").replace("\"", "\\\"")).append("\";\n");
                }
                sb.append("}\n");
            }
        }
        for (String other : peersOf(r)) {
            ClusterDefinition.RouterDef o = router(other);
            String proto = "p" + i++;
            boolean internal = o.as().equals(r.as());
            ps.put(proto, new Peer(o.name(), internal));
            sb.append("protocol bgp ").append(proto).append(" from peers {\n  description \"").append(o.name()).append("\";\n")
                    .append("  neighbor ").append(o.address()).append(" as ").append(o.as().value()).append(";\n");
            if (!internal && !net.containsAddress(o.address())) {
                sb.append("  multihop;\n");
            }
            sb.append("}\n");
        }
        protocols.put(r.name(), ps);
        return sb.toString();
    }

    /** The routers {@code r} has sessions with: those it names and those naming it. */
    private SortedSet<String> peersOf(ClusterDefinition.RouterDef r) {
        SortedSet<String> out = new TreeSet<>(r.peers());
        def.routers().stream().filter(o -> o.peers().contains(r.name())).forEach(o -> out.add(o.name()));
        out.remove(r.name());
        return out;
    }

    private ClusterDefinition.RouterDef router(String name) {
        return def.routers().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no router '" + name + "'"));
    }

    // ------------------------------------------------------------------ observing

    /** Every speaker's BGP as of now: its established sessions (peer names) and best BGP routes (prefix to next-hop name). */
    public record View(Map<String, SortedSet<String>> sessions, Map<String, Map<Cidr, String>> routes) {
    }

    /**
     * The speakers: nodes with an IPv4 BGP speaker and routers, in definition order.
     *
     * @return their names (immutable)
     */
    public List<String> speakers() {
        return List.copyOf(birdOf.keySet());
    }

    /**
     * The current view of every speaker (reads every BIRD, in parallel).
     *
     * @return the view
     */
    public View view() {
        Map<String, CompletableFuture<SortedSet<String>>> s = new LinkedHashMap<>();
        Map<String, CompletableFuture<Map<Cidr, BgpRoute>>> r = new LinkedHashMap<>();
        for (String sp : birdOf.keySet()) {
            s.put(sp, CompletableFuture.supplyAsync(() -> bgpSessions(sp)));
            r.put(sp, CompletableFuture.supplyAsync(() -> bgpRoutes(sp)));
        }
        Map<String, SortedSet<String>> sessions = new TreeMap<>();
        Map<String, Map<Cidr, String>> routes = new TreeMap<>();
        s.forEach((k, f) -> sessions.put(k, f.join()));
        r.forEach((k, f) -> routes.put(k, nextHops(f.join())));
        return new View(sessions, routes);
    }

    /**
     * Prefix to the name of the next hop (its address when it is no node or router).
     *
     * @param routes BGP routes by prefix
     * @return the next hops' names (or addresses) by prefix, sorted
     */
    public Map<Cidr, String> nextHops(Map<Cidr, BgpRoute> routes) {
        Map<Cidr, String> out = new TreeMap<>();
        routes.forEach((c, b) -> out.put(c, nameByIp.getOrDefault(b.nextHop(), b.nextHop().toString())));
        return out;
    }

    /**
     * The peers a speaker's BIRD has an established session with.
     *
     * @param speaker a node or router name
     * @return the peers' names (or addresses when no node or router has them), sorted
     */
    public SortedSet<String> bgpSessions(String speaker) {
        BirdController b = birdFor(speaker);
        Map<String, Peer> ps = protocols.getOrDefault(speaker, Map.of());
        SortedSet<String> out = new TreeSet<>();
        for (BirdController.Protocol p : b.protocols()) {
            if (p.established()) {
                Peer peer = ps.get(p.name());
                out.add(peer == null ? p.name() : peer.name());
            }
        }
        return out;
    }

    private BirdController birdFor(String speaker) {
        BirdController b = birdOf.get(speaker);
        if (b == null) {
            throw new IllegalArgumentException("no BGP speaker '" + speaker + "' in this cluster (speakers: " + birdOf.keySet() + ")");
        }
        return b;
    }

    private static final Pattern ENTRY = Pattern.compile("^(\\S+)?\\s+(\\w+) \\[(\\S+) [^\\]]*\\]( \\*)?.*$");

    /**
     * A speaker's best BGP route per prefix, from {@code birdc show route all}: the BGP next hop, the AS path, the
     * peer it came from. {@code origin} is the node that exports the prefix (the first, for one many export).
     *
     * @param speaker a node or router name
     * @return the best route by prefix, sorted
     */
    public Map<Cidr, BgpRoute> bgpRoutes(String speaker) {
        Map<Cidr, BgpRoute> best = new TreeMap<>();
        parseRoutes(speaker, best, null);
        return best;
    }

    /**
     * Every BGP route a speaker holds per prefix, best first: with ADD-PATH (Calico's sessions between nodes have
     * {@code add paths on}) one peer may have sent several.
     *
     * @param speaker a node or router name
     * @return the routes by prefix, sorted
     */
    public Map<Cidr, List<BgpRoute>> bgpCandidates(String speaker) {
        Map<Cidr, List<BgpRoute>> all = new TreeMap<>();
        parseRoutes(speaker, new TreeMap<>(), all);
        return all;
    }

    private void parseRoutes(String speaker, Map<Cidr, BgpRoute> routes, @Nullable Map<Cidr, List<BgpRoute>> all) {
        BirdController b = birdFor(speaker);
        Netns n = nsOf.get(speaker);
        String out = n.exec(List.of(BIRDC.toString(), "-s", b.socket().toString(), "show", "route", "all"), CMD).requireSuccess().stdout();
        Map<String, Peer> ps = protocols.getOrDefault(speaker, Map.of());
        Cidr prefix = null;
        String proto = null;
        boolean primary = false;
        boolean bgp = false;
        IpAddress nextHop = null;
        List<AsNumber> path = new ArrayList<>();
        List<String> lines = new ArrayList<>(List.of(out.split("\n")));
        lines.add(" end [end x]");
        for (String line : lines) {
            if (line.startsWith("BIRD") || line.startsWith("Table") || line.isBlank()) {
                continue;
            }
            Matcher m = ENTRY.matcher(line);
            if (m.matches() && !line.startsWith("\t")) {
                if (prefix != null && proto != null && bgp && nextHop != null) {
                    Peer peer = ps.get(proto);
                    BgpRoute route = new BgpRoute(prefix, nextHop, path, origin(prefix), peer == null ? proto : peer.name(),
                            peer != null && peer.internal());
                    if (primary) {
                        routes.put(prefix, route);
                    }
                    if (all != null) {
                        List<BgpRoute> l = all.computeIfAbsent(prefix, k -> new ArrayList<>());
                        l.add(primary ? 0 : l.size(), route);
                    }
                }
                if (m.group(1) != null) {
                    prefix = Cidr.tryParse(m.group(1)).orElse(null);
                }
                proto = m.group(3);
                primary = m.group(4) != null;
                bgp = false;
                nextHop = null;
                path = new ArrayList<>();
                continue;
            }
            String t = line.trim();
            if (t.startsWith("Type: BGP")) {
                bgp = true;
            } else if (t.startsWith("BGP.next_hop:")) {
                String[] f = t.substring("BGP.next_hop:".length()).trim().split("\\s+");
                nextHop = IpAddress.tryParse(f[0]).orElse(null);
            } else if (t.startsWith("BGP.as_path:")) {
                for (String a : t.substring("BGP.as_path:".length()).trim().split("\\s+")) {
                    if (!a.isEmpty() && a.chars().allMatch(Character::isDigit)) {
                        path.add(AsNumber.parse(a));
                    }
                }
            }
        }
    }

    /**
     * The next hops of the routes BIRD programmed into a node's kernel ({@code ip route show proto bird}), per prefix:
     * one for a plain route, several for an ECMP route (BIRD's {@code merge paths on}); blackholes and routes without
     * a gateway are left out. As {@link SimulatedCluster#kernelNextHops}.
     *
     * @param node the node's name
     * @return the next hops by prefix, sorted
     */
    public Map<Cidr, SortedSet<IpAddress>> kernelNextHops(String node) {
        Netns n = def.nodes().stream().anyMatch(d -> d.name().equals(node)) ? nsOf.get(node) : null;
        if (n == null) {
            throw new IllegalArgumentException("no node '" + node + "' in this cluster");
        }
        JsonNode routes;
        try {
            routes = JSON.readTree(n.exec(List.of("ip", "-j", "-4", "route", "show", "proto", "bird"), CMD).requireSuccess().stdout());
        } catch (IOException e) {
            throw new IllegalStateException("ip -j route in " + n + ": " + e.getMessage(), e);
        }
        Map<Cidr, SortedSet<IpAddress>> out = new TreeMap<>();
        for (JsonNode r : routes) {
            Optional<Cidr> dst = Cidr.tryParse(r.path("dst").asText());
            SortedSet<IpAddress> gws = new TreeSet<>();
            if (r.hasNonNull("gateway")) {
                IpAddress.tryParse(r.get("gateway").asText()).ifPresent(gws::add);
            }
            for (JsonNode h : r.path("nexthops")) {
                if (h.hasNonNull("gateway")) {
                    IpAddress.tryParse(h.get("gateway").asText()).ifPresent(gws::add);
                }
            }
            if (dst.isPresent() && !gws.isEmpty()) {
                out.put(dst.get(), gws);
            }
        }
        return out;
    }

    private String origin(Cidr prefix) {
        for (ClusterDefinition.NodeDef d : def.nodes()) {
            BgpIntent i = intents.get(d.name());
            if (i != null && i.family(4) != null && i.family(4).exportedPrefixes().contains(prefix)) {
                return d.name();
            }
        }
        return "";
    }

    /**
     * Waits until every speaker's view has not changed for {@code quiet} (BIRD's connect delay and retry are 2 and 5
     * seconds), at most {@code max}; returns the view. The time to the last change is {@link #convergenceTime()}.
     *
     * @param quiet how long the view must stay unchanged
     * @param max   the longest to wait
     * @return the last view read
     */
    public View awaitConverged(Duration quiet, Duration max) {
        return awaitConverged(quiet, max, v -> false);
    }

    /**
     * As {@link #awaitConverged(Duration, Duration)}, also ending as soon as the view is {@code enough} (seen twice in a row).
     *
     * @param quiet  how long the view must stay unchanged
     * @param max    the longest to wait
     * @param enough a view good enough to stop early
     * @return the last view read
     * @throws IllegalStateException if interrupted while waiting
     */
    public View awaitConverged(Duration quiet, Duration max, java.util.function.Predicate<View> enough) {
        long start = System.nanoTime();
        long lastChange = start;
        View last = null;
        while (true) {
            View v = view();
            long now = System.nanoTime();
            if (!v.equals(last)) {
                lastChange = now;
                last = v;
            } else if (enough.test(v) || now - lastChange >= quiet.toNanos()) {
                convergenceTime = Duration.ofNanos(lastChange - start);
                return v;
            }
            if (now - start > max.toNanos()) {
                convergenceTime = Duration.ofNanos(now - start);
                return v;
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for BGP to converge", e);
            }
        }
    }

    /**
     * As {@link #awaitConverged(Duration, Duration)} with 8 s quiet, 90 s at most.
     *
     * @return the last view read
     */
    public View awaitConverged() {
        return awaitConverged(Duration.ofSeconds(8), Duration.ofSeconds(90));
    }

    /**
     * How long building took (namespaces, links, routes, BIRD started).
     *
     * @return the duration
     */
    public Duration setupTime() {
        return setupTime;
    }

    /**
     * From the start of the last {@link #awaitConverged} to the last change it saw.
     *
     * @return the duration
     */
    public Duration convergenceTime() {
        return convergenceTime;
    }

    // ------------------------------------------------------------------ probes

    /**
     * One probe to send: from and to, names (workload, node, router, host) or addresses, and the protocol (a TCP SYN,
     * a UDP datagram or an ICMP echo request).
     */
    public record Probe(String from, String to, Packet.Protocol protocol) {
        /**
         * A TCP probe.
         *
         * @param from the sender: a name or an address
         * @param to   the destination: a name or an address
         */
        public Probe(String from, String to) {
            this(from, to, Packet.Protocol.TCP);
        }
    }

    /**
     * Sends one TCP probe (see {@link #send(List)}).
     *
     * @param from the sender: a name or an address
     * @param to   the destination: a name or an address
     * @return its trace
     */
    public Trace send(String from, String to) {
        return send(List.of(new Probe(from, to))).get(0);
    }

    private static final Pattern ENCAP = Pattern.compile("(VXLAN|IPIP) ([0-9a-fA-F.:]+) -> ([0-9a-fA-F.:]+)");

    /**
     * Each hop's encapsulation in a trace (this cluster's or the simulator's): the place, the kind and the outer source
     * and destination, e.g. {@code n1: VXLAN 10.0.0.11 -> 10.0.0.12}; empty when nothing was encapsulated.
     *
     * @param t the trace
     * @return one line per encapsulating hop, in order
     */
    public static List<String> encapsulation(Trace t) {
        List<String> out = new ArrayList<>();
        for (Trace.Hop h : t.hops()) {
            Matcher m = ENCAP.matcher(h.detail());
            while (m.find()) {
                out.add(h.at() + ": " + m.group(1) + " " + m.group(2) + " -> " + m.group(3));
            }
        }
        return out;
    }

    /**
     * Whether a trace of this cluster ended in the stand-in {@code tunl0} (routing checked, the packet not carried).
     *
     * @param t the trace
     * @return true when it did
     */
    public static boolean endedInStandInTunnel(Trace t) {
        return t.reason().contains(STAND_IN);
    }

    private static final String STAND_IN = "stand-in tunl0";

    private record Keyed(Probe probe, int key) {
    }

    /**
     * Sends every probe at once from the source's namespace (TCP: a SYN with curl; UDP: a TFTP request with curl; ICMP:
     * one ping) and reads from every namespace where each passed (in TTL order; the underlay is left out), whether and
     * with which source it arrived, and on nodes with a kernel dataplane the outer addresses of its encapsulation. A
     * probe routed into the stand-in {@code tunl0} (IPIP without the ipip module) is not delivered: its trace names
     * the next hop the kernel chose and says so in its reason.
     *
     * @param probes the probes
     * @return their traces, in the order of {@code probes}
     */
    public List<Trace> send(List<Probe> probes) {
        List<Keyed> keyed = new ArrayList<>();
        List<CompletableFuture<CommandRunner.Result>> runs = new ArrayList<>();
        for (Probe p : probes) {
            Netns src = nsOf.get(p.from());
            if (src == null) {
                throw new IllegalArgumentException("probe " + p.from() + " -> " + p.to() + ": '" + p.from()
                        + "' is no workload, node, router or host of this cluster");
            }
            IpAddress dst = address(p.to());
            int key = nextKey(p.protocol());
            keyed.add(new Keyed(p, key));
            List<String> cmd = switch (p.protocol()) {
                case TCP -> List.of("curl", "-s", "-o", "/dev/null", "--connect-timeout", "1.5", "-m", "2", "http://" + dst + ":" + key + "/");
                case UDP -> List.of("curl", "-s", "-o", "/dev/null", "--connect-timeout", "1.5", "-m", "2", "tftp://" + dst + ":" + key + "/p");
                case ICMP -> List.of("ping", "-n", "-q", "-c", "1", "-W", "2", "-s", Integer.toString(key - 28), dst.toString());
            };
            runs.add(CompletableFuture.supplyAsync(() -> src.exec(cmd, CMD)));
        }
        runs.forEach(CompletableFuture::join);
        // Per namespace: key to the TTLs it passed with (pre, out) and the source it arrived with.
        record Seen(String place, int ttl, boolean out) {
        }
        Map<Integer, List<Seen>> seen = new HashMap<>();
        Map<Integer, Map<String, IpAddress>> got = new HashMap<>();
        Map<Integer, Map<String, List<String>>> wire = new HashMap<>();
        Map<Integer, Map<String, IpAddress>> tunnel = new HashMap<>();
        Map<Netns, CompletableFuture<String>> tables = new LinkedHashMap<>();
        for (Netns n : namespaces) {
            if (placeOf.containsKey(n.name())) {
                tables.put(n, CompletableFuture.supplyAsync(() -> n.exec(List.of("nft", "-j", "list", "ruleset"), CMD)
                        .requireSuccess().stdout()));
            }
        }
        Map<String, String> ownerNs = new HashMap<>();
        nsOf.forEach((name, n) -> ownerNs.put(n.name(), name));
        tables.forEach((n, f) -> {
            JsonNode root;
            try {
                root = JSON.readTree(f.join());
            } catch (IOException e) {
                throw new IllegalStateException("nft -j in " + n + ": " + e.getMessage(), e);
            }
            String place = placeOf.get(n.name());
            for (JsonNode item : root.path("nftables")) {
                JsonNode set = item.path("set");
                String table = set.path("table").asText();
                if (set.isMissingNode() || !table.equals("c4jprobe") && !table.equals("c4jwire")) {
                    continue;
                }
                String raw = set.path("name").asText();
                // ICMP's sets (ipre, iout, igot, itun) share the key space: lengths 128-1127, ports from 40000.
                String name = Set.of("ipre", "iout", "igot", "itun").contains(raw) ? raw.substring(1) : raw;
                for (JsonNode e : set.path("elem")) {
                    JsonNode c = e.has("concat") ? e.get("concat") : e.path("elem").path("val").path("concat");
                    if (!c.isArray() || c.size() < 2) {
                        continue;
                    }
                    int key = c.get(0).asInt();
                    switch (name) {
                        case "got" -> got.computeIfAbsent(key, k -> new HashMap<>()).put(ownerNs.get(n.name()), IpAddress.parse(c.get(1).asText()));
                        case "vx" -> wire.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(place, k -> new ArrayList<>())
                                .add("VXLAN " + c.get(1).asText() + " -> " + c.get(2).asText());
                        case "tun" -> tunnel.computeIfAbsent(key, k -> new HashMap<>()).put(place, IpAddress.parse(c.get(1).asText()));
                        default -> seen.computeIfAbsent(key, k -> new ArrayList<>()).add(new Seen(place, c.get(1).asInt(), name.equals("out")));
                    }
                }
            }
        });
        List<Trace> out = new ArrayList<>();
        for (Keyed k : keyed) {
            Probe p = k.probe();
            List<Seen> hops = new ArrayList<>(seen.getOrDefault(k.key(), List.of()));
            hops.sort(Comparator.comparingInt(Seen::ttl).reversed().thenComparing(x -> !x.out()));
            List<Trace.Hop> path = new ArrayList<>();
            String dstName = destination(p.to());
            IpAddress source = dstName == null ? null : got.getOrDefault(k.key(), Map.of()).get(dstName);
            Map<String, List<String>> encaps = wire.getOrDefault(k.key(), Map.of());
            Map<String, IpAddress> tunnels = tunnel.getOrDefault(k.key(), Map.of());
            String standIn = null;
            for (Seen x : hops) {
                if (path.isEmpty() || !path.get(path.size() - 1).at().equals(x.place())) {
                    StringBuilder detail = new StringBuilder("TTL " + x.ttl());
                    encaps.getOrDefault(x.place(), List.of()).stream().sorted().forEach(e -> detail.append(", ").append(e));
                    IpAddress via = tunnels.get(x.place());
                    if (via != null) {
                        detail.append(", IPIP ").append(address(x.place())).append(" -> ").append(via).append(" (" + STAND_IN + ")");
                        standIn = x.place() + " towards " + nameByIp.getOrDefault(via, via.toString());
                    }
                    path.add(new Trace.Hop(x.place(), "PASS", detail.toString()));
                }
            }
            if (source != null && !path.isEmpty()) {
                Trace.Hop last = path.remove(path.size() - 1);
                path.add(new Trace.Hop(last.at(), "DELIVER", last.detail()));
            }
            String reason = source != null ? "arrived at " + p.to() + " from " + source
                    : standIn != null ? "routed into the " + STAND_IN + " on " + standIn + " (no ipip module: routing only, not carried)"
                    : "did not arrive at " + p.to();
            out.add(new Trace(p.from(), p.to(), source != null, source, path, reason));
        }
        return out;
    }

    private final AtomicInteger nextUdp = new AtomicInteger(50000);
    private final AtomicInteger nextIcmp = new AtomicInteger(128);

    private int nextKey(Packet.Protocol protocol) {
        AtomicInteger counter = protocol == Packet.Protocol.TCP ? nextPort : protocol == Packet.Protocol.UDP ? nextUdp : nextIcmp;
        int key = counter.getAndIncrement();
        int last = protocol == Packet.Protocol.TCP ? 49999 : protocol == Packet.Protocol.UDP ? 59999 : 1127;
        if (key > last) {
            throw new IllegalStateException("more " + protocol + " probes than one cluster can tell apart (" + key + " > " + last + ")");
        }
        return key;
    }

    private IpAddress address(String endpoint) {
        for (ClusterDefinition.WorkloadDef w : def.workloads()) {
            if (w.name().equals(endpoint)) {
                return w.address();
            }
        }
        for (ClusterDefinition.NodeDef n : def.nodes()) {
            if (n.name().equals(endpoint)) {
                return n.address().address();
            }
        }
        for (ClusterDefinition.RouterDef r : def.routers()) {
            if (r.name().equals(endpoint)) {
                return r.address();
            }
        }
        IpAddress h = def.hosts().get(endpoint);
        if (h != null) {
            return h;
        }
        return IpAddress.tryParse(endpoint).orElseThrow(() -> new IllegalArgumentException("'" + endpoint
                + "' is no workload, node, router, host or IP address of this cluster"));
    }

    /** The name whose namespace receives packets for {@code endpoint}, or null for an address nothing here has. */
    private @Nullable String destination(String endpoint) {
        if (nsOf.containsKey(endpoint)) {
            return endpoint;
        }
        IpAddress ip = IpAddress.tryParse(endpoint).orElse(null);
        return ip == null ? null : nameByIp.get(ip);
    }

    // ------------------------------------------------------------------ closing

    /**
     * Stops every BIRD (by pid) and removes every namespace and file, also after a failed start and on an interrupted
     * thread (the interrupt is kept for the caller, but the teardown's commands run: an executor's
     * {@code shutdownNow()} after a failing test must not leave namespaces behind).
     */
    @Override
    public void close() {
        boolean interrupted = Thread.interrupted();
        try {
            closeAll();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void closeAll() {
        RuntimeException first = null;
        if (agents != null) {
            try {
                agents.close();
            } catch (RuntimeException e) {
                first = e;
            }
        }
        for (BirdController b : birds) {
            try {
                b.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            try {
                namespaces.get(i).close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        deleteTree(dir);
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "RealBirdCluster[" + id + ", " + def.nodes().size() + " nodes, " + def.routers().size() + " routers]";
    }
}
