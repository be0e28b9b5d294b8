package org.calico4j.dataplane.bgp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.calico4j.dataplane.bgp.BgpIntent.KernelAction;
import org.calico4j.dataplane.bgp.BgpIntent.PoolPolicy;
import org.calico4j.dataplane.internal.CidrTrie;
import org.calico4j.model.BgpConfiguration;
import org.calico4j.model.BgpConfigurationSpec;
import org.calico4j.model.BgpPeer;
import org.calico4j.model.BgpPeerSpec;
import org.calico4j.model.Community;
import org.calico4j.model.EncapsulationMode;
import org.calico4j.model.IpPool;
import org.calico4j.model.Node;
import org.calico4j.model.PrefixAdvertisement;
import org.calico4j.model.Resource;
import org.calico4j.model.ServiceIpBlock;
import org.calico4j.model.WorkloadEndpoint;
import org.calico4j.model.ipam.IpamBlock;
import org.calico4j.model.net.AsNumber;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.calico4j.model.selector.Selector;
import org.jspecify.annotations.Nullable;

/**
 * Every node's {@link BgpIntent}, computed from the resources with confd's rules (v3.32.1): the
 * node-to-node mesh (passive side = the greater address as a string; route reflectors leave it),
 * global and node-specific BGPPeers ({@code node}, {@code nodeSelector}, {@code peerIP},
 * {@code peerSelector}) with automatic reverse peering, AS numbers (node, global, 64512; per-peer
 * {@code localASNumber}), route-reflector clients, TTL security, passwords, timers, next-hop modes;
 * and the exports: affine blocks, borrowed /32s, pools' {@code disableBGPExport}, service ranges,
 * communities, and how learned routes are programmed per pool.
 *
 * <pre>{@code
 * Map<String, BgpIntent> all = BgpIntents.compute(resources, SecretResolver.none());
 * }</pre>
 */
public final class BgpIntents {
    /** Calico's default AS. */
    public static final AsNumber DEFAULT_AS = AsNumber.of(64512);
    static final String EXCLUDE_LABEL = "node.kubernetes.io/exclude-from-external-load-balancers";

    private record NodeInfo(String name, Map<String, String> labels, @Nullable Cidr v4, @Nullable Cidr v6, AsNumber as, String rrClusterId,
                            int listenPort) {
        @Nullable Cidr cidr(int v) {
            return v == 4 ? v4 : v6;
        }

        @Nullable IpAddress ip(int v) {
            Cidr c = cidr(v);
            return c == null ? null : c.address();
        }
    }

    private final Map<String, NodeInfo> nodes = new TreeMap<>();
    private final Map<IpAddress, NodeInfo> nodeByIp = new HashMap<>();
    private final List<BgpPeer> peers = new ArrayList<>();
    private final List<IpPool> pools = new ArrayList<>();
    private final Map<String, List<Cidr>> blocksByHost = new HashMap<>();
    private final CidrTrie<IpamBlock> blockTrie = new CidrTrie<>();
    private final Map<String, List<WorkloadEndpoint>> workloadsByNode = new HashMap<>();
    private final Map<String, BgpConfiguration> configs = new HashMap<>();
    private final SecretResolver secrets;

    private BgpIntents(SecretResolver secrets) {
        this.secrets = secrets;
    }

    /** The intent of every node among {@code resources}. */
    public static Map<String, BgpIntent> compute(Collection<? extends Resource> resources, SecretResolver secrets) {
        BgpIntents b = new BgpIntents(secrets);
        b.load(resources);
        Map<String, List<BgpSession>> v4 = b.sessions(4);
        Map<String, List<BgpSession>> v6 = b.sessions(6);
        Map<String, BgpIntent> out = new TreeMap<>();
        for (NodeInfo n : b.nodes.values()) {
            out.put(n.name(), b.intent(n, v4.getOrDefault(n.name(), List.of()), v6.getOrDefault(n.name(), List.of())));
        }
        return out;
    }

    /**
     * Calico's router ID for {@code CALICO_ROUTER_ID=hash} and for nodes without an IPv4 address:
     * the first four bytes of SHA-256(node name), the first one less 32 when above 223 (confd's
     * {@code HashToIPv4}).
     */
    public static IpAddress hashedRouterId(String node) {
        byte[] h;
        try {
            h = java.security.MessageDigest.getInstance("SHA-256").digest(node.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
        int first = h[0] & 0xff;
        if (first > 223) {
            first -= 32;
        }
        return IpAddress.parse(first + "." + (h[1] & 0xff) + "." + (h[2] & 0xff) + "." + (h[3] & 0xff));
    }

    private void load(Collection<? extends Resource> resources) {
        for (Resource r : resources) {
            if (r instanceof BgpConfiguration) {
                configs.put(r.name(), (BgpConfiguration) r);
            }
        }
        BgpConfigurationSpec global = global();
        AsNumber globalAs = global == null ? DEFAULT_AS : global.asNumber().orElse(DEFAULT_AS);
        for (Resource r : resources) {
            if (r instanceof Node) {
                Node n = (Node) r;
                Cidr v4 = n.spec().bgp().flatMap(b -> Cidr.tryParseCidrOrIp(b.ipv4Address())).orElse(null);
                Cidr v6 = n.spec().bgp().flatMap(b -> Cidr.tryParseCidrOrIp(b.ipv6Address())).orElse(null);
                AsNumber as = n.spec().bgp().flatMap(b -> b.asNumber()).orElse(globalAs);
                String rr = n.spec().bgp().map(b -> b.routeReflectorClusterID()).orElse("");
                NodeInfo info = new NodeInfo(n.name(), n.metadata().labels(), v4, v6, as, rr, listenPort(n.name()));
                nodes.put(n.name(), info);
                if (v4 != null) {
                    nodeByIp.put(v4.address(), info);
                }
                if (v6 != null) {
                    nodeByIp.put(v6.address(), info);
                }
            } else if (r instanceof BgpPeer) {
                peers.add((BgpPeer) r);
            } else if (r instanceof IpPool) {
                pools.add((IpPool) r);
            } else if (r instanceof IpamBlock) {
                IpamBlock b = (IpamBlock) r;
                blockTrie.put(b.cidr(), b);
                b.affinityHost().ifPresent(h -> blocksByHost.computeIfAbsent(h, k -> new ArrayList<>()).add(b.cidr()));
            } else if (r instanceof WorkloadEndpoint) {
                WorkloadEndpoint w = (WorkloadEndpoint) r;
                workloadsByNode.computeIfAbsent(w.spec().node(), k -> new ArrayList<>()).add(w);
            }
        }
    }

    private @Nullable BgpConfigurationSpec global() {
        BgpConfiguration c = configs.get("default");
        return c == null ? null : c.spec();
    }

    private @Nullable BgpConfigurationSpec forNode(String node) {
        BgpConfiguration c = configs.get("node." + node);
        return c == null ? null : c.spec();
    }

    private int listenPort(String node) {
        BgpConfigurationSpec n = forNode(node);
        if (n != null && n.listenPort() != 0) {
            return n.listenPort();
        }
        BgpConfigurationSpec g = global();
        return g == null ? 0 : g.listenPort();
    }

    private static int port(int p) {
        return p == 179 ? 0 : p;
    }

    private static String symbol(IpAddress ip) {
        return ip.toString().replace('.', '_').replace(':', '_');
    }

    // ------------------------------------------------------------------ sessions

    private Map<String, List<BgpSession>> sessions(int v) {
        Map<String, Map<String, BgpSession>> byNode = new TreeMap<>();
        for (NodeInfo n : nodes.values()) {
            if (n.ip(v) != null) {
                byNode.put(n.name(), new TreeMap<>());
            }
        }
        mesh(v, byNode);
        explicit(v, byNode);
        Map<String, List<BgpSession>> out = new HashMap<>();
        byNode.forEach((n, s) -> out.put(n, new ArrayList<>(s.values())));
        return out;
    }

    private void mesh(int v, Map<String, Map<String, BgpSession>> byNode) {
        BgpConfigurationSpec g = global();
        boolean enabled = g == null || g.nodeToNodeMeshEnabled().orElse(true);
        if (!enabled) {
            return;
        }
        String password = g == null ? null : g.nodeMeshPassword().flatMap(p -> p.secretKeyRef()).flatMap(secrets::resolve).orElse(null);
        String secretName = g == null ? null : g.nodeMeshPassword().flatMap(p -> p.secretKeyRef()).map(r -> r.name() + "/" + r.key()).orElse(null);
        Duration restart = g == null ? null : g.nodeMeshMaxRestartTime().map(d -> d.toDuration()).orElse(null);
        List<NodeInfo> meshed = nodes.values().stream().filter(n -> n.ip(v) != null && n.rrClusterId().isEmpty()).toList();
        // Each node's session name and address text once: a mesh of n nodes has n² sessions sharing them.
        String[] names = new String[meshed.size()];
        String[] texts = new String[meshed.size()];
        for (int i = 0; i < names.length; i++) {
            NodeInfo other = meshed.get(i);
            names[i] = "Mesh_" + symbol(other.ip(v)) + (port(other.listenPort()) == 0 ? "" : "_port_" + other.listenPort());
            texts[i] = other.ip(v).toString();
        }
        for (int m = 0; m < names.length; m++) {
            NodeInfo me = meshed.get(m);
            IpAddress own = me.ip(v);
            Map<String, BgpSession> mine = byNode.get(me.name());
            for (int o = 0; o < names.length; o++) {
                NodeInfo other = meshed.get(o);
                IpAddress ip = other.ip(v);
                if (o == m || ip.equals(own)) {
                    continue;
                }
                mine.put(names[o], new BgpSession(names[o], BgpSession.Kind.MESH, ip, port(other.listenPort()), other.as(), null, me.as(),
                        own, null, texts[o].compareTo(texts[m]) > 0, restart, null, null, password, secretName, null, null, null, List.of()));
            }
        }
    }

    private List<NodeInfo> localNodes(BgpPeerSpec s) {
        if (!s.node().isEmpty()) {
            NodeInfo n = nodes.get(s.node());
            return n == null ? List.of() : List.of(n);
        }
        if (!s.nodeSelector().isEmpty()) {
            Selector sel = Selector.tryParse(s.nodeSelector()).orElse(null);
            return sel == null ? List.of() : nodes.values().stream().filter(n -> sel.matches(n.labels())).toList();
        }
        return List.copyOf(nodes.values());
    }

    /** A peer's remote end: address, port, AS, and the Calico node it is, if it is one. */
    private record Remote(IpAddress ip, int port, AsNumber as, @Nullable NodeInfo node) {
    }

    private List<Remote> remotes(BgpPeerSpec s, int v) {
        List<Remote> out = new ArrayList<>();
        if (!s.peerIP().isEmpty()) {
            Optional<Remote> r = parsePeer(s.peerIP(), s.asNumber().orElse(null));
            r.filter(x -> x.ip().version() == v).ifPresent(out::add);
        } else if (!s.peerSelector().isEmpty()) {
            Selector sel = Selector.tryParse(s.peerSelector()).orElse(null);
            if (sel != null) {
                for (NodeInfo n : nodes.values()) {
                    if (sel.matches(n.labels()) && n.ip(v) != null) {
                        out.add(new Remote(n.ip(v), port(n.listenPort()), n.as(), n));
                    }
                }
            }
        }
        return out;
    }

    private Optional<Remote> parsePeer(String text, @Nullable AsNumber as) {
        String host = text;
        int port = 0;
        if (text.startsWith("[")) {
            int end = text.indexOf(']');
            host = text.substring(1, end);
            if (end + 1 < text.length() && text.charAt(end + 1) == ':') {
                port = Integer.parseInt(text.substring(end + 2));
            }
        } else if (text.indexOf(':') > 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = Integer.parseInt(text.substring(text.indexOf(':') + 1));
        }
        Optional<IpAddress> ip = IpAddress.tryParse(host);
        if (ip.isEmpty()) {
            return Optional.empty();
        }
        NodeInfo node = nodeByIp.get(ip.get());
        AsNumber remoteAs = as != null ? as : node != null ? node.as() : DEFAULT_AS;
        return Optional.of(new Remote(ip.get(), port(port), remoteAs, node));
    }

    private void explicit(int v, Map<String, Map<String, BgpSession>> byNode) {
        List<Reverse> reverse = new ArrayList<>();
        Map<String, Set<String>> globalTargets = new HashMap<>();
        // Global peers first: a node-specific peering to the same address and port is then skipped.
        List<BgpPeer> ordered = new ArrayList<>(peers);
        ordered.sort((a, b) -> Boolean.compare(!isGlobal(a.spec()), !isGlobal(b.spec())));
        for (BgpPeer p : ordered) {
            BgpPeerSpec s = p.spec();
            if (!s.localWorkloadSelector().isEmpty()) {
                continue;
            }
            boolean global = isGlobal(s) && s.peerSelector().isEmpty();
            List<NodeInfo> locals = localNodes(s);
            List<Remote> remotes = remotes(s, v);
            for (NodeInfo local : locals) {
                Map<String, BgpSession> mine = byNode.get(local.name());
                if (mine == null) {
                    continue;
                }
                for (Remote r : remotes) {
                    if (r.ip().equals(local.ip(v))) {
                        continue;
                    }
                    String target = r.ip() + ":" + r.port();
                    if (!global && globalTargets.getOrDefault(local.name(), Set.of()).contains(target)) {
                        continue;
                    }
                    BgpSession sess = session(global ? "Global_" : "Node_", global ? BgpSession.Kind.GLOBAL : BgpSession.Kind.NODE,
                            s, local, r, v);
                    mine.putIfAbsent(sess.name(), sess);
                    if (global) {
                        globalTargets.computeIfAbsent(local.name(), k -> new LinkedHashSet<>()).add(target);
                    }
                    boolean reversible = r.node() != null && !"Manual".equals(s.reversePeering().orElse("Auto"))
                            && (!s.peerSelector().isEmpty() || r.as().equals(r.node().as()));
                    if (reversible) {
                        NodeInfo remoteNode = r.node();
                        Remote back = new Remote(local.ip(v), port(local.listenPort()), local.as(), local);
                        reverse.add(new Reverse(remoteNode.name(), session("Node_", BgpSession.Kind.NODE, s, remoteNode, back, v)));
                    }
                }
            }
        }
        // Automatic reverse peering: the remote Calico node peers back, unless it already has a session there.
        Map<String, Set<String>> targets = new HashMap<>();
        for (Reverse r : reverse) {
            Map<String, BgpSession> theirs = byNode.get(r.owner());
            if (theirs == null) {
                continue;
            }
            Set<String> known = targets.computeIfAbsent(r.owner(), k -> {
                Set<String> t = new java.util.HashSet<>();
                theirs.values().forEach(x -> t.add(x.peerIp() + ":" + x.port()));
                return t;
            });
            BgpSession sess = r.session();
            if (known.add(sess.peerIp() + ":" + sess.port())) {
                theirs.put(sess.name(), sess);
            }
        }
    }

    private record Reverse(String owner, BgpSession session) {
    }

    private static boolean isGlobal(BgpPeerSpec s) {
        return s.node().isEmpty() && s.nodeSelector().isEmpty();
    }

    private BgpSession session(String prefix, BgpSession.Kind kind, BgpPeerSpec s, NodeInfo local, Remote r, int v) {
        String name = prefix + symbol(r.ip()) + (r.port() == 0 ? "" : "_port_" + r.port());
        AsNumber localAs = s.localASNumber().orElse(null);
        AsNumber effective = localAs != null ? localAs : local.as();
        boolean internal = r.as().equals(effective);
        String rr = internal && !local.rrClusterId().isEmpty() && (r.node() == null || !local.rrClusterId().equals(r.node().rrClusterId()))
                ? local.rrClusterId() : null;
        boolean passive = kind == BgpSession.Kind.GLOBAL && r.node() != null && r.ip().toString().compareTo(local.ip(v).toString()) > 0;
        String nextHop = s.nextHopMode().map(m -> m.equals("Self") ? "self" : m.equals("Keep") ? "keep" : null)
                .orElse(s.keepOriginalNextHop() && !internal ? "keep" : null);
        String password = s.password().flatMap(p -> p.secretKeyRef()).flatMap(secrets::resolve).orElse(null);
        String secretName = s.password().flatMap(p -> p.secretKeyRef()).map(x -> x.name() + "/" + x.key()).orElse(null);
        IpAddress reachableBy = s.reachableBy().isEmpty() ? null : IpAddress.tryParse(s.reachableBy()).orElse(null);
        return new BgpSession(name, kind, r.ip(), r.port(), r.as(), localAs, effective, "None".equals(s.sourceAddress()) ? null : local.ip(v),
                s.ttlSecurity().orElse(null), passive, s.maxRestartTime().map(d -> d.toDuration()).orElse(null),
                s.keepaliveTime().map(d -> d.toDuration()).orElse(null), rr, password, secretName, nextHop, s.numAllowedLocalASNumbers().orElse(null),
                reachableBy, s.filters());
    }

    // ------------------------------------------------------------------ exports

    private BgpIntent intent(NodeInfo n, List<BgpSession> v4, List<BgpSession> v6) {
        BgpConfigurationSpec g = global();
        BgpConfigurationSpec local = forNode(n.name());
        String log = local != null && !local.logSeverityScreen().isEmpty() ? local.logSeverityScreen()
                : g != null && !g.logSeverityScreen().isEmpty() ? g.logSeverityScreen() : "info";
        IpAddress routerId = n.ip(4);
        return new BgpIntent(n.name(), routerId, log.toLowerCase(java.util.Locale.ROOT), family(n, 4, v4), family(n, 6, v6));
    }

    private BgpIntent.@Nullable Family family(NodeInfo n, int v, List<BgpSession> sessions) {
        IpAddress own = n.ip(v);
        if (own == null) {
            return null;
        }
        BgpConfigurationSpec g = global();
        boolean birdRoutes = g == null || g.programClusterRoutes().map(x -> !x.equals("Disabled")).orElse(true);
        List<PoolPolicy> policies = new ArrayList<>();
        List<IpPool> sorted = new ArrayList<>(pools);
        sorted.sort((a, b) -> a.spec().cidr().compareTo(b.spec().cidr()));
        boolean ipipAlways = false;
        boolean ipipCross = false;
        for (IpPool p : sorted) {
            Cidr c = Cidr.tryParse(p.spec().cidr()).map(Cidr::network).orElse(null);
            if (c == null || c.version() != v) {
                continue;
            }
            EncapsulationMode vx = EncapsulationMode.fromWire(p.spec().vxlanMode()).orElse(EncapsulationMode.NEVER);
            EncapsulationMode ip = EncapsulationMode.fromWire(p.spec().ipipMode()).orElse(EncapsulationMode.NEVER);
            KernelAction k;
            if (vx != EncapsulationMode.NEVER) {
                k = KernelAction.REJECT_VXLAN;
            } else if (!birdRoutes) {
                k = KernelAction.REJECT_FELIX;
            } else if (ip == EncapsulationMode.ALWAYS && v == 4) {
                k = KernelAction.IPIP_ALWAYS;
                ipipAlways = true;
            } else if (ip == EncapsulationMode.CROSS_SUBNET && v == 4) {
                k = KernelAction.IPIP_CROSS_SUBNET;
                ipipCross = true;
            } else {
                k = KernelAction.ACCEPT;
            }
            policies.add(new PoolPolicy(c, p.spec().disableBGPExport(), k));
        }
        List<Cidr> blocks = new ArrayList<>();
        for (Cidr b : blocksByHost.getOrDefault(n.name(), List.of())) {
            if (b.version() == v) {
                blocks.add(b);
            }
        }
        blocks.sort(null);
        List<Cidr> borrowed = new ArrayList<>();
        for (WorkloadEndpoint w : workloadsByNode.getOrDefault(n.name(), List.of())) {
            for (String net : w.spec().ipNetworks()) {
                Cidr c = Cidr.tryParseCidrOrIp(net).orElse(null);
                if (c == null || c.version() != v) {
                    continue;
                }
                IpamBlock b = blockTrie.longestMatch(c.address());
                if (b != null && !b.affinityHost().map(n.name()::equals).orElse(false)) {
                    borrowed.add(Cidr.of(c.address(), c.address().bitLength()));
                }
            }
        }
        borrowed.sort(null);
        List<Cidr> statics = new ArrayList<>();
        List<Cidr> rejects = new ArrayList<>();
        List<Cidr> rrExtra = new ArrayList<>();
        if (g != null) {
            boolean excluded = "true".equals(n.labels().get(EXCLUDE_LABEL));
            boolean aggregate = g.serviceLoadBalancerAggregation().map(x -> !x.equals("Disabled")).orElse(true);
            List<Cidr> ranges = new ArrayList<>(cidrs(g.serviceClusterIPs(), v));
            cidrs(g.serviceExternalIPs(), v).stream().filter(c -> c.prefixLength() != c.address().bitLength()).forEach(ranges::add);
            if (aggregate) {
                cidrs(g.serviceLoadBalancerIPs(), v).stream().filter(c -> c.prefixLength() != c.address().bitLength()).forEach(ranges::add);
            }
            rejects.addAll(ranges);
            if (!excluded) {
                statics.addAll(ranges);
            }
            if (!n.rrClusterId().isEmpty()) {
                rrExtra.addAll(cidrs(g.serviceLoadBalancerIPs(), v));
            }
        }
        Map<Cidr, List<String>> communities = communities(n, v);
        Set<IpAddress> tunnelPeers = new TreeSet<>();
        Cidr network = n.cidr(v) == null ? null : n.cidr(v).network();
        if (ipipAlways || ipipCross) {
            for (BgpSession s : sessions) {
                if (nodeByIp.containsKey(s.peerIp()) && (ipipAlways || network == null || !network.containsAddress(s.peerIp()))) {
                    tunnelPeers.add(s.peerIp());
                }
            }
        }
        return new BgpIntent.Family(own, network, n.as(), port(n.listenPort()), sessions, blocks, borrowed, policies, statics,
                rejects, rrExtra, communities, tunnelPeers, !n.rrClusterId().isEmpty());
    }

    private static List<Cidr> cidrs(List<ServiceIpBlock> blocks, int v) {
        List<Cidr> out = new ArrayList<>();
        for (ServiceIpBlock b : blocks) {
            Cidr.tryParseCidrOrIp(b.cidr()).map(Cidr::network).filter(c -> c.version() == v).ifPresent(out::add);
        }
        return out;
    }

    /** prefixAdvertisements (the node's own list replaces the global one): names resolved, duplicates dropped, sorted as text. */
    private Map<Cidr, List<String>> communities(NodeInfo n, int v) {
        BgpConfigurationSpec g = global();
        BgpConfigurationSpec local = forNode(n.name());
        List<PrefixAdvertisement> ads = local != null && !local.prefixAdvertisements().isEmpty() ? local.prefixAdvertisements()
                : g == null ? List.of() : g.prefixAdvertisements();
        Map<String, String> names = new HashMap<>();
        if (g != null) {
            for (Community c : g.communities()) {
                names.put(c.name(), c.value());
            }
        }
        Map<Cidr, List<String>> out = new LinkedHashMap<>();
        for (PrefixAdvertisement a : ads) {
            Cidr c = Cidr.tryParse(a.cidr()).map(Cidr::network).orElse(null);
            if (c == null || c.version() != v) {
                continue;
            }
            TreeSet<String> values = new TreeSet<>();
            for (String x : a.communities()) {
                values.add(names.getOrDefault(x, x));
            }
            out.put(c, new ArrayList<>(values));
        }
        return out;
    }
}
