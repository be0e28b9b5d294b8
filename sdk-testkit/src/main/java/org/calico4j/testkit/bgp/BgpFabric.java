package org.calico4j.testkit.bgp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.calico4j.dataplane.bgp.BgpIntent;
import org.calico4j.dataplane.bgp.BgpSession;
import org.calico4j.model.net.AsNumber;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * The BGP routes every speaker ends up with: Calico nodes (their IPv4 BGP intent: sessions,
 * exported prefixes, route-reflector clients, next-hop settings) and external routers. A session
 * is up when both ends agree: node to node, each side has the other as a peer with the AS the
 * other speaks; node to router, the node's peer AS is the router's. Each prefix a node exports is
 * propagated as BGP does: eBGP prepends the sender's AS and sets the next hop to the sender; iBGP
 * keeps path and next hop (unless the session says {@code next hop self}); an iBGP-learned route is
 * passed to iBGP peers only by a route reflector (from a client to everyone, from a non-client to
 * its clients); a receiver drops a path that already holds its own AS (beyond {@code allowOutOfPath}
 * / {@code allow local as}) and a reflected route back at its originator. The best path is the
 * shortest, then eBGP over iBGP, then the first heard (so the originating node wins a tie).
 *
 * <pre>{@code
 * BgpFabric f = BgpFabric.compute(intents, List.of(new BgpFabric.Router("tor", IpAddress.parse("10.0.0.1"), AsNumber.of(65001), Set.of())),
 *         Set.of("tor"));
 * f.routes("tor");
 * }</pre>
 *
 * <p>Work is proportional to the sessions each prefix crosses; only the speakers named when
 * computing keep their routes (a full mesh of n nodes holds n² routes).
 */
public final class BgpFabric {
    /** An external router: name, address, AS, and the other routers it peers with. */
    public record Router(String name, IpAddress address, AsNumber as, Set<String> routerPeers) {
    }

    private static final int EBGP = 1;
    private static final int NEXT_HOP_SELF = 2;
    private static final int TO_CLIENT = 4;
    private static final int RECEIVER_IS_REFLECTOR = 8;

    private final List<String> names = new ArrayList<>();
    private final List<IpAddress> addresses = new ArrayList<>();
    private final List<AsNumber> asNumbers = new ArrayList<>();
    private final List<BgpIntent.@Nullable Family> families = new ArrayList<>();
    private final Map<IpAddress, Integer> byAddress = new HashMap<>();
    private final Map<String, Integer> byName = new HashMap<>();
    /** Per prefix, the nodes (by index) that learned it over BGP. */
    private final Map<Cidr, java.util.BitSet> learnedBy = new HashMap<>();
    private int nodeCount;
    /** Per speaker: eBGP edges, iBGP edges to route-reflector clients, other iBGP edges. */
    private final List<Edges> ebgp = new ArrayList<>();
    private final List<Edges> ibgpClients = new ArrayList<>();
    private final List<Edges> ibgpOthers = new ArrayList<>();
    private final Map<String, Map<Cidr, BgpRoute>> recorded = new LinkedHashMap<>();
    private final Map<Integer, Map<IpAddress, BgpSession>> sessionIndex = new HashMap<>();
    private long sessionsUp;

    /** A growable list of edges: peer index, flags, and the peer's allowed local-AS occurrences. */
    private static final class Edges {
        int[] to = new int[4];
        int[] flags = new int[4];
        int size;

        void add(int peer, int f) {
            if (size == to.length) {
                to = Arrays.copyOf(to, size * 2);
                flags = Arrays.copyOf(flags, size * 2);
            }
            to[size] = peer;
            flags[size++] = f;
        }
    }

    /** A path being propagated; AS paths share their tails. */
    private record Path(@Nullable AsPath asPath, int length, int nextHop, int from, boolean internal, boolean fromClient) {
    }

    private record AsPath(AsNumber head, @Nullable AsPath tail) {
    }

    private BgpFabric() {
    }

    /** Propagates every node's exported IPv4 prefixes; {@code record} names the speakers whose routes are kept. */
    public static BgpFabric compute(Map<String, BgpIntent> intents, Collection<Router> routers, Set<String> record) {
        BgpFabric f = new BgpFabric();
        f.build(intents, routers);
        for (String r : record) {
            if (f.index(r) < 0) {
                throw new IllegalArgumentException("no BGP speaker '" + r + "' (nodes with IPv4 BGP and routers: " + f.names + ")");
            }
            f.recorded.put(r, new LinkedHashMap<>());
        }
        f.propagateAll();
        f.release();
        return f;
    }

    /** Drops what only propagation needs (sessions, edges): a mesh's are large, and the intents must not be kept alive. */
    private void release() {
        families.clear();
        ebgp.clear();
        ibgpClients.clear();
        ibgpOthers.clear();
        sessionIndex.clear();
    }

    /** The best route to each prefix of a speaker named when computing. */
    public Map<Cidr, BgpRoute> routes(String speaker) {
        Map<Cidr, BgpRoute> r = recorded.get(speaker);
        if (r == null) {
            throw new IllegalArgumentException("routes of '" + speaker + "' were not recorded (recorded: " + recorded.keySet() + ")");
        }
        return r;
    }

    /** Sessions established, counting each direction once per pair. */
    public long sessionsUp() {
        return sessionsUp;
    }

    private int index(String name) {
        return byName.getOrDefault(name, -1);
    }

    /** Whether node {@code node} learned {@code prefix} from a peer (so BIRD programs a route for it). */
    public boolean learned(String node, Cidr prefix) {
        java.util.BitSet b = learnedBy.get(prefix);
        int i = index(node);
        return b != null && i >= 0 && b.get(i);
    }

    private int add(String name, IpAddress address, AsNumber as, BgpIntent.@Nullable Family family) {
        int i = names.size();
        names.add(name);
        addresses.add(address);
        asNumbers.add(as);
        families.add(family);
        byAddress.put(address, i);
        byName.put(name, i);
        ebgp.add(new Edges());
        ibgpClients.add(new Edges());
        ibgpOthers.add(new Edges());
        return i;
    }

    private void build(Map<String, BgpIntent> intents, Collection<Router> routers) {
        for (BgpIntent i : intents.values()) {
            BgpIntent.Family f = i.family(4);
            if (f != null) {
                add(i.node(), f.address(), f.asNumber(), f);
            }
        }
        int firstRouter = names.size();
        nodeCount = firstRouter;
        for (Router r : routers) {
            add(r.name(), r.address(), r.as(), null);
        }
        boolean[] inMesh = new boolean[firstRouter];
        for (int n = 0; n < firstRouter; n++) {
            inMesh[n] = families.get(n).sessions().stream().anyMatch(s -> s.kind() == BgpSession.Kind.MESH);
        }
        for (int n = 0; n < firstRouter; n++) {
            BgpIntent.Family f = families.get(n);
            for (BgpSession s : f.sessions()) {
                Integer peer = byAddress.get(s.peerIp());
                if (peer == null || peer == n) {
                    continue;
                }
                if (peer >= firstRouter) {
                    connectRouter(n, s, peer);
                } else if (peer > n) {
                    connectNodes(n, s, peer, inMesh[peer]);
                }
            }
        }
        for (Router r : routers) {
            int a = index(r.name());
            for (String other : r.routerPeers()) {
                int b = index(other);
                if (b >= firstRouter && a < b) {
                    boolean e = !asNumbers.get(a).equals(asNumbers.get(b));
                    link(a, b, e ? EBGP | NEXT_HOP_SELF : 0, 0);
                    link(b, a, e ? EBGP | NEXT_HOP_SELF : 0, 0);
                    sessionsUp++;
                }
            }
        }
    }

    private void connectRouter(int node, BgpSession s, int router) {
        if (!s.peerAs().equals(asNumbers.get(router))) {
            return; // BIRD: "Bad peer AS" - the session never establishes.
        }
        boolean e = !s.internal();
        link(node, router, flags(s, e, false), 0);
        link(router, node, (e ? EBGP | NEXT_HOP_SELF : 0) | (s.rrClusterId() != null ? RECEIVER_IS_REFLECTOR : 0),
                s.allowLocalAs() == null ? 0 : s.allowLocalAs());
        sessionsUp++;
    }

    /** Connects nodes {@code a < b} when both ends agree ({@code s} is a's session to b). */
    private void connectNodes(int a, BgpSession s, int b, boolean bInMesh) {
        boolean e = !s.internal();
        if (s.kind() == BgpSession.Kind.MESH && bInMesh) {
            // Both sides of the mesh come from one BGPConfiguration: b peers back with a's AS.
            if (s.peerAs().equals(asNumbers.get(b))) {
                link(a, b, flags(s, e, false), 0);
                link(b, a, e ? EBGP | NEXT_HOP_SELF : 0, 0);
                sessionsUp++;
            }
            return;
        }
        BgpSession back = reverse(b, addresses.get(a));
        if (back == null || !s.peerAs().equals(back.effectiveLocalAs()) || !back.peerAs().equals(s.effectiveLocalAs())) {
            return;
        }
        link(a, b, flags(s, e, back.rrClusterId() != null), back.allowLocalAs() == null ? 0 : back.allowLocalAs());
        link(b, a, flags(back, e, s.rrClusterId() != null), s.allowLocalAs() == null ? 0 : s.allowLocalAs());
        sessionsUp++;
    }

    private static int flags(BgpSession s, boolean ebgpSession, boolean receiverReflects) {
        boolean self = s.nextHop() == null ? ebgpSession : s.nextHop().equals("self");
        return (ebgpSession ? EBGP : 0) | (self ? NEXT_HOP_SELF : 0) | (s.rrClusterId() != null ? TO_CLIENT : 0)
                | (receiverReflects ? RECEIVER_IS_REFLECTOR : 0);
    }

    /** {@code node}'s session to {@code peer} (indexed for speakers with many sessions, such as reflectors). */
    private @Nullable BgpSession reverse(int node, IpAddress peer) {
        List<BgpSession> sessions = families.get(node).sessions();
        if (sessions.size() < 32) {
            for (BgpSession s : sessions) {
                if (s.peerIp().equals(peer)) {
                    return s;
                }
            }
            return null;
        }
        return sessionIndex.computeIfAbsent(node, k -> {
            Map<IpAddress, BgpSession> m = new HashMap<>();
            sessions.forEach(s -> m.putIfAbsent(s.peerIp(), s));
            return m;
        }).get(peer);
    }

    private void link(int from, int to, int f, int allowLocalAs) {
        int packed = f | allowLocalAs << 8;
        if ((f & EBGP) != 0) {
            ebgp.get(from).add(to, packed);
        } else if ((f & TO_CLIENT) != 0) {
            ibgpClients.get(from).add(to, packed);
        } else {
            ibgpOthers.get(from).add(to, packed);
        }
    }

    // ------------------------------------------------------------------ propagation

    private void propagateAll() {
        int n = names.size();
        Path[] best = new Path[n];
        int[] queue = new int[n];
        boolean[] queued = new boolean[n];
        int[] touched = new int[n];
        int[] recordedIdx = recorded.keySet().stream().mapToInt(this::index).toArray();
        for (int origin = 0; origin < n; origin++) {
            BgpIntent.Family f = families.get(origin);
            if (f == null) {
                continue;
            }
            for (Cidr prefix : f.exportedPrefixes()) {
                if (prefix.version() != 4) {
                    continue;
                }
                int touchedCount = propagate(origin, prefix, best, queue, queued, touched);
                java.util.BitSet learned = learnedBy.computeIfAbsent(prefix, k -> new java.util.BitSet(nodeCount));
                for (int i = 0; i < touchedCount; i++) {
                    int t = touched[i];
                    if (t != origin && t < nodeCount) {
                        learned.set(t);
                    }
                }
                for (int r : recordedIdx) {
                    Path p = best[r];
                    if (p != null && r != origin) {
                        recorded.get(names.get(r)).put(prefix, new BgpRoute(prefix, addresses.get(p.nextHop()), asList(p.asPath()),
                                names.get(origin), names.get(p.from()), p.internal()));
                    }
                }
                for (int i = 0; i < touchedCount; i++) {
                    best[touched[i]] = null;
                }
            }
        }
    }

    private int propagate(int origin, Cidr prefix, Path[] best, int[] queue, boolean[] queued, int[] touched) {
        int n = names.size();
        int head = 0;
        int tail = 0;
        int touchedCount = 0;
        best[origin] = new Path(null, 0, origin, -1, false, false);
        touched[touchedCount++] = origin;
        queue[tail++ % n] = origin;
        queued[origin] = true;
        int size = 1;
        long budget = 64L * n * n + 1024;
        while (size > 0) {
            int s = queue[head++ % n];
            size--;
            queued[s] = false;
            Path r = best[s];
            BgpIntent.Family fam = families.get(s);
            if (s != origin && fam != null && !fam.exported(prefix)) {
                continue;
            }
            boolean own = s == origin;
            // eBGP peers hear everything; iBGP peers only what is local, eBGP-learned, or reflected.
            for (int g = 0; g < 3; g++) {
                Edges edges = g == 0 ? ebgp.get(s) : g == 1 ? ibgpClients.get(s) : ibgpOthers.get(s);
                if (g > 0 && !own && r.internal() && !(g == 1 || r.fromClient())) {
                    continue;
                }
                for (int e = 0; e < edges.size; e++) {
                    if (--budget < 0) {
                        throw new IllegalStateException("BGP did not converge for " + prefix + " (a policy oscillation?)");
                    }
                    int t = edges.to[e];
                    if (t == r.from() || t == origin) {
                        continue;
                    }
                    int fl = edges.flags[e];
                    boolean eb = (fl & EBGP) != 0;
                    AsPath path = eb ? new AsPath(asNumbers.get(s), r.asPath()) : r.asPath();
                    int len = eb ? r.length() + 1 : r.length();
                    if (occurrences(path, asNumbers.get(t)) > (fl >>> 8)) {
                        continue; // AS-path loop prevention.
                    }
                    int nh = (fl & NEXT_HOP_SELF) != 0 ? s : r.nextHop();
                    Path cand = new Path(path, len, nh, s, !eb, !eb && (fl & RECEIVER_IS_REFLECTOR) != 0);
                    Path cur = best[t];
                    if (cur == null || better(cand, cur)) {
                        if (cur == null) {
                            touched[touchedCount++] = t;
                        }
                        best[t] = cand;
                        if (!queued[t]) {
                            queued[t] = true;
                            queue[tail++ % n] = t;
                            size++;
                        }
                    }
                }
            }
        }
        return touchedCount;
    }

    private static boolean better(Path a, Path b) {
        if (a.length() != b.length()) {
            return a.length() < b.length();
        }
        return !a.internal() && b.internal();
    }

    private static int occurrences(@Nullable AsPath p, AsNumber as) {
        int n = 0;
        for (AsPath x = p; x != null; x = x.tail()) {
            if (x.head().equals(as)) {
                n++;
            }
        }
        return n;
    }

    private static List<AsNumber> asList(@Nullable AsPath p) {
        List<AsNumber> out = new ArrayList<>();
        for (AsPath x = p; x != null; x = x.tail()) {
            out.add(x.head());
        }
        return out;
    }
}
