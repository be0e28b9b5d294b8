package org.calico4j.dataplane;

import java.util.Collection;

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
    HostInfo host();

    NatSettings nat();

    Collection<PoolInfo> pools();

    /** The installed route with the longest prefix containing {@code dst}, or null (the default route). */
    @Nullable RouteInfo route(IpAddress dst);

    /** Whether IP set {@code set} (e.g. {@link IpSets#masq}) holds a member containing {@code ip}. */
    boolean inSet(String set, IpAddress ip);

    /** The local workload with address {@code ip}, or null. */
    @Nullable LocalWorkload workload(IpAddress ip);

    /** Whether {@code ip} is one of the host's own addresses (node or tunnel). */
    boolean isLocal(IpAddress ip);

    /** Whether {@code ip} is in a service range {@code cali-cidr-block} drops. */
    boolean blocked(IpAddress ip);
}
