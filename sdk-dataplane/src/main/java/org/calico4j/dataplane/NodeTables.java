package org.calico4j.dataplane;

import java.util.Collection;
import java.util.function.Predicate;

import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * What forwarding one packet on one node reads: the node, its NAT settings, the pools, the installed
 * routes, IP set membership, local workloads and addresses, and the service ranges
 * {@code cali-cidr-block} drops. A {@code MemoryDataplane} answers from the tables it holds; a
 * simulated cluster answers for any node from one shared calculation.
 *
 * <pre>{@code
 * Verdict v = PacketEvaluator.evaluate(dataplane.tables(), Packet.tcp("10.244.1.5", "93.184.216.34", 443));
 * }</pre>
 *
 * <p>Implementations answer from one consistent moment; callers do not keep them across changes.
 */
public interface NodeTables {
    /**
     * The node's own facts: name, addresses, tunnel addresses.
     *
     * @return the host
     */
    HostInfo host();

    /**
     * The node's NAT settings from FelixConfiguration.
     *
     * @return the settings
     */
    NatSettings nat();

    /**
     * The IP pools as the node sees them.
     *
     * @return the pools
     */
    Collection<PoolInfo> pools();

    /**
     * The installed route with the longest prefix containing {@code dst}, or null (the default route).
     *
     * @param dst a destination
     * @return the route, or null
     */
    @Nullable RouteInfo route(IpAddress dst);

    /**
     * The installed route for exactly {@code prefix}, or null.
     *
     * @param prefix a prefix
     * @return the route, or null
     */
    @Nullable RouteInfo installedRoute(Cidr prefix);

    /**
     * Whether IP set {@code set} (e.g. {@link IpSets#masq}) holds a member containing {@code ip}.
     *
     * @param set an IP set name
     * @param ip  an address
     * @return true when a member contains it
     */
    boolean inSet(String set, IpAddress ip);

    /**
     * The local workload with address {@code ip}, or null.
     *
     * @param ip an address
     * @return the workload, or null
     */
    @Nullable LocalWorkload workload(IpAddress ip);

    /**
     * Whether {@code ip} is one of the host's own addresses (node or tunnel).
     *
     * @param ip an address
     * @return true for the host's own
     */
    boolean isLocal(IpAddress ip);

    /**
     * Whether {@code ip} is in a service range {@code cali-cidr-block} drops.
     *
     * @param ip an address
     * @return true when dropped as a service-loop destination
     */
    boolean blocked(IpAddress ip);

    /**
     * These tables with only the routes {@code keep} accepts installed: a rejected route leaves its
     * destination to the next less specific route kept (a borrowed /32's block), else the default
     * route. E.g. routes BIRD programs, only where BGP delivered them.
     *
     * @param keep accepts the routes to keep installed
     * @return a view of these tables
     */
    default NodeTables withRoutes(Predicate<RouteInfo> keep) {
        NodeTables t = this;
        return new ForwardingNodeTables(this) {
            @Override
            public @Nullable RouteInfo route(IpAddress dst) {
                RouteInfo r = t.route(dst);
                if (r == null || keep.test(r)) {
                    return r;
                }
                for (int len = r.cidr().prefixLength() - 1; len >= 0; len--) {
                    RouteInfo shorter = t.installedRoute(Cidr.of(dst, len).network());
                    if (shorter != null && keep.test(shorter)) {
                        return shorter;
                    }
                }
                return null;
            }

            @Override
            public @Nullable RouteInfo installedRoute(Cidr prefix) {
                RouteInfo r = t.installedRoute(prefix);
                return r == null || keep.test(r) ? r : null;
            }
        };
    }
}
