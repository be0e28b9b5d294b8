package org.calico4j.dataplane.bgp;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.calico4j.model.net.AsNumber;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * What one node's BGP speaker is to do, per IP version: its sessions and what it exports, as confd
 * would give it to BIRD.
 *
 * <pre>{@code
 * BgpIntent i = intents.get("node-1");
 * i.family(4).sessions();           // peers
 * i.family(4).exportedPrefixes();   // blocks, borrowed /32s, service ranges
 * }</pre>
 *
 * @param node              the node
 * @param routerId          BIRD's router id (the node's IPv4 address, else Calico's hash of the node name)
 * @param logLevel          BIRD's log level as confd reduces {@code logSeverityScreen}: debug, info or none
 * @param ignoredInterfaces {@code ignoredInterfaces} (kept out of the direct protocol)
 * @param v4                IPv4: the speaker, or (no IPv4 address) only its routes
 * @param v6                IPv6: the speaker, or (no IPv6 address) only its routes
 */
public record BgpIntent(String node, IpAddress routerId, String logLevel, List<String> ignoredInterfaces, @Nullable Family v4,
                        @Nullable Family v6) {
    /**
     * Checks the components and copies the collections, so the value stays immutable.
     *
     * @param node the node
     * @param routerId BIRD's router id (the node's IPv4 address, else Calico's hash of the node name)
     * @param logLevel BIRD's log level as confd reduces {@code logSeverityScreen}: debug, info or none
     * @param ignoredInterfaces {@code ignoredInterfaces} (kept out of the direct protocol)
     * @param v4 IPv4: the speaker, or (no IPv4 address) only its routes
     * @param v6 IPv6: the speaker, or (no IPv6 address) only its routes
     */
    public BgpIntent {
        Objects.requireNonNull(routerId, "routerId");
        ignoredInterfaces = List.copyOf(ignoredInterfaces);
    }

    /**
     * The speaker of this IP version, or null when the node has no address of it.
     *
     * @param version 4 or 6
     * @return the family, or null
     */
    public @Nullable Family family(int version) {
        Family f = routes(version);
        return f == null || f.address() == null ? null : f;
    }

    /**
     * Routes and filters of this IP version, also without a speaker (confd writes its blackholes and kernel filter then too).
     *
     * @param version 4 or 6
     * @return the family, or null when the node has nothing of that version
     */
    public @Nullable Family routes(int version) {
        return version == 4 ? v4 : v6;
    }

    /**
     * The same intent with another router ID ({@code CALICO_ROUTER_ID}).
     *
     * @param id the new {@code routerId}
     * @return a copy with it
     */
    public BgpIntent withRouterId(IpAddress id) {
        return new BgpIntent(node, id, logLevel, ignoredInterfaces, v4, v6);
    }

    /**
     * One IP version's speaker.
     *
     * @param address          the node's address (sessions' source), or null: no speaker, only routes
     * @param network          the node's subnet (the CrossSubnet test)
     * @param asNumber         the node's AS (its own, else the global, else 64512)
     * @param listenPort       BGP port (0 = 179)
     * @param listenAddress    the address BIRD listens on ({@code bindMode: NodeIP}), or null for every address
     * @param normalRoutePriority {@code ipv4NormalRoutePriority} / {@code ipv6NormalRoutePriority} (default 1024)
     * @param sessions         sorted by name
     * @param localBlocks      blocks affine to this node (confirmed): blackholed and exported as aggregates
     * @param releasingBlocks  blocks whose affinity is being released (pendingDeletion): blackholed, not aggregated
     * @param borrowed         addresses used on this node from other nodes' blocks (exported as /32s)
     * @param pools            pools in the export and kernel policy
     * @param staticRoutes     service ranges advertised from this node (blackholed)
     * @param rejectCidrs      service ranges never programmed from BGP
     * @param rrExtraRanges    ranges a route reflector re-advertises (serviceLoadBalancerIPs)
     * @param communities      per prefix, the communities to add ({@code 64512:100} or {@code 64512:1:2})
     * @param ipipTunnelPeers  node addresses whose routes BIRD installs through {@code tunl0}
     * @param isRouteReflector the node has a routeReflectorClusterID
     */
    public record Family(@Nullable IpAddress address, @Nullable Cidr network, AsNumber asNumber, int listenPort,
                         @Nullable IpAddress listenAddress, int normalRoutePriority, List<BgpSession> sessions,
                         List<Cidr> localBlocks, List<Cidr> releasingBlocks, List<Cidr> borrowed, List<PoolPolicy> pools, List<Cidr> staticRoutes,
                         List<Cidr> rejectCidrs, List<Cidr> rrExtraRanges, Map<Cidr, List<String>> communities,
                         Set<IpAddress> ipipTunnelPeers, boolean isRouteReflector) {
        /**
         * Copies the collections, so the value stays immutable.
         *
         * @param address the node's address (sessions' source), or null: no speaker, only routes
         * @param network the node's subnet (the CrossSubnet test)
         * @param asNumber the node's AS (its own, else the global, else 64512)
         * @param listenPort BGP port (0 = 179)
         * @param listenAddress the address BIRD listens on ({@code bindMode: NodeIP}), or null for every address
         * @param normalRoutePriority {@code ipv4NormalRoutePriority} / {@code ipv6NormalRoutePriority} (default 1024)
         * @param sessions sorted by name
         * @param localBlocks blocks affine to this node (confirmed): blackholed and exported as aggregates
         * @param releasingBlocks blocks whose affinity is being released (pendingDeletion): blackholed, not aggregated
         * @param borrowed addresses used on this node from other nodes' blocks (exported as /32s)
         * @param pools pools in the export and kernel policy
         * @param staticRoutes service ranges advertised from this node (blackholed)
         * @param rejectCidrs service ranges never programmed from BGP
         * @param rrExtraRanges ranges a route reflector re-advertises (serviceLoadBalancerIPs)
         * @param communities per prefix, the communities to add ({@code 64512:100} or {@code 64512:1:2})
         * @param ipipTunnelPeers node addresses whose routes BIRD installs through {@code tunl0}
         * @param isRouteReflector the node has a routeReflectorClusterID
         */
        public Family {
            sessions = sessions instanceof ImmutableView ? sessions : List.copyOf(sessions);
            localBlocks = List.copyOf(localBlocks);
            releasingBlocks = List.copyOf(releasingBlocks);
            borrowed = List.copyOf(borrowed);
            pools = List.copyOf(pools);
            staticRoutes = List.copyOf(staticRoutes);
            rejectCidrs = List.copyOf(rejectCidrs);
            rrExtraRanges = List.copyOf(rrExtraRanges);
            communities = Map.copyOf(communities);
            ipipTunnelPeers = ipipTunnelPeers instanceof ImmutableView ? ipipTunnelPeers : Set.copyOf(ipipTunnelPeers);
        }

        /**
         * The node-to-node mesh part of {@link #sessions()}, readable without making each session (for a simulator
         * connecting a mesh of thousands); empty when the node is in no mesh or its sessions were given as a plain list.
         *
         * @return the mesh sessions
         */
        public java.util.Optional<MeshSessions> mesh() {
            return sessions instanceof SessionList l ? java.util.Optional.of(l.part()) : java.util.Optional.empty();
        }

        /**
         * {@return what this node originates towards its peers: its blocks, its borrowed addresses, its service routes}
         */
        public List<Cidr> exportedPrefixes() {
            List<Cidr> out = new java.util.ArrayList<>();
            for (Cidr c : localBlocks) {
                if (exported(c)) {
                    out.add(c);
                }
            }
            for (Cidr c : borrowed) {
                if (exported(c)) {
                    out.add(c);
                }
            }
            out.addAll(staticRoutes);
            return out;
        }

        /**
         * Would {@code prefix} pass calico_export_to_bgp_peers (pool export rules)?
         *
         * @param prefix a route's prefix
         * @return true when it is exported
         */
        public boolean exported(Cidr prefix) {
            for (PoolPolicy p : pools) {
                if (p.cidr().contains(prefix)) {
                    return !p.disableBgpExport();
                }
            }
            return localBlocks.contains(prefix) || staticRoutes.contains(prefix);
        }
    }

    /**
     * A pool as BGP sees it: exported or not, and how BIRD programs routes learned inside it.
     *
     * @param cidr             the pool
     * @param disableBgpExport never exported
     * @param kernel           what the kernel filter does with routes inside it
     */
    public record PoolPolicy(Cidr cidr, boolean disableBgpExport, KernelAction kernel) {
    }

    /** What {@code calico_kernel_programming} does with routes inside a pool. */
    public enum KernelAction {
        /** Installed as they are (no-encap pools, BIRD-owned). */
        ACCEPT,
        /** Installed through {@code tunl0} (IPIP Always, BIRD-owned). */
        IPIP_ALWAYS,
        /** Through {@code tunl0} unless the next hop is in this node's subnet (IPIP CrossSubnet). */
        IPIP_CROSS_SUBNET,
        /** Not installed: VXLAN routes are Felix's. */
        REJECT_VXLAN,
        /** Not installed: Felix programs the cluster routes. */
        REJECT_FELIX
    }
}
