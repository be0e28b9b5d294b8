package org.calico4j.dataplane.calc;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import org.calico4j.dataplane.DataplaneDelta;
import org.calico4j.dataplane.Encap;
import org.calico4j.dataplane.HostInfo;
import org.calico4j.dataplane.PoolInfo;
import org.calico4j.dataplane.RouteInfo;
import org.calico4j.dataplane.RouteOwner;
import org.calico4j.dataplane.RouteType;
import org.calico4j.dataplane.RoutingSettings;
import org.calico4j.model.ipam.IpamBlock;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * The node's routes, as Felix's L3 route resolver and route managers (and BIRD, for what it owns)
 * would have them: one per local workload, per IPAM block (blackholed when local, else towards the
 * block's node), and per borrowed address. Changes mark CIDRs dirty; {@link #drain} recomputes only
 * those and emits the differences.
 */
final class Routes {
    private final String me;
    private final Inputs in;
    private RoutingSettings settings = RoutingSettings.defaults();
    private final TreeMap<Cidr, RouteInfo> current = new TreeMap<>();
    private final Set<Cidr> dirty = new LinkedHashSet<>();

    Routes(String me, Inputs in) {
        this.me = me;
        this.in = in;
    }

    Map<Cidr, RouteInfo> current() {
        return current;
    }

    void settings(RoutingSettings s) {
        settings = s;
    }

    // ------------------------------------------------------------------ what a change touches

    /** The blocks inside {@code pool}, and the borrowed addresses and routes in it. */
    void refreshWithin(Cidr pool) {
        Cidr first = Cidr.of(pool.address(), pool.prefixLength());
        for (Cidr b : in.blocks.tailMap(first, true).keySet()) {
            if (!pool.containsAddress(b.address())) {
                break;
            }
            dirty.add(b);
        }
        borrowedWithin(pool);
        for (Cidr r : current.tailMap(first, true).keySet()) {
            if (!pool.containsAddress(r.address())) {
                break;
            }
            dirty.add(r);
        }
    }

    /** A node's blocks and the addresses used on it. */
    void refreshNode(String node) {
        dirty.addAll(in.blocksByHost.getOrDefault(node, Set.of()));
        for (IpAddress ip : in.addressesByNode.getOrDefault(node, Set.of())) {
            Cidr h = host(ip);
            if (in.borrowed.containsKey(ip) || current.containsKey(h)) {
                dirty.add(h);
            }
        }
    }

    /** A block, and every address in it that is (or was) routed on its own. */
    void refreshBlock(Cidr block) {
        dirty.add(block);
        borrowedWithin(block);
        Cidr first = Cidr.of(block.address(), block.prefixLength());
        for (Cidr r : current.tailMap(first, true).keySet()) {
            if (!block.containsAddress(r.address())) {
                break;
            }
            dirty.add(r);
        }
    }

    /** The borrowed addresses inside {@code range}. */
    private void borrowedWithin(Cidr range) {
        for (IpAddress ip : in.borrowed.subMap(range.network().address(), true, range.lastAddress(), true).keySet()) {
            dirty.add(host(ip));
        }
    }

    void refreshAddress(IpAddress ip) {
        dirty.add(host(ip));
    }

    void refreshAll() {
        dirty.addAll(current.keySet());
        dirty.addAll(in.blocks.keySet());
        in.localAddresses(me).forEach(ip -> dirty.add(host(ip)));
        in.borrowed.keySet().forEach(ip -> dirty.add(host(ip)));
    }

    static Cidr host(IpAddress ip) {
        return Cidr.of(ip, ip.bitLength());
    }

    /** Recomputes every dirty CIDR and records what changed. */
    void drain(DataplaneDelta.Builder out) {
        for (Cidr c : dirty) {
            RouteInfo want = desired(c);
            RouteInfo have = current.get(c);
            if (Objects.equals(want, have)) {
                continue;
            }
            if (want == null) {
                current.remove(c);
                out.removeRoute(c);
            } else {
                current.put(c, want);
                out.setRoute(want);
            }
        }
        dirty.clear();
    }

    // ------------------------------------------------------------------ the routes

    /** The route {@code c} should have on this node now, or null for none (read-only: usable as a lookup). */
    @Nullable RouteInfo desired(Cidr c) {
        if (c.prefixLength() == c.address().bitLength()) {
            IpAddress ip = c.address();
            Inputs.Workload local = in.localWorkload(me, ip);
            if (local != null) {
                return new RouteInfo(c, RouteType.LOCAL_WORKLOAD, Encap.NONE, RouteOwner.FELIX, local.interfaceName(), null, me,
                        null, true);
            }
            RouteInfo borrowed = borrowed(c, ip);
            if (borrowed != null) {
                return borrowed;
            }
        }
        IpamBlock b = in.block(c);
        return b == null ? null : block(c, b);
    }

    private @Nullable RouteInfo borrowed(Cidr c, IpAddress ip) {
        String node = in.nodeOfAddress(ip);
        if (node == null || node.equals(me)) {
            return null;
        }
        Cidr blockCidr = in.blockContaining(ip);
        IpamBlock b = blockCidr == null ? null : in.block(blockCidr);
        if (b == null || b.affinityHost().map(node::equals).orElse(false)) {
            return null;
        }
        PoolInfo pool = in.poolFor(blockCidr);
        return pool == null ? null : remote(c, RouteType.REMOTE_BORROWED, node, pool);
    }

    private @Nullable RouteInfo block(Cidr c, IpamBlock b) {
        String host = b.affinityHost().orElse(null);
        if (host == null) {
            return null;
        }
        PoolInfo pool = in.poolFor(c);
        if (pool == null) {
            return null;
        }
        if (host.equals(me)) {
            return new RouteInfo(c, RouteType.LOCAL_BLOCK, Encap.NONE, owner(pool, c.version()), null, null, me, null, true);
        }
        return remote(c, RouteType.REMOTE_BLOCK, host, pool);
    }

    private @Nullable RouteInfo remote(Cidr c, RouteType type, String node, PoolInfo pool) {
        int v = c.version();
        HostInfo remote = in.nodes.get(node);
        IpAddress nodeIp = remote == null ? null : remote.address(v).orElse(null);
        if (nodeIp == null) {
            // Felix cannot route to a node whose address it does not know.
            return null;
        }
        HostInfo self = in.nodes.get(me);
        boolean same = self != null && self.sameSubnet(remote, v);
        Encap encap = pool.encap();
        if (encap != Encap.NONE && pool.crossSubnet() && same) {
            encap = Encap.NONE;
        }
        IpAddress via = nodeIp;
        if (encap == Encap.VXLAN) {
            via = remote.tunnelAddress(Encap.VXLAN, v).orElse(null);
            if (via == null) {
                // No VTEP yet: the VXLAN manager waits for the node's tunnel address.
                return null;
            }
        }
        return new RouteInfo(c, type, encap, owner(pool, v), encap.device(v), via, node, nodeIp, same);
    }

    /** v3.32.1: Felix owns VXLAN; IPIP and no-encap go to BIRD unless Felix's programClusterRoutes says otherwise. */
    private RouteOwner owner(PoolInfo pool, int v) {
        switch (pool.encap()) {
            case VXLAN:
                return RouteOwner.FELIX;
            case IPIP:
                return RouteOwner.of(settings.felixProgramsClusterRoutes(), settings.birdProgramsClusterRoutes());
            default:
                boolean noEncapManager = settings.felixProgramsClusterRoutes()
                        && (v == 4 ? !settings.ipipEnabled() && !settings.vxlanEnabled() : !settings.vxlanEnabledV6());
                return RouteOwner.of(noEncapManager, settings.birdProgramsClusterRoutes());
        }
    }
}
