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
import org.calico4j.dataplane.internal.BlockIndex;
import org.calico4j.client.CalicoClient;
import org.calico4j.client.NotFoundException;
import org.calico4j.client.SkippedValue;
import org.calico4j.client.spi.ListResult;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.model.BgpConfiguration;
import org.calico4j.model.BgpConfigurationSpec;
import org.calico4j.model.BgpPeer;
import org.calico4j.model.BgpPeerSpec;
import org.calico4j.model.Community;
import org.calico4j.model.EncapsulationMode;
import org.calico4j.model.IpPool;
import org.calico4j.model.Kind;
import org.calico4j.model.Node;
import org.calico4j.model.PrefixAdvertisement;
import org.calico4j.model.Resource;
import org.calico4j.model.ServiceIpBlock;
import org.calico4j.model.WorkloadEndpoint;
import org.calico4j.model.ipam.AffinityState;
import org.calico4j.model.ipam.BlockAffinity;
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

    /**
     * A node as confd sees it.
     *
     * @param as             its AS (its own, else the global one)
     * @param ownAs          the AS set on the node, or null
     * @param nodeListenPort listenPort of its {@code node.<name>} BGPConfiguration (0 = none)
     * @param listenPort     the port it listens on (node's, else global; 0 = BGP's default)
     */
    private record NodeInfo(String name, Map<String, String> labels, @Nullable Cidr v4, @Nullable Cidr v6, AsNumber as, @Nullable AsNumber ownAs,
                            String rrClusterId, int nodeListenPort, int listenPort) {
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
    /** Per host, its block affinities and their states (confd's /calico/ipam/v2/host/<host>/ipvN/block). */
    private final Map<String, Map<Cidr, AffinityState>> affinities = new HashMap<>();
    private final BlockIndex<IpamBlock> blockIndex = new BlockIndex<>();
    private final Map<String, List<WorkloadEndpoint>> workloadsByNode = new HashMap<>();
    /** Per node, its workloads' addresses (each WorkloadEndpoint's ipNetworks parsed once, unparseable ones left out). */
    private final Map<String, List<Cidr>> workloadNetsByNode = new HashMap<>();
    private final Map<String, BgpConfiguration> configs = new HashMap<>();
    private final SecretResolver secrets;

    private BgpIntents(SecretResolver secrets) {
        this.secrets = secrets;
    }

    /**
     * The intent of every node among {@code resources}.
     *
     * @param resources Nodes, BGPPeers, BGPConfigurations, BGPFilters, IPPools and the IPAM blocks
     * @param secrets   resolves BGP passwords
     * @return each node's intent, by Node name
     */
    public static Map<String, BgpIntent> compute(Collection<? extends Resource> resources, SecretResolver secrets) {
        BgpIntents b = new BgpIntents(secrets);
        b.load(resources);
        b.computePeerings();
        Map<String, List<BgpSession>> v4 = b.sessions(4);
        Map<String, List<BgpSession>> v6 = b.sessions(6);
        Map<String, BgpIntent> out = new TreeMap<>();
        for (NodeInfo n : b.nodes.values()) {
            out.put(n.name(), b.intent(n, v4.getOrDefault(n.name(), List.of()), v6.getOrDefault(n.name(), List.of())));
        }
        return out;
    }

    /** The kinds a node's BGP configuration reads (confd's inputs). */
    static final List<Kind> INPUTS = List.of(Kind.NODE, Kind.BGP_PEER, Kind.BGP_CONFIGURATION, Kind.BGP_FILTER, Kind.IP_POOL,
            Kind.IPAM_BLOCK, Kind.BLOCK_AFFINITY, Kind.WORKLOAD_ENDPOINT);

    /**
     * One node's intent from everything in {@code client}'s datastore BGP reads (nodes, BGP peers,
     * configurations and filters, IP pools, IPAM blocks and block affinities, workload endpoints),
     * listed at one revision.
     *
     * <pre>{@code
     * BgpIntent n1 = BgpIntents.forNode(client, "node-1", SecretResolver.none());
     * }</pre>
     *
     * @param client  the datastore to read the inputs from
     * @param node    the Node's name
     * @param secrets resolves BGP peer passwords held in secrets
     * @return the node's BGP intent
     * @throws NotFoundException when there is no Node named {@code node} (naming the nodes there are)
     * @throws IllegalStateException when the datastore holds an input it cannot decode (BGP would be rendered without it)
     */
    public static BgpIntent forNode(CalicoClient client, String node, SecretResolver secrets) {
        return forNode(inputs(client), node, secrets);
    }

    static BgpIntent forNode(List<Resource> inputs, String node, SecretResolver secrets) {
        BgpIntent mine = compute(inputs, secrets).get(node);
        if (mine == null) {
            List<String> names = inputs.stream().filter(r -> r instanceof Node).map(Resource::name).sorted().toList();
            throw new NotFoundException(ResourceKey.of(Kind.NODE, node), "no Node named '" + node
                    + "': no BGP configuration to render (nodes: "
                    + (names.size() <= 20 ? names : names.subList(0, 20) + " and " + (names.size() - 20) + " more") + ")");
        }
        return mine;
    }

    /** Every resource BGP reads, listed at one revision; a value the datastore cannot decode is an error, not a gap. */
    static List<Resource> inputs(CalicoClient client) {
        List<Resource> out = new ArrayList<>();
        List<SkippedValue> skipped = new ArrayList<>();
        long rev = 0;
        for (Kind k : INPUTS) {
            ListResult r = client.datastore().list(k, rev);
            rev = r.revision();
            r.items().forEach(v -> out.add(v.value()));
            skipped.addAll(r.skipped());
        }
        if (!skipped.isEmpty()) {
            throw new IllegalStateException("cannot compute BGP from the datastore: it holds " + skipped.size()
                    + " value(s) BGP reads that cannot be decoded, e.g. " + skipped.get(0));
        }
        return out;
    }

    /**
     * Calico's router ID for {@code CALICO_ROUTER_ID=hash} and for nodes without an IPv4 address:
     * the first four bytes of SHA-256(node name), the first one less 32 when above 223 (confd's
     * {@code HashToIPv4}).
     *
     * @param node a Node name
     * @return the router ID
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
                AsNumber own = n.spec().bgp().flatMap(b -> b.asNumber()).orElse(null);
                String rr = n.spec().bgp().map(b -> b.routeReflectorClusterID()).orElse("");
                BgpConfigurationSpec nc = forNode(n.name());
                NodeInfo info = new NodeInfo(n.name(), n.metadata().labels(), v4, v6, own != null ? own : globalAs, own, rr,
                        nc == null ? 0 : nc.listenPort(), listenPort(n.name()));
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
                blockIndex.put(b.cidr(), b);
                b.affinityHost().ifPresent(h -> blocksByHost.computeIfAbsent(h, k -> new ArrayList<>()).add(b.cidr()));
            } else if (r instanceof BlockAffinity) {
                BlockAffinity a = (BlockAffinity) r;
                if (!a.deleted()) {
                    affinities.computeIfAbsent(a.host(), k -> new HashMap<>()).put(a.cidr(), a.state());
                }
            } else if (r instanceof WorkloadEndpoint) {
                WorkloadEndpoint w = (WorkloadEndpoint) r;
                workloadsByNode.computeIfAbsent(w.spec().node(), k -> new ArrayList<>()).add(w);
                List<Cidr> nets = workloadNetsByNode.computeIfAbsent(w.spec().node(), k -> new ArrayList<>());
                for (String net : w.spec().ipNetworks()) {
                    Cidr.tryParseCidrOrIp(net).ifPresent(nets::add);
                }
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

    private static final java.util.regex.Pattern COMMUNITY = java.util.regex.Pattern.compile("\\d+:\\d+(:\\d+)?");

    private static String symbol(IpAddress ip) {
        return ip.toString().replace('.', '_').replace(':', '_');
    }

    // ------------------------------------------------------------------ sessions

    private Map<String, List<BgpSession>> sessions(int v) {
        Map<String, List<BgpSession>> out = new HashMap<>();
        Mesh mesh = mesh(v);
        for (NodeInfo n : nodes.values()) {
            if (n.ip(v) == null) {
                continue;
            }
            Map<String, BgpSession> mine = new TreeMap<>();
            for (PeerData d : peerings.global().values()) {
                build(n, v, d, d.localBgpPeer() ? "Local_Workload" : "Global", mine);
            }
            for (PeerData d : peerings.byNode().getOrDefault(n.name(), Map.of()).values()) {
                build(n, v, d, d.localBgpPeer() ? "Local_Workload" : "Node", mine);
            }
            if (mesh == null || !n.rrClusterId().isEmpty()) {
                out.put(n.name(), new ArrayList<>(mine.values()));
            } else {
                // No peering is named like a mesh session, so the node's own sessions sort wholly before or after them.
                List<BgpSession> before = new ArrayList<>();
                List<BgpSession> after = new ArrayList<>();
                mine.forEach((name, s) -> (name.compareTo(MESH_PREFIX) < 0 ? before : after).add(s));
                MeshView view = new MeshView(mesh, n, v);
                out.put(n.name(), new SessionList(before, view, after, view.part(before.size())));
            }
        }
        return out;
    }

    private static final String MESH_PREFIX = "Mesh_";

    /**
     * confd's processMeshPeers, shared by every member: the nodes a mesh member peers with (every node with an address
     * of this version that is not a route reflector; one per session name, the last by node name, as each member's
     * sessions keyed by name keep it), sorted by session name; and the mesh's settings.
     */
    private record Mesh(NodeInfo[] peers, String[] names, IpAddress[] ips, String[] ipTexts, Map<IpAddress, Integer> index,
                        @Nullable String password, @Nullable String secretName, @Nullable Duration restart, int globalPort,
                        List<IpAddress> members) {
    }

    private @Nullable Mesh mesh(int v) {
        BgpConfigurationSpec g = global();
        boolean enabled = g == null || g.nodeToNodeMeshEnabled().orElse(true);
        if (!enabled) {
            return null;
        }
        String password = g == null ? null : g.nodeMeshPassword().flatMap(p -> p.secretKeyRef()).flatMap(secrets::resolve).orElse(null);
        String secretName = g == null ? null : g.nodeMeshPassword().flatMap(p -> p.secretKeyRef()).map(r -> r.name() + "/" + r.key()).orElse(null);
        Duration restart = g == null ? null : g.nodeMeshMaxRestartTime().map(d -> Duration.ofSeconds(Math.round(d.toDuration().toMillis() / 1000.0)))
                .orElse(null);
        TreeMap<String, NodeInfo> byName = new TreeMap<>();
        for (NodeInfo other : nodes.values()) {
            IpAddress ip = other.ip(v);
            if (ip != null && other.rrClusterId().isEmpty()) {
                byName.put(MESH_PREFIX + symbol(ip), other);
            }
        }
        int size = byName.size();
        NodeInfo[] peers = byName.values().toArray(new NodeInfo[0]);
        String[] names = byName.keySet().toArray(new String[0]);
        IpAddress[] ips = new IpAddress[size];
        String[] texts = new String[size];
        Map<IpAddress, Integer> index = new HashMap<>();
        for (int i = 0; i < size; i++) {
            ips[i] = peers[i].ip(v);
            texts[i] = ips[i].toString();
            index.put(ips[i], i);
        }
        return new Mesh(peers, names, ips, texts, index, password, secretName, restart, g == null ? 0 : g.listenPort(), List.of(ips));
    }

    /**
     * A mesh member's tunnel peers: those of its own sessions, and its mesh peers (all, or those off {@code network}),
     * each once. Immutable; computed when read.
     */
    private static final class MeshTunnelPeers extends java.util.AbstractSet<IpAddress> implements ImmutableView {
        private final Set<IpAddress> own;
        private final MeshView mesh;
        private final @Nullable Cidr offNetwork;
        private int size = -1;

        MeshTunnelPeers(Set<IpAddress> own, MeshView mesh, @Nullable Cidr offNetwork) {
            this.own = Set.copyOf(own);
            this.mesh = mesh;
            this.offNetwork = offNetwork;
        }

        private boolean fromMesh(int i) {
            IpAddress ip = mesh.mesh.ips()[i];
            return i != mesh.self && (offNetwork == null || !offNetwork.containsAddress(ip)) && !own.contains(ip);
        }

        @Override
        public boolean contains(Object o) {
            if (own.contains(o)) {
                return true;
            }
            Integer i = o instanceof IpAddress ip ? mesh.mesh.index().get(ip) : null;
            return i != null && fromMesh(i);
        }

        @Override
        public java.util.Iterator<IpAddress> iterator() {
            List<IpAddress> all = new ArrayList<>(own);
            for (int i = 0; i < mesh.mesh.ips().length; i++) {
                if (fromMesh(i)) {
                    all.add(mesh.mesh.ips()[i]);
                }
            }
            return java.util.Collections.unmodifiableList(all).iterator();
        }

        @Override
        public int size() {
            int s = size;
            if (s < 0) {
                s = own.size();
                for (int i = 0; i < mesh.mesh.ips().length; i++) {
                    if (fromMesh(i)) {
                        s++;
                    }
                }
                size = s;
            }
            return s;
        }

        @Override
        public boolean isEmpty() {
            return size() == 0;
        }
    }

    /** One member's mesh sessions: every mesh peer but the one at its own address, each session made when asked for. */
    private static final class MeshView extends java.util.AbstractList<BgpSession> implements java.util.RandomAccess, MeshSessions.MeshPeers {
        private final Mesh mesh;
        private final AsNumber as;
        private final IpAddress own;
        private final String ownText;
        /** The position of the peer at the member's own address (skipped), or -1. */
        private final int self;

        MeshView(Mesh mesh, NodeInfo me, int v) {
            this.mesh = mesh;
            this.as = me.as();
            this.own = me.ip(v);
            this.ownText = own.toString();
            int at = java.util.Arrays.binarySearch(mesh.names(), MESH_PREFIX + symbol(own));
            this.self = at >= 0 ? at : -1;
        }

        @Override
        public int size() {
            return mesh.peers().length - (self >= 0 ? 1 : 0);
        }

        @Override
        public int member(int index) {
            return self >= 0 && index >= self ? index + 1 : index;
        }

        @Override
        public AsNumber peerAs(int index) {
            // The peer's AS: its own, else this node's (confd falls back to the local config's AS).
            NodeInfo other = mesh.peers()[member(index)];
            return other.ownAs() != null ? other.ownAs() : as;
        }

        /** {@return the mesh as read without sessions, starting at {@code start} in the member's sessions} */
        MeshSessions part(int start) {
            return new MeshSessions(start, mesh.members(), this);
        }

        @Override
        public BgpSession get(int index) {
            if (index < 0 || index >= size()) {
                throw new IndexOutOfBoundsException("mesh session " + index + " of " + size());
            }
            int i = member(index);
            NodeInfo other = mesh.peers()[i];
            IpAddress ip = mesh.ips()[i];
            AsNumber peerAs = peerAs(index);
            int port = other.nodeListenPort() != 0 ? other.nodeListenPort() : mesh.globalPort();
            return new BgpSession(mesh.names()[i], BgpSession.Kind.MESH, ip, port, peerAs, null, as, own, null,
                    mesh.ipTexts()[i].compareTo(ownText) > 0, mesh.restart(), null, null, mesh.password(), mesh.secretName(), null, null,
                    null, List.of());
        }
    }

    /** confd's buildPeerFromData for one stored peering. */
    private void build(NodeInfo me, int v, PeerData d, String prefix, Map<String, BgpSession> mine) {
        IpAddress own = me.ip(v);
        if (d.ip().version() != v || d.ip().equals(own)) {
            return;
        }
        String name = prefix + "_" + symbol(d.ip()) + (d.port() > 0 ? "_port_" + d.port() : "");
        AsNumber effective = d.localAs() != null ? d.localAs() : me.as();
        boolean internal = d.as().equals(effective);
        String rr = internal && !me.rrClusterId().isEmpty() && !me.rrClusterId().equals(d.rrClusterId()) ? me.rrClusterId() : null;
        boolean passive = d.passiveMode();
        if (!passive && !prefix.equals("Node") && d.calicoNode() && d.ip().toString().compareTo(own.toString()) > 0) {
            passive = true;
        }
        String nextHop = "Self".equals(d.nextHopMode()) ? "self" : "Keep".equals(d.nextHopMode()) || (d.keepNextHop() && !internal) ? "keep" : null;
        BgpSession.Kind kind = prefix.equals("Global") ? BgpSession.Kind.GLOBAL : prefix.equals("Node") ? BgpSession.Kind.NODE
                : BgpSession.Kind.LOCAL_WORKLOAD;
        mine.put(name, new BgpSession(name, kind, d.ip(), d.port(), d.as(), d.localAs(), effective,
                "UseNodeIP".equals(d.sourceAddr()) ? own : null, d.ttlSecurity() > 0 ? d.ttlSecurity() : null, passive,
                d.restartTime(), d.keepaliveTime(), rr, d.password(), d.passwordSecret(), nextHop,
                d.numAllowLocalAs() > 0 ? d.numAllowLocalAs() : null, d.reachableBy(), d.filters()));
    }

    /** One stored peering (confd's {@code bgpPeer} JSON under /calico/bgp/v1/.../peer_vN). */
    private record PeerData(IpAddress ip, int port, AsNumber as, @Nullable AsNumber localAs, String rrClusterId, @Nullable String password,
                            @Nullable String passwordSecret, String sourceAddr, boolean keepNextHop, String nextHopMode,
                            @Nullable Duration restartTime, @Nullable Duration keepaliveTime, boolean calicoNode, int numAllowLocalAs,
                            int ttlSecurity, @Nullable IpAddress reachableBy, List<String> filters, boolean passiveMode, boolean localBgpPeer) {
        String key() {
            return ip + "|" + port;
        }
    }

    /** The peerings confd's updatePeersV1 stores: global ones by (ip, port), node-specific ones by node and (ip, port). */
    private record Peerings(Map<String, PeerData> global, Map<String, Map<String, PeerData>> byNode) {
    }

    private Peerings peerings = new Peerings(Map.of(), Map.of());

    private static @Nullable Duration seconds(java.util.Optional<org.calico4j.model.GoDuration> d) {
        return d.map(x -> Duration.ofSeconds(Math.round(x.toDuration().toMillis() / 1000.0))).orElse(null);
    }

    private List<String> nodesMatching(String selector) {
        Selector sel = Selector.tryParse(selector).orElse(null);
        return sel == null ? List.of() : nodes.values().stream().filter(n -> sel.matches(n.labels())).map(NodeInfo::name).toList();
    }

    /** {@code <ip>}, {@code <ip>:<port>} or {@code [<v6>]:<port>}, as Go's net.SplitHostPort reads them. */
    private static String[] splitHostPort(String text) {
        if (text.startsWith("[")) {
            int end = text.indexOf(']');
            if (end > 0 && end + 1 < text.length() && text.charAt(end + 1) == ':') {
                return new String[] {text.substring(1, end), text.substring(end + 2)};
            }
            return new String[] {text, "0"};
        }
        int colon = text.indexOf(':');
        if (colon > 0 && colon == text.lastIndexOf(':')) {
            return new String[] {text.substring(0, colon), text.substring(colon + 1)};
        }
        return new String[] {text, "0"};
    }

    private static int parsePort(String p) {
        try {
            int n = Integer.parseInt(p);
            return n > 0 && n <= 65535 ? n : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private int globalListenPort() {
        BgpConfigurationSpec g = global();
        return g == null ? 0 : g.listenPort();
    }

    /** confd's nodesWithIPPortAndAS. */
    private List<NodeInfo> nodesWithIpPortAndAs(String ip, @Nullable AsNumber as, int port) {
        AsNumber wanted = as != null ? as : globalAs();
        List<NodeInfo> out = new ArrayList<>();
        for (NodeInfo n : nodes.values()) {
            boolean sameIp = (n.v4() != null && n.v4().address().toString().equals(ip)) || (n.v6() != null && n.v6().address().toString().equals(ip));
            if (!sameIp || !n.as().equals(wanted)) {
                continue;
            }
            if (port != 0) {
                if (n.nodeListenPort() != 0 && port != n.nodeListenPort()) {
                    continue;
                } else if (n.nodeListenPort() == 0 && globalListenPort() != 0 && globalListenPort() != port) {
                    continue;
                }
            }
            out.add(n);
        }
        return out;
    }

    private AsNumber globalAs() {
        BgpConfigurationSpec g = global();
        return g == null ? DEFAULT_AS : g.asNumber().orElse(DEFAULT_AS);
    }

    /** confd's nodeAsBGPPeers: a Calico node as the remote end (its address per version, port, AS, cluster ID). */
    private List<PeerData> nodeAsPeers(NodeInfo n, boolean v4, boolean v6, BgpPeerSpec s) {
        List<PeerData> out = new ArrayList<>();
        for (Cidr c : new Cidr[] {v4 ? n.v4() : null, v6 ? n.v6() : null}) {
            if (c == null) {
                continue;
            }
            int port = n.nodeListenPort() != 0 ? n.nodeListenPort() : globalListenPort();
            out.add(withConfig(new PeerData(c.address(), port, n.as(), null, n.rrClusterId(), null, null, "", !s.nextHopMode().isPresent()
                    && s.keepOriginalNextHop(), s.nextHopMode().orElse(""), null, null, false, 0, s.ttlSecurity().orElse(0),
                    IpAddress.tryParse(s.reachableBy()).orElse(null), s.filters(), false, false), s));
        }
        return out;
    }

    /** confd's setPeerConfigFieldsFromV3Resource: password, source address, restart and keepalive times. */
    private PeerData withConfig(PeerData d, BgpPeerSpec s) {
        String password = s.password().flatMap(p -> p.secretKeyRef()).flatMap(secrets::resolve).orElse(null);
        String secretName = s.password().flatMap(p -> p.secretKeyRef()).map(x -> x.name() + "/" + x.key()).orElse(null);
        String source = s.sourceAddress().isEmpty() ? "UseNodeIP" : s.sourceAddress();
        return new PeerData(d.ip(), d.port(), d.as(), d.localAs(), d.rrClusterId(), password, secretName, source, d.keepNextHop(),
                d.nextHopMode(), seconds(s.maxRestartTime()), seconds(s.keepaliveTime()), d.calicoNode(), d.numAllowLocalAs(),
                d.ttlSecurity(), d.reachableBy(), d.filters(), d.passiveMode(), d.localBgpPeer());
    }

    /** confd's updatePeersV1: global peerings first, then node-specific ones, then automatic reverse peerings. */
    private void computePeerings() {
        Map<String, PeerData> global = new LinkedHashMap<>();
        Map<String, Map<String, PeerData>> byNode = new TreeMap<>();
        List<BgpPeer> sorted = new ArrayList<>(peers);
        sorted.sort(java.util.Comparator.comparing(BgpPeer::name));
        for (boolean globalPass : new boolean[] {true, false}) {
            for (BgpPeer p : sorted) {
                BgpPeerSpec s = p.spec();
                if (globalPass != isGlobal(s)) {
                    continue;
                }
                List<String> localNodes = !s.nodeSelector().isEmpty() ? nodesMatching(s.nodeSelector())
                        : !s.node().isEmpty() ? List.of(s.node()) : List.of();
                if (!s.localWorkloadSelector().isEmpty()) {
                    // Local workload peers are per node (Felix's active BGP peer of each workload on it).
                    for (NodeInfo n : nodes.values()) {
                        if (!globalPass && !localNodes.contains(n.name())) {
                            continue;
                        }
                        for (PeerData d : localWorkloadPeers(n, p)) {
                            emit(byNode.computeIfAbsent(n.name(), k -> new LinkedHashMap<>()), global, d);
                        }
                    }
                    continue;
                }
                List<PeerData> remote = new ArrayList<>();
                if (!s.peerSelector().isEmpty()) {
                    for (String name : nodesMatching(s.peerSelector())) {
                        remote.addAll(nodeAsPeers(nodes.get(name), true, true, s));
                    }
                } else {
                    String[] hp = splitHostPort(s.peerIP());
                    IpAddress ip = IpAddress.tryParse(hp[0]).orElse(null);
                    if (ip == null) {
                        continue;
                    }
                    int port = parsePort(hp[1]);
                    if (port == 0) {
                        List<NodeInfo> match = nodesWithIpPortAndAs(hp[0], s.asNumber().orElse(null), 0);
                        if (!match.isEmpty()) {
                            port = match.get(0).nodeListenPort() != 0 ? match.get(0).nodeListenPort() : globalListenPort();
                        }
                    }
                    IpAddress reachable = null;
                    if (!s.reachableBy().isEmpty()) {
                        reachable = IpAddress.tryParse(s.reachableBy()).orElse(null);
                        if (reachable == null || reachable.version() != ip.version()) {
                            continue;
                        }
                    }
                    remote.add(withConfig(new PeerData(ip, port, s.asNumber().orElse(AsNumber.of(0)), s.localASNumber().orElse(null), "", null, null,
                            "", !s.nextHopMode().isPresent() && s.keepOriginalNextHop(), s.nextHopMode().orElse(""), null, null,
                            nodeByIp.containsKey(ip), s.numAllowedLocalASNumbers().orElse(0), s.ttlSecurity().orElse(0), reachable, s.filters(),
                            false, false), s));
                }
                for (PeerData d : remote) {
                    if (globalPass) {
                        global.putIfAbsent(d.key(), d);
                    } else {
                        for (String n : localNodes) {
                            emit(byNode.computeIfAbsent(n, k -> new LinkedHashMap<>()), global, d);
                        }
                    }
                }
            }
        }
        for (BgpPeer p : sorted) {
            BgpPeerSpec s = p.spec();
            if ("Manual".equals(s.reversePeering().orElse("")) || !s.localWorkloadSelector().isEmpty()) {
                continue;
            }
            List<String> localNodes;
            boolean v4;
            boolean v6;
            if (!s.peerSelector().isEmpty()) {
                localNodes = nodesMatching(s.peerSelector());
                v4 = true;
                v6 = true;
            } else {
                String[] hp = splitHostPort(s.peerIP());
                localNodes = nodesWithIpPortAndAs(hp[0], s.asNumber().orElse(null), parsePort(hp[1])).stream().map(NodeInfo::name).toList();
                v6 = hp[0].contains(":");
                v4 = !v6;
            }
            if (localNodes.isEmpty()) {
                continue;
            }
            List<String> peerNodes = !s.nodeSelector().isEmpty() ? nodesMatching(s.nodeSelector())
                    : !s.node().isEmpty() ? List.of(s.node()) : new ArrayList<>(nodes.keySet());
            List<PeerData> back = new ArrayList<>();
            for (String name : peerNodes) {
                NodeInfo n = nodes.get(name);
                if (n != null) {
                    back.addAll(nodeAsPeers(n, v4, v6, s));
                }
            }
            for (PeerData d : back) {
                for (String n : localNodes) {
                    emit(byNode.computeIfAbsent(n, k -> new LinkedHashMap<>()), global, d);
                }
            }
        }
        peerings = new Peerings(global, byNode);
    }

    /** First peering wins; a node-specific one is dropped when a global one has its address and port. */
    private static void emit(Map<String, PeerData> mine, Map<String, PeerData> global, PeerData d) {
        if (global.containsKey(d.key())) {
            return;
        }
        mine.putIfAbsent(d.key(), d);
    }

    /**
     * Workloads on {@code n} whose active BGP peer is {@code p}: Felix gives each workload the first BGPPeer by
     * name whose localWorkloadSelector matches it among those that select the node.
     */
    private List<PeerData> localWorkloadPeers(NodeInfo n, BgpPeer p) {
        List<PeerData> out = new ArrayList<>();
        for (WorkloadEndpoint w : workloadsByNode.getOrDefault(n.name(), List.of())) {
            Map<String, String> labels = w.metadata().labels();
            String active = null;
            for (BgpPeer q : peers.stream().sorted(java.util.Comparator.comparing(BgpPeer::name)).toList()) {
                BgpPeerSpec qs = q.spec();
                boolean selectsNode = qs.node().equals(n.name()) || (qs.node().isEmpty()
                        && Selector.tryParse(qs.nodeSelector().isEmpty() ? "all()" : qs.nodeSelector()).map(x -> x.matches(n.labels())).orElse(false));
                if (!qs.localWorkloadSelector().isEmpty() && selectsNode
                        && Selector.tryParse(qs.localWorkloadSelector()).map(x -> x.matches(labels)).orElse(false)) {
                    active = q.name();
                    break;
                }
            }
            if (!p.name().equals(active)) {
                continue;
            }
            BgpPeerSpec s = p.spec();
            for (String net : w.spec().ipNetworks()) {
                Cidr c = Cidr.tryParseCidrOrIp(net).orElse(null);
                if (c == null) {
                    continue;
                }
                out.add(new PeerData(c.address(), 0, s.asNumber().orElse(AsNumber.of(0)), s.localASNumber().orElse(null), "", null, null, "None",
                        false, "", null, null, false, 0, 0, null, s.filters(), true, true));
            }
        }
        return out;
    }

    private static boolean isGlobal(BgpPeerSpec s) {
        return s.node().isEmpty() && s.nodeSelector().isEmpty();
    }

    // ------------------------------------------------------------------ exports

    private BgpIntent intent(NodeInfo n, List<BgpSession> v4, List<BgpSession> v6) {
        BgpConfigurationSpec g = global();
        BgpConfigurationSpec local = forNode(n.name());
        String log = local != null && !local.logSeverityScreen().isEmpty() ? local.logSeverityScreen()
                : g != null && !g.logSeverityScreen().isEmpty() ? g.logSeverityScreen() : "info";
        // BIRD knows none, debug and info: confd passes debug and info on and turns every other level into none.
        log = log.toLowerCase(java.util.Locale.ROOT);
        if (!log.equals("debug") && !log.equals("info")) {
            log = "none";
        }
        // A node without IPv4 gets Calico's hashed router ID (calico-node sets CALICO_ROUTER_ID=hash for it).
        IpAddress routerId = n.ip(4) != null ? n.ip(4) : hashedRouterId(n.name());
        List<String> ignored = g == null ? List.of() : g.ignoredInterfaces();
        return new BgpIntent(n.name(), routerId, log, ignored, family(n, 4, v4), family(n, 6, v6));
    }

    private BgpIntent.Family family(NodeInfo n, int v, List<BgpSession> sessions) {
        IpAddress own = n.ip(v);
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
        // Blocks: the node's block affinities (confirmed ones blackholed and aggregated, pendingDeletion ones only
        // blackholed, pending ones left out, as confd's bird_aggr does); blocks affine to it without an affinity record
        // count as confirmed.
        List<Cidr> blocks = new ArrayList<>();
        List<Cidr> releasing = new ArrayList<>();
        Map<Cidr, AffinityState> mine = affinities.getOrDefault(n.name(), Map.of());
        for (Map.Entry<Cidr, AffinityState> e : mine.entrySet()) {
            if (e.getKey().version() != v) {
                continue;
            }
            if (e.getValue() == AffinityState.CONFIRMED) {
                blocks.add(e.getKey());
            } else if (e.getValue() == AffinityState.PENDING_DELETION) {
                releasing.add(e.getKey());
            }
        }
        for (Cidr b : blocksByHost.getOrDefault(n.name(), List.of())) {
            if (b.version() == v && !mine.containsKey(b)) {
                blocks.add(b);
            }
        }
        blocks.sort(java.util.Comparator.comparing(Cidr::toString));
        releasing.sort(java.util.Comparator.comparing(Cidr::toString));
        List<Cidr> borrowed = new ArrayList<>();
        for (Cidr c : workloadNetsByNode.getOrDefault(n.name(), List.of())) {
            if (c.version() != v) {
                continue;
            }
            Cidr holding = blockIndex.containing(c.address());
            IpamBlock b = holding == null ? null : blockIndex.get(holding);
            if (b != null && !b.affinityHost().map(n.name()::equals).orElse(false)) {
                borrowed.add(Cidr.of(c.address(), c.address().bitLength()));
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
            MeshView mesh = sessions instanceof SessionList l && l.mesh() instanceof MeshView m ? m : null;
            for (BgpSession s : sessions instanceof SessionList l ? l.own() : sessions) {
                if (nodeByIp.containsKey(s.peerIp()) && (ipipAlways || network == null || !network.containsAddress(s.peerIp()))) {
                    tunnelPeers.add(s.peerIp());
                }
            }
            if (mesh != null) {
                // Every mesh peer is a node: through tunl0 when IPIP is Always, or when it is off this node's subnet.
                tunnelPeers = new MeshTunnelPeers(tunnelPeers, mesh, ipipAlways ? null : network);
            }
        }
        IpAddress listenAddress = g != null && "NodeIP".equals(g.bindMode().orElse("")) ? own : null;
        int priority = g == null ? 1024 : (v == 4 ? g.ipv4NormalRoutePriority() : g.ipv6NormalRoutePriority()).orElse(1024);
        return new BgpIntent.Family(own, network, n.as(), n.listenPort(), listenAddress, priority, sessions, blocks, releasing, borrowed,
                policies, statics, rejects, rrExtra, communities, tunnelPeers, !n.rrClusterId().isEmpty());
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
        // The node's own prefixAdvertisements replace the global ones; names are looked up in the same resource.
        BgpConfigurationSpec source = local != null && !local.prefixAdvertisements().isEmpty() ? local : g;
        List<PrefixAdvertisement> ads = source == null ? List.of() : source.prefixAdvertisements();
        Map<String, String> names = new HashMap<>();
        if (source != null) {
            for (Community c : source.communities()) {
                names.putIfAbsent(c.name(), c.value());
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
                if (COMMUNITY.matcher(x).matches()) {
                    values.add(x);
                } else if (names.containsKey(x)) {
                    values.add(names.get(x));
                }
            }
            if (!values.isEmpty()) {
                out.put(c, new ArrayList<>(values));
            }
        }
        return out;
    }
}
