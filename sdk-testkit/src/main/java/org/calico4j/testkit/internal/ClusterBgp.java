package org.calico4j.testkit.internal;

import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.ListResult;
import org.calico4j.client.spi.Versioned;
import org.calico4j.dataplane.bgp.BgpIntent;
import org.calico4j.dataplane.bgp.BgpIntents;
import org.calico4j.dataplane.bgp.SecretResolver;
import org.calico4j.dataplane.internal.CidrTrie;
import org.calico4j.model.Kind;
import org.calico4j.model.Resource;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.calico4j.testkit.bgp.BgpFabric;
import org.calico4j.testkit.bgp.BgpRoute;
import org.jspecify.annotations.Nullable;

/**
 * A simulated cluster's BGP as of the datastore's current revision: every node's intent (as confd
 * computes it), the fabric's routes for the routers, a node's routes on request, and routers'
 * lookup tables; recomputed when the datastore or the routers change.
 *
 * <pre>{@code
 * ClusterBgp bgp = new ClusterBgp(client.datastore(), () -> routers);
 * bgp.routes("tor", true);
 * }</pre>
 *
 * <p>Thread-safe (one lock). A full mesh's intents (n² sessions) are held softly: the JVM may drop
 * them under memory pressure, and they are computed again when asked for.
 */
public final class ClusterBgp {
    private final Datastore ds;
    private final Supplier<List<BgpFabric.Router>> routers;
    private final Supplier<BgpFabric.Underlay> underlay;
    private long at = -1;
    private SoftReference<Map<String, BgpIntent>> intents = new SoftReference<>(null);
    private @Nullable BgpFabric fabric;
    private final Map<String, CidrTrie<IpAddress>> routerTables = new HashMap<>();
    private final Map<String, Map<Cidr, BgpRoute>> nodeRoutes = new HashMap<>();
    private final Map<String, Map<Cidr, List<BgpRoute>>> nodeMultipath = new HashMap<>();

    public ClusterBgp(Datastore ds, Supplier<List<BgpFabric.Router>> routers) {
        this(ds, routers, () -> BgpFabric.Underlay.NONE);
    }

    /** With the network under the speakers (see {@link BgpFabric.Underlay}); neither supplier may take a lock. */
    public ClusterBgp(Datastore ds, Supplier<List<BgpFabric.Router>> routers, Supplier<BgpFabric.Underlay> underlay) {
        this.ds = ds;
        this.routers = routers;
        this.underlay = underlay;
    }

    /** Forgets everything computed (the routers changed). */
    public synchronized void invalidate() {
        fabric = null;
    }

    /** The fabric as of now. */
    public synchronized BgpFabric fabric() {
        long rev = ds.revision();
        if (fabric == null || rev != at) {
            Map<String, BgpIntent> i = computeIntents();
            List<BgpFabric.Router> r = routers.get();
            fabric = BgpFabric.compute(i, r, r.stream().map(BgpFabric.Router::name).collect(java.util.stream.Collectors.toSet()),
                    underlay.get());
            intents = new SoftReference<>(i);
            at = rev;
            routerTables.clear();
            nodeRoutes.clear();
            nodeMultipath.clear();
        }
        return fabric;
    }

    /** Every node's BGP intent as of now. */
    public synchronized Map<String, BgpIntent> intents() {
        fabric();
        Map<String, BgpIntent> i = intents.get();
        if (i == null) {
            i = computeIntents();
            intents = new SoftReference<>(i);
        }
        return i;
    }

    /** Every node's intent from one snapshot of the datastore (all kinds listed at one revision). */
    private Map<String, BgpIntent> computeIntents() {
        List<Resource> all = new ArrayList<>();
        long rev = 0;
        for (Kind k : Kind.values()) {
            ListResult r = ds.list(k, rev);
            rev = r.revision();
            for (Versioned v : r.items()) {
                all.add(v.value());
            }
        }
        return BgpIntents.compute(all, SecretResolver.none());
    }

    /** A router's (recorded with the fabric) or a node's (computed on request) best routes. */
    public synchronized Map<Cidr, BgpRoute> routes(String speaker, boolean router) {
        BgpFabric f = fabric();
        if (router) {
            return Collections.unmodifiableMap(f.routes(speaker));
        }
        Map<Cidr, BgpRoute> known = nodeRoutes.get(speaker);
        if (known != null) {
            return known;
        }
        Map<String, BgpIntent> all = intents();
        Map<Cidr, BgpRoute> r = Map.of();
        Map<Cidr, List<BgpRoute>> m = Map.of();
        if (all.containsKey(speaker) && all.get(speaker).family(4) != null) {
            BgpFabric own = BgpFabric.compute(all, routers.get(), Set.of(speaker), underlay.get());
            r = own.routes(speaker);
            m = own.multipath(speaker);
        }
        r = Collections.unmodifiableMap(r);
        nodeRoutes.put(speaker, r);
        nodeMultipath.put(speaker, Collections.unmodifiableMap(m));
        return r;
    }

    /** A node's prefixes whose kernel route BIRD merges from several routes (see {@link BgpFabric#multipath}). */
    public synchronized Map<Cidr, List<BgpRoute>> multipath(String node) {
        routes(node, false);
        return nodeMultipath.getOrDefault(node, Map.of());
    }

    /** A router's learned routes as a lookup table: prefix to next hop. */
    public synchronized CidrTrie<IpAddress> routerTable(String router) {
        BgpFabric f = fabric();
        return routerTables.computeIfAbsent(router, k -> {
            CidrTrie<IpAddress> trie = new CidrTrie<>();
            f.routes(router).forEach((c, route) -> trie.put(c, route.nextHop()));
            return trie;
        });
    }
}
