package org.calico4j.testkit.bgp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.calico4j.dataplane.bgp.BgpIntent;
import org.calico4j.dataplane.bgp.BgpSession;
import org.calico4j.dataplane.bgp.MeshSessions;
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
 * / {@code allow local as}), a reflected route back at its originator, and one whose CLUSTER_LIST holds the cluster ID
 * of the client session it arrives on (reflectors prepend their cluster IDs as BIRD does). Sessions come up where BIRD
 * brings them up: a single-hop eBGP session (the mesh's, which Calico renders without {@code multihop})
 * only between directly connected speakers, {@code ttl security} within its hop count. Next hops follow
 * BIRD: self on eBGP, except between single-hop eBGP sessions on one subnet (third-party next hop),
 * kept on iBGP, or as {@code next hop self/keep} says. The best path is chosen as BIRD does (shortest AS
 * path, eBGP over iBGP, connected next hop, lowest router ID, shortest cluster list, lowest neighbour address).
 * Between nodes sessions carry ADD-PATH (Calico's {@code add paths on}): a node passes on every route it holds,
 * not only its best; a node's kernel route merges the routes as good as its best ({@link #multipath}, ECMP).
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
    /**
     * An external router: name, address, AS, the other routers it peers with, whether it sets itself as next hop
     * on everything it advertises (else BIRD's default), and its subnet (null: its /24).
     */
    public record Router(String name, IpAddress address, AsNumber as, Set<String> routerPeers, boolean nextHopSelf, @Nullable Cidr subnet) {
        /**
         * A router with BIRD's default next-hop behaviour, on its /24.
         *
         * @param name        the router's name
         * @param address     its address
         * @param as          its AS number
         * @param routerPeers the other routers it has sessions with
         */
        public Router(String name, IpAddress address, AsNumber as, Set<String> routerPeers) {
            this(name, address, as, routerPeers, false, null);
        }
    }

    /**
     * The plain network under the speakers: the underlay router's address on each subnet, and each node's default
     * gateway (a router, or the underlay's address on its subnet). A next hop BIRD resolves through a gateway may be
     * advertised as that gateway (BIRD's {@code bgp_use_gateway}), so these addresses can be next hops.
     */
    public record Underlay(Map<Cidr, IpAddress> addresses, Map<String, IpAddress> gateways) {
        /**
         * No underlay: next hops are speakers only.
         */
        public static final Underlay NONE = new Underlay(Map.of(), Map.of());

        /**
         * Copies the collections, so the value stays immutable.
         *
         * @param addresses the addresses
         * @param gateways the gateways
         */
        public Underlay {
            addresses = Map.copyOf(addresses);
            gateways = Map.copyOf(gateways);
        }
    }

    private static final int EBGP = 1;
    /** {@code next hop self} on the sender's session. */
    private static final int NEXT_HOP_SELF = 2;
    private static final int TO_CLIENT = 4;
    private static final int RECEIVER_IS_REFLECTOR = 8;
    /** {@code next hop keep} on the sender's session. */
    private static final int NEXT_HOP_KEEP = 16;
    /** The sender's session is single-hop eBGP (BIRD's {@code direct}, the eBGP default without {@code multihop}). */
    private static final int SENDER_DIRECT = 32;
    /** The receiver's session is single-hop eBGP. */
    private static final int RECEIVER_DIRECT = 64;
    /**
     * ADD-PATH on the session: Calico's template has {@code add paths on} for every peer, so between two nodes the
     * sender advertises every route it holds for a prefix (each as its own path), not only its best; routers do not.
     */
    private static final int ADD_PATH = 128;

    private final List<String> names = new ArrayList<>();
    private final List<IpAddress> addresses = new ArrayList<>();
    private final List<AsNumber> asNumbers = new ArrayList<>();
    private final List<IpAddress> routerIds = new ArrayList<>();
    private final List<@Nullable Cidr> subnets = new ArrayList<>();
    private final List<BgpIntent.@Nullable Family> families = new ArrayList<>();
    private final Map<IpAddress, Integer> byAddress = new HashMap<>();
    private final Map<String, Integer> byName = new HashMap<>();
    /** Per prefix, the nodes (by index) that learned it over BGP. */
    private final Map<Cidr, java.util.BitSet> learnedBy = new HashMap<>();
    private int nodeCount;
    private boolean[] nextHopSelf = new boolean[0];
    /** Per speaker, its default gateway's index (a router, node or underlay address), or -1. */
    private int[] defaultGw = new int[0];
    /** Per speaker: eBGP edges, iBGP edges to route-reflector clients, other iBGP edges. */
    private final List<Edges> ebgp = new ArrayList<>();
    private final List<Edges> ibgpClients = new ArrayList<>();
    private final List<Edges> ibgpOthers = new ArrayList<>();
    private final Map<String, Map<Cidr, BgpRoute>> recorded = new LinkedHashMap<>();
    /** Per recorded node, the prefixes whose best route BIRD merges with others into one kernel route (best first). */
    private final Map<String, Map<Cidr, List<BgpRoute>>> multipath = new HashMap<>();
    private final Map<Integer, Map<IpAddress, BgpSession>> sessionIndex = new HashMap<>();
    private long sessionsUp;
    /** Per speaker, its peers' indexes, each once, in no particular order (a mesh's are n², so no boxed sets). */
    private int[][] peersOf = new int[0][];
    /** Per speaker, which of the distinct pool lists its family has (-1: no family); nodes mostly share one. */
    private int[] poolClass = new int[0];
    private final List<List<BgpIntent.PoolPolicy>> poolLists = new ArrayList<>();
    /** Whether any speaker is a sink (else nothing is settled afterwards). */
    private boolean anySink;
    /**
     * Per speaker, whether it never passes a learned route on (see {@link #sinks}); such a speaker's routes for a prefix
     * are settled once the others' have converged, unless its routes are recorded.
     */
    private boolean[] sink = new boolean[0];
    /** Settle sinks after the rest (false: every speaker takes part in propagation, the reference the shortcut is tested against). */
    private final boolean deferSinks;
    /** Per router (from the first), per speaker: whether the router reaches the speaker's address on a connected subnet. */
    private boolean[][] routerConnected = new boolean[0][];

    /**
     * An edge's terms: flags, the peer's allowed local-AS occurrences, the AS the sender speaks on the session
     * (prepended on eBGP) and the AS the receiver speaks (its loop check), and the sender's cluster ID on the session
     * (it reflects for the receiver) and the receiver's (it reflects for the sender; 0: none).
     */
    private record Terms(int flags, int allowLocalAs, AsNumber senderAs, AsNumber receiverAs, int senderCluster, int receiverCluster) {
    }

    /**
     * A growable list of edges: peer index and terms. While every edge has the first one's terms (a mesh member's 4,999
     * sessions, a reflector's clients) they are kept once and an edge costs a peer index; from the first edge with other
     * terms on, each edge has a reference, alike neighbours sharing one {@link Terms}.
     */
    private static final class Edges {
        int[] to = new int[4];
        /** Every edge's terms while {@link #perEdge} is null. */
        private @Nullable Terms first;
        private Terms @Nullable [] perEdge;
        int size;
        /** Whether any edge carries ADD-PATH (else only the sender's best goes out on these edges). */
        boolean anyAddPath;
        /** Set by {@link #sinks}: every edge has the same flags, ASes and allowed local-AS count (a reflector's clients). */
        boolean uniform;
        /** Set by {@link #sinks}: the peers on these edges that are sinks. */
        java.util.BitSet sinkPeers = new java.util.BitSet();

        /** Makes room for {@code more} edges at once (a mesh member's are known up front). */
        void reserve(int more) {
            if (size + more > to.length) {
                grow(size + more);
            }
        }

        private void grow(int n) {
            to = Arrays.copyOf(to, n);
            if (perEdge != null) {
                perEdge = Arrays.copyOf(perEdge, n);
            }
        }

        private Terms terms(int e) {
            return perEdge == null ? first : perEdge[e];
        }

        int flags(int e) {
            return terms(e).flags();
        }

        int allowLocalAs(int e) {
            return terms(e).allowLocalAs();
        }

        AsNumber senderAs(int e) {
            return terms(e).senderAs();
        }

        AsNumber receiverAs(int e) {
            return terms(e).receiverAs();
        }

        int senderCluster(int e) {
            return terms(e).senderCluster();
        }

        int receiverCluster(int e) {
            return terms(e).receiverCluster();
        }

        /** Whether edges {@code a} and {@code b} have the same terms: flags, allowed local-AS count, ASes and cluster IDs. */
        boolean sameTerms(int a, int b) {
            Terms x = terms(a);
            Terms y = terms(b);
            return x == y || x.equals(y);
        }

        void add(int peer, int f, int allow, AsNumber sender, AsNumber receiver, int sendersCluster, int receiversCluster) {
            if (size == to.length) {
                grow(size * 2);
            }
            anyAddPath |= (f & ADD_PATH) != 0;
            // Edges are added in runs of alike ones: share the previous edge's terms when they are the same.
            Terms last = size > 0 ? terms(size - 1) : null;
            Terms t = last != null && last.flags() == f && last.allowLocalAs() == allow && last.senderAs().equals(sender)
                    && last.receiverAs().equals(receiver) && last.senderCluster() == sendersCluster && last.receiverCluster() == receiversCluster
                    ? last : new Terms(f, allow, sender, receiver, sendersCluster, receiversCluster);
            if (size == 0) {
                first = t;
            } else if (perEdge == null && t != first) {
                perEdge = new Terms[to.length];
                Arrays.fill(perEdge, 0, size, first);
            }
            if (perEdge != null) {
                perEdge[size] = t;
            }
            to[size++] = peer;
        }
    }

    /**
     * A path as one speaker holds it; AS paths share their tails; {@code from} is -1 for the speaker's own prefix;
     * {@code viaDirect}: heard over a single-hop eBGP session; {@code originator}: the ORIGINATOR_ID's speaker a route
     * reflector set (-1: none); {@code clusters}: the CLUSTER_LIST (interned cluster IDs, first prepended first);
     * {@code inCluster}: the cluster ID of the holder's session it came in on, when the holder reflects for that peer
     * (BIRD's {@code rr_cluster_id}, set only towards clients; 0: none); {@code id}: which of the sender's
     * paths it is (ADD-PATH's path identifier; 0 without ADD-PATH).
     */
    private record Path(int origin, @Nullable AsPath asPath, int length, int nextHop, int from, boolean internal, boolean fromClient,
                        boolean viaDirect, int originator, @Nullable Clusters clusters, int inCluster, int id) {
        // Written out: the record's generated equals goes through method handles, slow until compiled.
        @Override
        public boolean equals(Object o) {
            return this == o || o instanceof Path p && origin == p.origin && length == p.length && nextHop == p.nextHop && from == p.from
                    && internal == p.internal && fromClient == p.fromClient && viaDirect == p.viaDirect && originator == p.originator
                    && inCluster == p.inCluster && id == p.id && Objects.equals(asPath, p.asPath) && Objects.equals(clusters, p.clusters);
        }

        @Override
        public int hashCode() {
            return Objects.hash(origin, asPath, length, nextHop, from, internal, fromClient, viaDirect, originator, clusters, inCluster, id);
        }

        int clusterLength() {
            return clusters == null ? 0 : clusters.size();
        }
        boolean local() {
            return from < 0;
        }

        /** The key its holder stores it under: sender and path identifier. */
        long key() {
            return (long) from << 32 | (id & 0xffffffffL);
        }

        /** The path identifier its holder gives it when passing it on over ADD-PATH (never 0). */
        int outId() {
            int h = local() ? -1 : Long.hashCode(key() * 0x9E3779B97F4A7C15L);
            return h == 0 ? 1 : h;
        }
    }

    private record AsPath(AsNumber head, @Nullable AsPath tail) {
        // Written out (the record's go through method handles) and iterative; paths share tails, so often the same object.
        @Override
        public boolean equals(Object o) {
            if (!(o instanceof AsPath)) {
                return false;
            }
            AsPath a = this;
            AsPath b = (AsPath) o;
            while (a != b) {
                if (a == null || b == null || !a.head.equals(b.head)) {
                    return false;
                }
                a = a.tail;
                b = b.tail;
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = 1;
            for (AsPath a = this; a != null; a = a.tail) {
                h = h * 31 + a.head.hashCode();
            }
            return h;
        }
    }

    /** A CLUSTER_LIST: interned cluster IDs, sharing tails. */
    private record Clusters(int head, @Nullable Clusters tail, int size) {
        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Clusters)) {
                return false;
            }
            Clusters a = this;
            Clusters b = (Clusters) o;
            while (a != b) {
                if (a == null || b == null || a.head != b.head || a.size != b.size) {
                    return false;
                }
                a = a.tail;
                b = b.tail;
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = 1;
            for (Clusters c = this; c != null; c = c.tail) {
                h = h * 31 + c.head;
            }
            return h;
        }

        static Clusters prepend(@Nullable Clusters list, int id) {
            return new Clusters(id, list, list == null ? 1 : list.size + 1);
        }

        static boolean contains(@Nullable Clusters list, int id) {
            for (Clusters c = list; c != null; c = c.tail) {
                if (c.head == id) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Route-reflector cluster IDs as small numbers (0: none). */
    private final Map<String, Integer> clusterIds = new HashMap<>();

    private int clusterId(@Nullable String id) {
        return id == null ? 0 : clusterIds.computeIfAbsent(id, k -> clusterIds.size() + 1);
    }

    /**
     * The paths one speaker holds for one prefix (its Adj-RIB-In), each under its key ({@link Path#key}), in the order
     * they first arrived (a replaced path keeps its place, as in a LinkedHashMap). Most speakers hold one or a few:
     * a linear search finds a key; a router hearing a prefix from every node of a mesh also gets an index by key.
     */
    static final class Rib<P> {
        private static final int SMALL = 8;
        private final java.util.function.ToLongFunction<? super P> keyOf;
        private Object[] items = new Object[2];
        private int size;
        /** Past {@link #SMALL} paths: each key's position in {@link #items}. */
        private @Nullable KeyIndex index;

        Rib(java.util.function.ToLongFunction<? super P> keyOf) {
            this.keyOf = keyOf;
        }

        /** {@return how many paths are held} */
        int size() {
            return size;
        }

        /** {@return the {@code i}-th path held, in arrival order} */
        @SuppressWarnings("unchecked")
        P get(int i) {
            return (P) items[i];
        }

        private int find(long key) {
            if (index != null) {
                return index.get(key);
            }
            for (int i = 0; i < size; i++) {
                if (keyOf.applyAsLong(get(i)) == key) {
                    return i;
                }
            }
            return -1;
        }

        /** Stores {@code p} under its key (a replaced path keeps its place); returns the path it replaced, or null. */
        @Nullable P put(P p) {
            long key = keyOf.applyAsLong(p);
            int i = find(key);
            if (i >= 0) {
                P old = get(i);
                items[i] = p;
                return old;
            }
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size] = p;
            if (index != null) {
                index.put(key, size);
            } else if (size + 1 > SMALL) {
                index = new KeyIndex();
                for (int k = 0; k <= size; k++) {
                    index.put(keyOf.applyAsLong(get(k)), k);
                }
            }
            size++;
            return null;
        }

        /** Removes the path under {@code key}; returns it, or null. */
        @Nullable P remove(long key) {
            int i = find(key);
            if (i < 0) {
                return null;
            }
            P old = get(i);
            System.arraycopy(items, i + 1, items, i, size - i - 1);
            items[--size] = null;
            if (index != null) {
                index.remove(key);
                for (int k = i; k < size; k++) {
                    index.put(keyOf.applyAsLong(get(k)), k);
                }
            }
            return old;
        }

        /** The paths held, in arrival order (a view: valid until the next change). */
        List<P> paths() {
            return new java.util.AbstractList<>() {
                @Override
                public P get(int i) {
                    java.util.Objects.checkIndex(i, size);
                    return Rib.this.get(i);
                }

                @Override
                public int size() {
                    return size;
                }
            };
        }
    }

    /**
     * Keys to positions, without boxing: open addressing with linear probing, at most half full, deletion by shifting
     * back the entries after the removed one (no tombstones). A router hearing a prefix from each of 5,000 mesh
     * members indexes 5,000 keys per prefix; a {@code HashMap<Long, Integer>} made three objects per entry.
     */
    static final class KeyIndex {
        private long[] keys = new long[32];
        /** Position + 1; 0: the slot is free (so every long can be a key). */
        private int[] values = new int[32];
        private int count;

        private int slot(long key) {
            return (int) ((key * 0x9E3779B97F4A7C15L) >>> 32) & (keys.length - 1);
        }

        /** {@return the position stored under {@code key}, or -1} */
        int get(long key) {
            int mask = keys.length - 1;
            for (int i = slot(key); values[i] != 0; i = (i + 1) & mask) {
                if (keys[i] == key) {
                    return values[i] - 1;
                }
            }
            return -1;
        }

        /** Stores {@code position} (0 or more) under {@code key}, replacing what was there. */
        void put(long key, int position) {
            int mask = keys.length - 1;
            int i = slot(key);
            for (; values[i] != 0; i = (i + 1) & mask) {
                if (keys[i] == key) {
                    values[i] = position + 1;
                    return;
                }
            }
            keys[i] = key;
            values[i] = position + 1;
            if (++count * 2 > keys.length) {
                long[] oldKeys = keys;
                int[] oldValues = values;
                keys = new long[oldKeys.length * 2];
                values = new int[oldKeys.length * 2];
                count = 0;
                for (int k = 0; k < oldKeys.length; k++) {
                    if (oldValues[k] != 0) {
                        put(oldKeys[k], oldValues[k] - 1);
                    }
                }
            }
        }

        /** Removes {@code key} if present. */
        void remove(long key) {
            int mask = keys.length - 1;
            int i = slot(key);
            while (values[i] != 0 && keys[i] != key) {
                i = (i + 1) & mask;
            }
            if (values[i] == 0) {
                return;
            }
            // Shift back each later entry of the run whose home slot is not between the hole and itself.
            int hole = i;
            for (int j = (hole + 1) & mask; values[j] != 0; j = (j + 1) & mask) {
                int home = slot(keys[j]);
                boolean movable = hole <= j ? home <= hole || home > j : home <= hole && home > j;
                if (movable) {
                    keys[hole] = keys[j];
                    values[hole] = values[j];
                    hole = j;
                }
            }
            values[hole] = 0;
            count--;
        }

        /** {@return how many keys are stored} */
        int size() {
            return count;
        }
    }

    private BgpFabric(boolean deferSinks) {
        this.deferSinks = deferSinks;
    }

    /**
     * Propagates every node's exported IPv4 prefixes; {@code record} names the speakers whose routes are
     * kept.
     *
     * @param intents every node's BGP intent, by node name
     * @param routers the external routers
     * @param record  the speakers whose routes are kept
     * @return the converged fabric
     */
    public static BgpFabric compute(Map<String, BgpIntent> intents, Collection<Router> routers, Set<String> record) {
        return compute(intents, routers, record, Underlay.NONE);
    }

    /**
     * As {@link #compute(Map, Collection, Set)}, with the network under the speakers.
     *
     * @param intents  every node's BGP intent, by node name
     * @param routers  the external routers
     * @param record   the speakers whose routes are kept
     * @param underlay the network under the speakers
     * @return the converged fabric
     */
    public static BgpFabric compute(Map<String, BgpIntent> intents, Collection<Router> routers, Set<String> record, Underlay underlay) {
        return compute(intents, routers, record, underlay, true, 0);
    }

    /**
     * As {@link #compute(Map, Collection, Set, Underlay)} on {@code workers} threads ({@code 0}: one per processor, up to
     * four, when the cluster is large enough to gain from it; 1: this thread only). Prefixes propagate independently,
     * so the result is the same on any number of threads.
     */
    static BgpFabric compute(Map<String, BgpIntent> intents, Collection<Router> routers, Set<String> record, Underlay underlay,
                             int workers) {
        return compute(intents, routers, record, underlay, true, workers);
    }

    /**
     * As {@link #compute(Map, Collection, Set, Underlay)}, with every speaker taking part in every prefix's propagation
     * (no speaker settled afterwards): what the shortcut is tested against.
     */
    static BgpFabric computeExhaustively(Map<String, BgpIntent> intents, Collection<Router> routers, Set<String> record, Underlay underlay) {
        return compute(intents, routers, record, underlay, false, 1);
    }

    private static BgpFabric compute(Map<String, BgpIntent> intents, Collection<Router> routers, Set<String> record, Underlay underlay,
                                     boolean deferSinks, int workers) {
        BgpFabric f = new BgpFabric(deferSinks);
        f.build(intents, routers, underlay);
        for (String r : record) {
            if (f.index(r) < 0) {
                throw new IllegalArgumentException("no BGP speaker '" + r + "' (nodes with IPv4 BGP and routers: " + f.names + ")");
            }
            f.recorded.put(r, new LinkedHashMap<>());
        }
        f.sinks();
        f.propagateAll(workers);
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

    /**
     * The best route to each prefix of a speaker named when computing.
     *
     * @param speaker a node's or router's name
     * @return its best route per prefix
     */
    public Map<Cidr, BgpRoute> routes(String speaker) {
        Map<Cidr, BgpRoute> r = recorded.get(speaker);
        if (r == null) {
            throw new IllegalArgumentException("routes of '" + speaker + "' were not recorded (recorded: " + recorded.keySet() + ")");
        }
        return r;
    }

    /**
     * The prefixes for which a node's kernel route has several next hops: Calico's {@code protocol kernel} has
     * {@code merge paths on}, so BIRD exports its best route together with every other route it holds that it finds
     * as good (BIRD's {@code bgp_rte_mergable}: same preference, local preference, AS-path length, origin and MED,
     * both eBGP or both iBGP, the same IGP metric to the next hop, here 0 on the node's subnet and unknown through
     * its gateway). Each such prefix maps to those routes, the best first, the others by next hop; a prefix not
     * here has its best route only. Routers (which do not merge) and nodes not recorded have none.
     *
     * @param speaker a node or router name
     * @return the merged routes by prefix; empty when none
     */
    public Map<Cidr, List<BgpRoute>> multipath(String speaker) {
        routes(speaker);
        return multipath.getOrDefault(speaker, Map.of());
    }

    /**
     * Sessions established, counting each direction once per pair.
     *
     * @return the number of sessions up
     */
    public long sessionsUp() {
        return sessionsUp;
    }

    /**
     * The speakers {@code speaker} has an established session with (routers and nodes, by name).
     *
     * @param speaker a node's or router's name
     * @return its peers' names
     */
    public java.util.SortedSet<String> sessions(String speaker) {
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        int i = index(speaker);
        if (i >= 0 && i < peersOf.length) {
            for (int p : peersOf[i]) {
                out.add(names.get(p));
            }
        }
        return out;
    }

    private int index(String name) {
        return byName.getOrDefault(name, -1);
    }

    /**
     * Whether node {@code node} learned {@code prefix} from a peer (so BIRD programs a route for it).
     *
     * @param node   a node's name
     * @param prefix a prefix
     * @return true when learned
     */
    public boolean learned(String node, Cidr prefix) {
        java.util.BitSet b = learnedBy.get(prefix);
        int i = index(node);
        return b != null && i >= 0 && b.get(i);
    }

    private int add(String name, IpAddress address, AsNumber as, BgpIntent.@Nullable Family family, IpAddress routerId,
                    @Nullable Cidr subnet) {
        int i = names.size();
        names.add(name);
        addresses.add(address);
        asNumbers.add(as);
        routerIds.add(routerId);
        subnets.add(subnet == null ? Cidr.of(address, Math.min(24, address.bitLength())).network() : subnet.network());
        families.add(family);
        byAddress.put(address, i);
        byName.put(name, i);
        ebgp.add(new Edges());
        ibgpClients.add(new Edges());
        ibgpOthers.add(new Edges());
        return i;
    }

    /** An address that is no speaker (the underlay's, a gateway's) as a speaker without sessions, for next hops. */
    private int pseudo(IpAddress a) {
        Integer i = byAddress.get(a);
        return i != null ? i : add("underlay " + a, a, AsNumber.of(64512), null, a, null);
    }

    private void gateways(Collection<Router> routers, Underlay underlay) {
        int speakers = names.size();
        int[] gw = new int[speakers];
        java.util.Arrays.fill(gw, -1);
        for (int i = 0; i < speakers; i++) {
            IpAddress a = i < nodeCount ? underlay.gateways().get(names.get(i)) : null;
            if (a == null) {
                a = underlay.addresses().get(subnets.get(i));
            }
            if (a != null) {
                gw[i] = pseudo(a);
            }
        }
        defaultGw = gw;
    }

    private void build(Map<String, BgpIntent> intents, Collection<Router> routers, Underlay underlay) {
        for (BgpIntent i : intents.values()) {
            BgpIntent.Family f = i.family(4);
            if (f != null) {
                add(i.node(), f.address(), f.asNumber(), f, i.routerId() != null ? i.routerId() : f.address(), f.network());
            }
        }
        int firstRouter = names.size();
        nodeCount = firstRouter;
        nextHopSelf = new boolean[firstRouter + routers.size()];
        for (Router r : routers) {
            nextHopSelf[add(r.name(), r.address(), r.as(), null, r.address(), r.subnet())] = r.nextHopSelf();
        }
        gateways(routers, underlay);
        boolean[] inMesh = new boolean[firstRouter];
        for (int n = 0; n < firstRouter; n++) {
            inMesh[n] = families.get(n).sessions().stream().anyMatch(s -> s.kind() == BgpSession.Kind.MESH);
        }
        for (int n = 0; n < firstRouter; n++) {
            if (inMesh[n]) {
                ibgpOthers.get(n).reserve(families.get(n).sessions().size());
            }
        }
        int speakers = firstRouter + routers.size();
        Map<List<IpAddress>, int[]> meshIndex = new java.util.IdentityHashMap<>();
        for (int n = 0; n < firstRouter; n++) {
            BgpIntent.Family f = families.get(n);
            List<BgpSession> sessions = f.sessions();
            // A mesh member's mesh sessions are read without making them (n² of them in a mesh of n), in their place.
            MeshSessions mesh = f.mesh().filter(m -> m.size() > 0).orElse(null);
            int meshStart = mesh == null ? -1 : mesh.start();
            for (int k = 0; k < sessions.size(); k++) {
                if (k == meshStart) {
                    connectMesh(n, mesh, meshIndex.computeIfAbsent(mesh.members(), this::speakersAt), firstRouter, speakers, inMesh);
                    k += mesh.size() - 1;
                    continue;
                }
                BgpSession s = sessions.get(k);
                Integer peer = byAddress.get(s.peerIp());
                if (peer == null || peer == n || peer >= speakers) {
                    continue; // Nobody there, itself, or an underlay address (no BGP speaker).
                }
                if (peer >= firstRouter) {
                    connectRouter(n, s, peer);
                } else if (peer > n) {
                    connectNodes(n, s, peer, inMesh[peer]);
                }
            }
        }
        // A router-to-router session is configured on both routers; either one naming the other is taken as both.
        java.util.Set<Long> pairs = new java.util.HashSet<>();
        for (Router r : routers) {
            int x = index(r.name());
            for (String other : r.routerPeers()) {
                int y = index(other);
                int a = Math.min(x, y);
                int b = Math.max(x, y);
                if (a >= firstRouter && a != b && pairs.add((long) a << 32 | b)) {
                    boolean e = !asNumbers.get(a).equals(asNumbers.get(b));
                    // Routers' eBGP sessions are single-hop on a shared subnet, multihop otherwise (as RealBirdCluster writes them).
                    int direct = e && sameSubnet(a, b) ? SENDER_DIRECT | RECEIVER_DIRECT : 0;
                    link(a, b, (e ? EBGP : 0) | routerSelf(a) | direct, 0, asNumbers.get(a), asNumbers.get(b), 0, 0);
                    link(b, a, (e ? EBGP : 0) | routerSelf(b) | direct, 0, asNumbers.get(b), asNumbers.get(a), 0, 0);
                    sessionsUp++;
                }
            }
        }
        peersOf = new int[names.size()][];
        poolClass = new int[names.size()];
        Map<List<BgpIntent.PoolPolicy>, Integer> classes = new HashMap<>();
        boolean[] seen = new boolean[names.size()];
        for (int s = 0; s < names.size(); s++) {
            peersOf[s] = distinctPeers(seen, ebgp.get(s), ibgpClients.get(s), ibgpOthers.get(s));
            BgpIntent.Family f = families.get(s);
            poolClass[s] = f == null ? -1 : classes.computeIfAbsent(f.pools(), k -> {
                poolLists.add(k);
                return poolLists.size() - 1;
            });
        }
    }

    /** The peers on the edge lists, each once, in no particular order; {@code seen} is all false before and after. */
    private static int[] distinctPeers(boolean[] seen, Edges... lists) {
        int total = 0;
        for (Edges edges : lists) {
            total += edges.size;
        }
        int[] out = new int[total];
        int n = 0;
        for (Edges edges : lists) {
            for (int e = 0; e < edges.size; e++) {
                int p = edges.to[e];
                if (!seen[p]) {
                    seen[p] = true;
                    out[n++] = p;
                }
            }
        }
        for (int k = 0; k < n; k++) {
            seen[out[k]] = false;
        }
        return n == total ? out : Arrays.copyOf(out, n);
    }

    private int routerSelf(int router) {
        return nextHopSelf[router] ? NEXT_HOP_SELF : 0;
    }

    /**
     * Whether speaker {@code t} reaches speaker {@code hop}'s address on a connected subnet: a node on its own subnet, a
     * router on any subnet of the cluster (routers have a leg on every subnet, RealBirdCluster builds them so).
     */
    private boolean connected(int t, int hop) {
        if (t < nodeCount) {
            return sameSubnet(t, hop);
        }
        return routerConnected[t - nodeCount][hop];
    }

    /** Answers {@link #connected} for every router and speaker ahead of propagation, which then only reads them. */
    private void connectRouters() {
        routerConnected = new boolean[names.size() - nodeCount][names.size()];
        for (int t = nodeCount; t < names.size(); t++) {
            for (int hop = 0; hop < names.size(); hop++) {
                IpAddress a = addresses.get(hop);
                for (Cidr c : subnets) {
                    if (c != null && c.containsAddress(a)) {
                        routerConnected[t - nodeCount][hop] = true;
                        break;
                    }
                }
            }
        }
    }

    /** Both on one subnet: directly connected, as single-hop eBGP needs. */
    private boolean sameSubnet(int a, int b) {
        Cidr net = subnets.get(a);
        return net != null && net.containsAddress(addresses.get(b));
    }

    /**
     * Hops from one speaker to another through the underlay: 1 on a shared subnet, else 2 (through the router
     * joining the subnets). What {@code ttl security on; multihop n} is checked against.
     */
    private int hops(int a, int b) {
        return sameSubnet(a, b) ? 1 : 2;
    }

    /** A session with {@code ttl security on; multihop n} comes up only within n hops. */
    private boolean ttlAllows(BgpSession s, int a, int b) {
        return s.ttlSecurity() == null || !s.explicitTtl() || hops(a, b) <= s.ttlSecurity() && hops(b, a) <= s.ttlSecurity();
    }

    private void connectRouter(int node, BgpSession s, int router) {
        if (!s.peerAs().equals(asNumbers.get(router))) {
            return; // BIRD: "Bad peer AS" - the session never establishes.
        }
        if (!ttlAllows(s, node, router)) {
            return; // GTSM: the peer is further than the session's multihop allows.
        }
        boolean e = !s.internal();
        // The node's side of an explicit peer is multihop; the router's is single-hop when eBGP on a shared subnet.
        int routerDirect = e && sameSubnet(router, node) ? SENDER_DIRECT : 0;
        int cluster = clusterId(s.rrClusterId());
        link(node, router, flags(s, e, false) | (routerDirect != 0 ? RECEIVER_DIRECT : 0), 0, s.effectiveLocalAs(), asNumbers.get(router),
                cluster, 0);
        link(router, node, (e ? EBGP : 0) | routerSelf(router) | routerDirect | (s.rrClusterId() != null ? RECEIVER_IS_REFLECTOR : 0),
                allow(s), asNumbers.get(router), s.effectiveLocalAs(), 0, cluster);
        sessionsUp++;
    }

    /** Each address's speaker, or -1. */
    private int[] speakersAt(List<IpAddress> addresses) {
        int[] at = new int[addresses.size()];
        for (int i = 0; i < at.length; i++) {
            Integer p = byAddress.get(addresses.get(i));
            at[i] = p == null ? -1 : p;
        }
        return at;
    }

    /**
     * Node {@code n}'s mesh sessions, as its sessions one by one would connect them: {@code speakerAt} gives each
     * mesh member's speaker. A session is made only when its peer is no plain mesh member (a router at that address).
     */
    private void connectMesh(int n, MeshSessions mesh, int[] speakerAt, int firstRouter, int speakers, boolean[] inMesh) {
        BgpSession template = null;
        for (int k = 0; k < mesh.size(); k++) {
            int peer = speakerAt[mesh.member(k)];
            if (peer < 0 || peer == n || peer >= speakers) {
                continue; // Nobody there, itself, or an underlay address (no BGP speaker).
            }
            if (peer >= firstRouter) {
                connectRouter(n, mesh.session(k), peer);
            } else if (peer > n) {
                if (!inMesh[peer]) {
                    connectNodes(n, mesh.session(k), peer, false);
                } else {
                    // Every mesh session of a member has the same terms but its peer and peer AS: one made session stands for them.
                    if (template == null) {
                        template = mesh.session(k);
                    }
                    connectMeshPeers(n, peer, mesh.peerAs(k), template);
                }
            }
        }
    }

    /** Connects nodes {@code a < b} when both ends agree ({@code s} is a's session to b). */
    private void connectNodes(int a, BgpSession s, int b, boolean bInMesh) {
        boolean e = !s.internal();
        if (s.kind() == BgpSession.Kind.MESH && bInMesh) {
            connectMeshPeers(a, b, s.peerAs(), s);
            return;
        }
        BgpSession back = reverse(b, addresses.get(a));
        if (back == null || !s.peerAs().equals(back.effectiveLocalAs()) || !back.peerAs().equals(s.effectiveLocalAs())) {
            return;
        }
        if (!ttlAllows(s, a, b) || !ttlAllows(back, b, a)) {
            return;
        }
        // Explicit peers are rendered multihop on both sides: never single-hop.
        int ca = clusterId(s.rrClusterId());
        int cb = clusterId(back.rrClusterId());
        link(a, b, flags(s, e, back.rrClusterId() != null) | ADD_PATH, allow(back), s.effectiveLocalAs(), back.effectiveLocalAs(), ca, cb);
        link(b, a, flags(back, e, s.rrClusterId() != null) | ADD_PATH, allow(s), back.effectiveLocalAs(), s.effectiveLocalAs(), cb, ca);
        sessionsUp++;
    }

    /** The AS node {@code node}'s mesh session to node {@code peer} expects, or null without one. */
    private @Nullable AsNumber meshPeerAs(int node, int peer) {
        IpAddress ip = addresses.get(peer);
        for (BgpSession s : families.get(node).sessions()) {
            if (s.kind() == BgpSession.Kind.MESH && s.peerIp().equals(ip)) {
                return s.peerAs();
            }
        }
        return null;
    }

    private static int allow(BgpSession s) {
        return s.allowLocalAs() == null ? 0 : s.allowLocalAs();
    }

    private static int flags(BgpSession s, boolean ebgpSession, boolean receiverReflects) {
        int nh = "self".equals(s.nextHop()) ? NEXT_HOP_SELF : "keep".equals(s.nextHop()) ? NEXT_HOP_KEEP : 0;
        return (ebgpSession ? EBGP : 0) | nh | (s.rrClusterId() != null ? TO_CLIENT : 0)
                | (receiverReflects ? RECEIVER_IS_REFLECTOR : 0);
    }

    /**
     * Connects mesh members {@code a < b} over a's mesh session to b, with peer AS {@code peerAs} and otherwise the terms
     * of {@code s} (a's session to b, or another of a's mesh sessions: they differ only in peer and peer AS).
     */
    private void connectMeshPeers(int a, int b, AsNumber peerAs, BgpSession s) {
        boolean e = !peerAs.equals(s.effectiveLocalAs());
        // Mesh sessions have no multihop line (v3.32.1), so an eBGP one is single-hop: BIRD brings it up only between
        // directly connected nodes. Each side expects the other's own AS, else (confd v3.32.1 processMeshPeers) its
        // own: between nodes of one AS both agree; across ASes a node without an AS of its own is expected in its
        // peer's AS, and the peer's BIRD refuses it ("Bad peer AS").
        if (peerAs.equals(asNumbers.get(b)) && (!e || sameSubnet(a, b) && sameSubnet(b, a) && asNumbers.get(a).equals(meshPeerAs(b, a)))) {
            int direct = (e ? SENDER_DIRECT | RECEIVER_DIRECT : 0) | ADD_PATH;
            link(a, b, flags(s, e, false) | direct, 0, s.effectiveLocalAs(), asNumbers.get(b), 0, 0);
            link(b, a, (e ? EBGP : 0) | direct, 0, asNumbers.get(b), s.effectiveLocalAs(), 0, 0);
            sessionsUp++;
        }
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

    private void link(int from, int to, int f, int allowLocalAs, AsNumber senderAs, AsNumber receiverAs, int senderCluster, int receiverCluster) {
        Edges group = (f & EBGP) != 0 ? ebgp.get(from) : (f & TO_CLIENT) != 0 ? ibgpClients.get(from) : ibgpOthers.get(from);
        group.add(to, f, allowLocalAs, senderAs, receiverAs, senderCluster, receiverCluster);
    }

    // ------------------------------------------------------------------ propagation

    /**
     * Marks the sinks: nodes with no eBGP session, no route-reflector clients and no peer that takes them for a
     * reflector. Everything such a node hears is iBGP from a non-client, which BGP passes on to nobody (it still
     * advertises its own prefixes, so it is no sink for those). What it holds for a prefix is then only the last offer
     * of each of its peers, which is what their converged routes offer: it can be settled after them, without taking
     * part in propagation. A route reflector's clients and the members of a full mesh without external peers are sinks.
     */
    private void sinks() {
        sink = new boolean[names.size()];
        if (!deferSinks) {
            return;
        }
        for (int t = 0; t < nodeCount; t++) {
            sink[t] = ebgp.get(t).size == 0 && ibgpClients.get(t).size == 0 && !recorded.containsKey(names.get(t));
        }
        for (int s = 0; s < names.size(); s++) {
            for (Edges edges : List.of(ebgp.get(s), ibgpClients.get(s), ibgpOthers.get(s))) {
                for (int e = 0; e < edges.size; e++) {
                    if ((edges.flags(e) & (RECEIVER_IS_REFLECTOR | EBGP)) != 0) {
                        sink[edges.to[e]] = false;
                    }
                }
            }
        }
        for (boolean b : sink) {
            anySink |= b;
        }
        for (int s = 0; s < names.size(); s++) {
            for (Edges edges : List.of(ebgp.get(s), ibgpClients.get(s), ibgpOthers.get(s))) {
                boolean uniform = edges.size > 0;
                for (int e = 0; e < edges.size; e++) {
                    if (sink[edges.to[e]]) {
                        edges.sinkPeers.set(edges.to[e]);
                    }
                    uniform &= edges.sameTerms(e, 0);
                }
                edges.uniform = uniform;
            }
        }
    }

    /** What one prefix's propagation leaves: the nodes that learned it, and each recorded speaker's route and merged routes. */
    private record Outcome(java.util.BitSet learned, @Nullable BgpRoute[] routes, @Nullable List<BgpRoute>[] merged) {
    }

    /** Below this many speakers x prefixes one thread propagates everything (starting threads would cost more). */
    private static final long PARALLEL_FROM = 1_000_000;

    private void propagateAll(int workers) {
        // Every prefix once, seeded at every node that originates it (service ranges come from many nodes).
        Map<Cidr, List<Integer>> origins = new LinkedHashMap<>();
        for (int o = 0; o < families.size(); o++) {
            BgpIntent.Family f = families.get(o);
            if (f == null) {
                continue;
            }
            for (Cidr prefix : f.exportedPrefixes()) {
                if (prefix.version() == 4) {
                    List<Integer> l = origins.computeIfAbsent(prefix, k -> new ArrayList<>(1));
                    if (!l.contains(o)) {
                        l.add(o);
                    }
                }
            }
        }
        int[] recordedIdx = recorded.keySet().stream().mapToInt(this::index).toArray();
        List<Cidr> prefixes = new ArrayList<>(origins.keySet());
        Outcome[] outcomes = new Outcome[prefixes.size()];
        Throwable[] failures = new Throwable[prefixes.size()];
        int threads = workers > 0 ? workers : (long) names.size() * prefixes.size() < PARALLEL_FROM ? 1
                : Math.min(4, Runtime.getRuntime().availableProcessors());
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        // The first prefix (in order) that failed: prefixes after it are not propagated (a failure that burns a
        // prefix's whole budget must not be paid for every prefix), those before it are, to find it as one thread does.
        java.util.concurrent.atomic.AtomicInteger firstFailed = new java.util.concurrent.atomic.AtomicInteger(Integer.MAX_VALUE);
        // Read-only from here on but for each worker's own Propagation.
        connectRouters();
        Runnable work = () -> {
            Propagation p = new Propagation(names.size());
            for (int i = next.getAndIncrement(); i < prefixes.size() && i < firstFailed.get(); i = next.getAndIncrement()) {
                try {
                    outcomes[i] = propagate(p, prefixes.get(i), origins.get(prefixes.get(i)), recordedIdx);
                } catch (RuntimeException | Error e) {
                    failures[i] = e;
                    firstFailed.accumulateAndGet(i, Math::min);
                    p = new Propagation(names.size());
                }
            }
        };
        List<Thread> started = new ArrayList<>();
        for (int k = 1; k < threads; k++) {
            Thread t = new Thread(work, "c4j-bgp-fabric-" + k);
            t.setDaemon(true);
            t.start();
            started.add(t);
        }
        work.run();
        boolean interrupted = false;
        for (Thread t : started) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true; // the workers end by themselves: finish, then keep the interrupt
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        // In prefix order, as one thread would: the same first failure, the same order of routes.
        for (int i = 0; i < prefixes.size(); i++) {
            if (failures[i] instanceof RuntimeException e) {
                throw e;
            }
            if (failures[i] instanceof Error e) {
                throw e;
            }
            Cidr prefix = prefixes.get(i);
            Outcome o = outcomes[i];
            learnedBy.put(prefix, o.learned());
            for (int k = 0; k < recordedIdx.length; k++) {
                String name = names.get(recordedIdx[k]);
                if (o.routes()[k] != null) {
                    recorded.get(name).put(prefix, o.routes()[k]);
                }
                if (o.merged()[k] != null) {
                    multipath.computeIfAbsent(name, x -> new HashMap<>()).put(prefix, o.merged()[k]);
                }
            }
        }
    }

    /** Propagates one prefix on {@code p} (reset afterwards) and reads off what it left. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Outcome propagate(Propagation p, Cidr prefix, List<Integer> from, int[] recordedIdx) {
        java.util.BitSet learned = new java.util.BitSet(nodeCount);
        p.run(prefix, from, learned);
        for (int i = 0; i < p.touchedCount; i++) {
            int t = p.touched[i];
            Path best = p.best[t];
            if (best != null && !best.local() && t < nodeCount) {
                learned.set(t);
            }
        }
        BgpRoute[] routes = new BgpRoute[recordedIdx.length];
        List<BgpRoute>[] merged = new List[recordedIdx.length];
        for (int k = 0; k < recordedIdx.length; k++) {
            int r = recordedIdx[k];
            Path best = p.best[r];
            if (best != null && !best.local()) {
                routes[k] = route(prefix, best);
                merged[k] = r < nodeCount && p.ribIn[r] != null ? merged(r, best, p.ribIn[r].paths(), prefix) : null;
            }
        }
        p.reset();
        return new Outcome(learned, routes, merged);
    }

    private BgpRoute route(Cidr prefix, Path p) {
        return new BgpRoute(prefix, addresses.get(p.nextHop()), asList(p.asPath()), names.get(p.origin()), names.get(p.from()), p.internal());
    }

    /** The best route and those node {@code t}'s BIRD merges with it (see {@link #multipath}), or null when it merges none. */
    private @Nullable List<BgpRoute> merged(int t, Path best, Collection<Path> heard, Cidr prefix) {
        List<Path> others = new ArrayList<>();
        for (Path p : heard) {
            if (p != best && p.length() == best.length() && p.internal() == best.internal()
                    && connected(t, p.nextHop()) == connected(t, best.nextHop())) {
                others.add(p);
            }
        }
        if (others.isEmpty()) {
            return null;
        }
        others.sort(java.util.Comparator.comparing(p -> addresses.get(p.nextHop())));
        List<BgpRoute> out = new ArrayList<>();
        out.add(route(prefix, best));
        others.forEach(p -> out.add(route(prefix, p)));
        return out;
    }

    private static final int GROUPS = 3;

    /**
     * One prefix's propagation: each speaker's routes received per peer (Adj-RIB-In) and its best;
     * a speaker whose best changes re-advertises, and withdraws from the peers it may no longer
     * send to, until nothing changes.
     */
    private final class Propagation {
        final Path[] best;
        final Rib<Path>[] ribIn;
        /** Per speaker, the edge groups it advertised to last (bit g), to withdraw from when it may no longer. */
        final int[] advertised;
        final int[] queue;
        final boolean[] queued;
        final int[] touched;
        final boolean[] isTouched;
        /** The speakers originating the prefix being propagated (never settled as sinks). */
        final boolean[] origin;
        int touchedCount;
        /** The last AS path made by prepending, to share: every member of a mesh passes the same one on to its ToR. */
        private @Nullable AsPath prepended;

        /** {@code as} prepended to {@code tail}: the path made last time when it is the same (paths are values). */
        private AsPath prepend(AsNumber as, @Nullable AsPath tail) {
            AsPath last = prepended;
            if (last != null && last.tail() == tail && last.head().equals(as)) {
                return last;
            }
            last = new AsPath(as, tail);
            prepended = last;
            return last;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        Propagation(int n) {
            best = new Path[n];
            ribIn = new Rib[n];
            advertised = new int[n];
            queue = new int[n];
            queued = new boolean[n];
            touched = new int[n];
            isTouched = new boolean[n];
            origin = new boolean[n];
        }

        /** Per pool list, whether the prefix being propagated is exported (0 not known yet, 1 yes, 2 no, 3 in no pool). */
        final byte[] poolExport = new byte[poolLists.size()];

        /**
         * Whether speaker {@code s}'s export filter passes {@code prefix} ({@link BgpIntent.Family#exported}): the first
         * pool holding it decides, answered once per prefix for all speakers with the same pools; outside every pool,
         * the speaker's own blocks and static routes.
         */
        private boolean exports(int s, Cidr prefix) {
            BgpIntent.Family fam = families.get(s);
            if (fam == null) {
                return true;
            }
            int c = poolClass[s];
            byte known = poolExport[c];
            if (known == 0) {
                known = 3;
                for (BgpIntent.PoolPolicy p : poolLists.get(c)) {
                    if (p.cidr().contains(prefix)) {
                        known = p.disableBgpExport() ? (byte) 2 : (byte) 1;
                        break;
                    }
                }
                poolExport[c] = known;
            }
            return known == 3 ? fam.exported(prefix) : known == 1;
        }

        /** Whether {@code t} is settled after propagation rather than taking part in it. */
        private boolean deferred(int t) {
            return sink[t] && !origin[t];
        }

        void touch(int t) {
            if (!isTouched[t]) {
                isTouched[t] = true;
                touched[touchedCount++] = t;
            }
        }

        void reset() {
            for (int i = 0; i < touchedCount; i++) {
                int t = touched[i];
                best[t] = null;
                ribIn[t] = null;
                advertised[t] = 0;
                isTouched[t] = false;
            }
            touchedCount = 0;
        }

        /** The queue of speakers to send (a ring of {@code names.size()}), and the edges left to try before giving up. */
        private int head;
        private int tail;
        private int size;
        private long budget;

        private void enqueue(int t) {
            queued[t] = true;
            queue[tail++ % queue.length] = t;
            size++;
        }

        /** Propagates {@code prefix} from its origins; marks in {@code learned} the sinks that end up with a route. */
        void run(Cidr prefix, List<Integer> origins, java.util.BitSet learned) {
            int n = names.size();
            head = 0;
            tail = 0;
            size = 0;
            for (int o : origins) {
                origin[o] = true;
            }
            for (int o : origins) {
                best[o] = new Path(o, null, 0, o, -1, false, false, false, -1, null, 0, 0);
                touch(o);
                enqueue(o);
            }
            budget = 256L * n * n + 4096;
            while (size > 0) {
                int s = queue[head++ % queue.length];
                size--;
                queued[s] = false;
                send(s, prefix);
            }
            if (anySink) {
                settleSinks(prefix, origins, learned);
            }
            Arrays.fill(poolExport, (byte) 0);
            for (int o : origins) {
                origin[o] = false;
            }
        }

        /** Speaker {@code s} offers what it holds for {@code prefix} to its peers, group by group; queues those it changed. */
        private void send(int s, Cidr prefix) {
            newSender();
            Path r = best[s];
            boolean exportable = r != null && (r.local() || exports(s, prefix));
            // With ADD-PATH a speaker passes on every route it holds (its own prefix: only that); indexed, not iterated.
            Rib<Path> rib = r == null || r.local() ? null : ribIn[s];
            int heldCount = !exportable ? 0 : rib == null ? 1 : rib.size();
            int now = 0;
            for (int g = 0; g < GROUPS; g++) {
                // eBGP peers hear everything; iBGP peers what is local, eBGP-learned, or reflected.
                boolean allowed = exportable && allowed(r, g);
                boolean any = allowed;
                Edges edges = g == 0 ? ebgp.get(s) : g == 1 ? ibgpClients.get(s) : ibgpOthers.get(s);
                if (any && edges.uniform && !edges.anyAddPath && !loopFree(r, edges, 0)) {
                    // Every edge has edge 0's terms, so every peer's loop check drops the path (a ToR's route back
                    // to the AS of the mesh it heard it from): as good as nothing to send on this group.
                    any = false;
                }
                if (edges.anyAddPath) {
                    // Every held path may go over ADD-PATH (a router hearing a mesh holds thousands, and sends its best only).
                    for (int k = 0; k < heldCount && !any; k++) {
                        any = allowed(rib == null ? r : rib.get(k), g);
                    }
                }
                if (!any && (advertised[s] & 1 << g) == 0) {
                    continue; // Nothing to send this group, and nothing sent before to withdraw.
                }
                if (any) {
                    now |= 1 << g;
                }
                sendOn(s, prefix, r, allowed, rib, heldCount, g, edges);
            }
            advertised[s] = now;
        }

        /** Speaker {@code s} offers on group {@code g}'s edges: its best {@code r} (if {@code allowed}), or over ADD-PATH all it holds. */
        private void sendOn(int s, Cidr prefix, @Nullable Path r, boolean allowed, @Nullable Rib<Path> rib, int heldCount, int g, Edges edges) {
            for (int e = 0; e < edges.size; e++) {
                if (--budget < 0) {
                    throw new IllegalStateException("BGP did not converge for " + prefix + " (a policy oscillation?)");
                }
                int t = edges.to[e];
                if (deferred(t)) {
                    continue; // Settled below, from what s ends up offering.
                }
                boolean changed;
                if ((edges.flags(e) & ADD_PATH) != 0) {
                    offers.clear();
                    for (int k = 0; k < heldCount; k++) {
                        Path h = rib == null ? r : rib.get(k);
                        Path cand = allowed(h, g) ? offer(s, h, edges, e) : null;
                        if (cand != null) {
                            offers.add(cand);
                        }
                    }
                    changed = sync(t, s, offers);
                } else {
                    changed = receive(t, (long) s << 32, allowed ? offer(s, r, edges, e) : null);
                }
                if (changed && !queued[t]) {
                    enqueue(t);
                }
            }
        }

        /**
         * Marks in {@code learned} each sink that some speaker's converged routes offer a path to: what it holds
         * is the last offer of each peer, and a peer's last offer is made from its converged routes.
         */
        private void settleSinks(Cidr prefix, List<Integer> origins, java.util.BitSet learned) {
            for (int i = 0; i < touchedCount; i++) {
                int s = touched[i];
                Path r = best[s];
                if (deferred(s) || r == null || !(r.local() || exports(s, prefix))) {
                    continue;
                }
                Collection<Path> held = r.local() || ribIn[s] == null ? List.of(r) : ribIn[s].paths();
                for (int g = 0; g < GROUPS; g++) {
                    Edges edges = g == 0 ? ebgp.get(s) : g == 1 ? ibgpClients.get(s) : ibgpOthers.get(s);
                    if (edges.sinkPeers.isEmpty()) {
                        continue;
                    }
                    if (edges.uniform) {
                        settleAlike(edges, (edges.flags(0) & ADD_PATH) != 0 ? held : List.of(r), g, origins, learned);
                        continue;
                    }
                    for (int e = 0; e < edges.size; e++) {
                        int t = edges.to[e];
                        if (!deferred(t) || learned.get(t)) {
                            continue;
                        }
                        // Over ADD-PATH every path held goes, each as allowed; otherwise the best alone.
                        if ((edges.flags(e) & ADD_PATH) != 0) {
                            for (Path h : held) {
                                if (allowed(h, g) && reaches(h, edges, e)) {
                                    learned.set(t);
                                    break;
                                }
                            }
                        } else if (allowed(r, g) && reaches(r, edges, e)) {
                            learned.set(t);
                        }
                    }
                }
            }
        }

        /**
         * {@link #settleSinks} over edges that are all alike (same flags and ASes): a path that passes the loop check on one
         * passes it on all, and reaches every sink peer but its sender and originator; so the sinks reached are all of them
         * but those every such path excludes (and the prefix's origins, which are no sinks for it).
         */
        private void settleAlike(Edges edges, Collection<Path> paths, int g, List<Integer> origins, java.util.BitSet learned) {
            int x1 = -2;
            int x2 = -2;
            boolean first = true;
            for (Path h : paths) {
                if (!allowed(h, g) || !loopFree(h, edges, 0)) {
                    continue;
                }
                if (first) {
                    x1 = h.from();
                    x2 = h.origin();
                    first = false;
                } else {
                    x1 = x1 == h.from() || x1 == h.origin() ? x1 : -2;
                    x2 = x2 == h.from() || x2 == h.origin() ? x2 : -2;
                }
            }
            if (first) {
                return; // No path goes out on these edges.
            }
            List<Integer> keep = new ArrayList<>(origins.size() + 2);
            keep.addAll(origins);
            keep.add(x1);
            keep.add(x2);
            boolean[] before = new boolean[keep.size()];
            for (int k = 0; k < keep.size(); k++) {
                before[k] = keep.get(k) >= 0 && learned.get(keep.get(k));
            }
            learned.or(edges.sinkPeers);
            for (int k = 0; k < keep.size(); k++) {
                if (keep.get(k) >= 0) {
                    learned.set(keep.get(k), before[k]);
                }
            }
        }

        /**
         * Whether {@link #offer} of {@code r} on edge {@code e} is a path, without building it: not back to its sender, not
         * to its originator (which ignores its own route), and not looping (AS-path loop prevention).
         */
        private boolean reaches(Path r, Edges edges, int e) {
            return !backToItsSource(r, edges.to[e]) && loopFree(r, edges, e);
        }

        /** Not back to the sender it came from; the originator ignores its own route. */
        private static boolean backToItsSource(Path r, int t) {
            return t == r.from() || t == r.origin();
        }

        /** Whether path {@code r} passes the receiver's AS-path loop check on edge {@code e}. */
        private boolean loopFree(Path r, Edges edges, int e) {
            boolean eb = (edges.flags(e) & EBGP) != 0;
            int loops = occurrences(r.asPath(), edges.receiverAs(e)) + (eb && edges.senderAs(e).equals(edges.receiverAs(e)) ? 1 : 0);
            if (loops > edges.allowLocalAs(e)) {
                return false;
            }
            // A receiver that reflects for the sender drops what already passed its cluster (RFC 4456; BIRD checks the
            // cluster ID of the session the route arrives on, which is set only towards clients).
            int mine = edges.receiverCluster(e);
            return mine == 0 || eb || !Clusters.contains(exportedClusters(r, edges, e), mine);
        }

        /**
         * The CLUSTER_LIST {@code r} goes out with on edge {@code e}: none over eBGP; when reflected (iBGP-learned, passed on
         * over iBGP) BIRD prepends the cluster ID of the session it came in on, then that of the session it goes out on
         * when the two differ (each only where the reflector reflects for that peer).
         */
        private @Nullable Clusters exportedClusters(Path r, Edges edges, int e) {
            if ((edges.flags(e) & EBGP) != 0) {
                return null;
            }
            Clusters c = r.clusters();
            if (!r.local() && r.internal()) {
                if (r.inCluster() != 0) {
                    c = Clusters.prepend(c, r.inCluster());
                }
                int out = edges.senderCluster(e);
                if (out != 0 && out != r.inCluster()) {
                    c = Clusters.prepend(c, out);
                }
            }
            return c;
        }

        /**
         * The paths built for the current sender (see {@link #offer}): what a path becomes on an edge depends on the edge's
         * terms, not on the peer, so peers on alike edges (a mesh, a reflector's clients) share one immutable path.
         */
        private final Path[] builtFor = new Path[8];
        private final Edges[] builtOn = new Edges[8];
        private final int[] builtEdge = new int[8];
        private final @Nullable Path[] built = new Path[8];
        private int builtCount;

        /** Forgets the paths built so far (a new sender). */
        private void newSender() {
            java.util.Arrays.fill(builtFor, 0, builtCount, null);
            java.util.Arrays.fill(builtOn, 0, builtCount, null);
            java.util.Arrays.fill(built, 0, builtCount, null);
            builtCount = 0;
        }

        /** What {@code s} sends its peer on edge {@code e} for {@code r}, or null if the peer drops it. */
        private @Nullable Path offer(int s, Path r, Edges edges, int e) {
            if (backToItsSource(r, edges.to[e])) {
                return null;
            }
            for (int i = 0; i < builtCount; i++) {
                if (builtFor[i] == r && builtOn[i] == edges && edges.sameTerms(builtEdge[i], e)) {
                    return built[i];
                }
            }
            Path p = build(s, r, edges, e);
            int i = builtCount < builtFor.length ? builtCount++ : e % builtFor.length;
            builtFor[i] = r;
            builtOn[i] = edges;
            builtEdge[i] = e;
            built[i] = p;
            return p;
        }

        /** What {@code s} sends on edge {@code e} for {@code r} whoever the peer is, or null when the peer's loop checks drop it. */
        private @Nullable Path build(int s, Path r, Edges edges, int e) {
            if (!loopFree(r, edges, e)) {
                return null;
            }
            int fl = edges.flags(e);
            boolean eb = (fl & EBGP) != 0;
            AsPath path = eb ? prepend(edges.senderAs(e), r.asPath()) : r.asPath();
            // BIRD's next hop on export: self when told or for its own routes; kept when told, towards iBGP peers, and
            // between single-hop eBGP sessions on one interface (a third-party next hop); self otherwise.
            int nh;
            if (r.local() || (fl & NEXT_HOP_SELF) != 0) {
                nh = s;
            } else if ((fl & NEXT_HOP_KEEP) != 0 || !eb) {
                nh = r.nextHop();
            } else if ((fl & SENDER_DIRECT) != 0 && r.viaDirect()) {
                nh = r.nextHop();
            } else if ((fl & SENDER_DIRECT) != 0) {
                // bgp_use_gateway: towards a single-hop eBGP peer, the gateway the route goes through when it is on the
                // peer's interface (the next hop itself when connected, else the default gateway).
                int g = connected(s, r.nextHop()) ? r.nextHop() : s < defaultGw.length ? defaultGw[s] : -1;
                nh = g >= 0 && sameSubnet(s, g) ? g : s;
            } else {
                nh = s;
            }
            // A reflector (an iBGP route passed on over iBGP) sets ORIGINATOR_ID once and grows CLUSTER_LIST; eBGP drops both.
            boolean reflected = !eb && !r.local() && r.internal();
            int originator = eb ? -1 : reflected && r.originator() < 0 ? r.from() : r.originator();
            Clusters clusters = exportedClusters(r, edges, e);
            return new Path(r.origin(), path, eb ? r.length() + 1 : r.length(), nh, s, !eb, !eb && (fl & RECEIVER_IS_REFLECTOR) != 0,
                    (fl & RECEIVER_DIRECT) != 0, originator, clusters, edges.receiverCluster(e), (fl & ADD_PATH) != 0 ? r.outId() : 0);
        }

        /** Whether path {@code r} may go to edge group {@code g}: eBGP peers hear everything; iBGP peers what is local, eBGP-learned, or reflected. */
        private boolean allowed(Path r, int g) {
            return g == 0 || r.local() || !r.internal() || g == 1 || r.fromClient();
        }

        /** What one speaker offers one ADD-PATH peer (reused: propagation runs on one thread). */
        private final List<Path> offers = new ArrayList<>();

        /**
         * Makes the paths {@code t} holds from {@code s} (over ADD-PATH) exactly {@code offered} (each under its own key);
         * returns whether t must pass anything on anew (what it holds changed).
         */
        private boolean sync(int t, int s, List<Path> offered) {
            boolean changed = false;
            Rib<Path> in = ribIn[t];
            if (in != null) {
                List<Long> gone = null;
                for (int k = 0; k < in.size(); k++) {
                    Path h = in.get(k);
                    if (h.from() == s && !offeredUnder(offered, h.key())) {
                        gone = gone == null ? new ArrayList<>() : gone;
                        gone.add(h.key());
                    }
                }
                if (gone != null) {
                    for (Long k : gone) {
                        changed |= receive(t, k, null);
                    }
                }
            }
            for (Path o : offered) {
                changed |= receive(t, o.key(), o);
            }
            return changed;
        }

        private static boolean offeredUnder(List<Path> offered, long key) {
            for (Path o : offered) {
                if (o.key() == key) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Stores (or withdraws) the path {@code t} holds under {@code key}; returns whether t must pass anything on anew:
         * its best changed, or (a speaker passes every route on over ADD-PATH) what it holds changed.
         */
        private boolean receive(int t, long key, @Nullable Path cand) {
            Rib<Path> in = ribIn[t];
            if (cand == null) {
                if (in == null || in.remove(key) == null) {
                    return false;
                }
            } else {
                if (in == null) {
                    in = new Rib<>(Path::key);
                    ribIn[t] = in;
                    touch(t);
                }
                Path old = in.put(cand);
                if (cand.equals(old)) {
                    return false;
                }
            }
            Path cur = best[t];
            if (cur != null && cur.local()) {
                return false; // A speaker's own prefix beats anything heard (and is all it passes on).
            }
            if (cand != null && (cur == null || cur.key() != key && better(t, cand, cur))) {
                best[t] = cand;
                return true;
            }
            if (cur == null || cur.key() != key) {
                return true; // The best stays; what t holds changed.
            }
            // The best was under this key and is now worse or gone: choose again.
            Path chosen = null;
            for (int k = 0; k < in.size(); k++) {
                Path p = in.get(k);
                if (chosen == null || better(t, p, chosen)) {
                    chosen = p;
                }
            }
            best[t] = chosen;
            return true;
        }
    }

    /**
     * BIRD's choice at speaker {@code t} between two paths heard from peers (bgp_rte_better; local preference, origin
     * and MED are equal for what Calico nodes export): the shorter AS path; eBGP over iBGP; the lower IGP metric
     * to the next hop (0 on a connected subnet, unknown through a gateway); the lower router ID (the ORIGINATOR_ID
     * for reflected routes); the shorter cluster list; the lower neighbour address.
     */
    private boolean better(int t, Path a, Path b) {
        if (a.length() != b.length()) {
            return a.length() < b.length();
        }
        if (a.internal() != b.internal()) {
            return !a.internal();
        }
        boolean ca = connected(t, a.nextHop());
        boolean cb = connected(t, b.nextHop());
        if (ca != cb) {
            return ca;
        }
        int id = routerIds.get(a.originator() >= 0 ? a.originator() : a.from())
                .compareTo(routerIds.get(b.originator() >= 0 ? b.originator() : b.from()));
        if (id != 0) {
            return id < 0;
        }
        if (a.clusterLength() != b.clusterLength()) {
            return a.clusterLength() < b.clusterLength();
        }
        return addresses.get(a.from()).compareTo(addresses.get(b.from())) < 0;
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
