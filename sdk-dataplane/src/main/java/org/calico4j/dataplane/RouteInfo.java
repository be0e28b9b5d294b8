package org.calico4j.dataplane;

import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * One route of the node's main table, as Felix's route managers (or BIRD, for the classes it owns)
 * program it.
 *
 * <pre>{@code
 * // 10.244.2.0/26 via 10.0.0.12 dev tunl0 onlink
 * route.describe();
 * }</pre>
 *
 * @param cidr       destination
 * @param type       what it leads to
 * @param encap      how packets on it are encapsulated
 * @param owner      who programs it (Felix, BIRD, both, or nobody)
 * @param device     outgoing device ({@code tunl0}, {@code vxlan.calico}, {@code eth0}, a workload's {@code cali...}); null for a blackhole
 * @param via        next hop (remote node IP, or its VXLAN tunnel address); null for on-link and blackholes
 * @param dstNode    the node the destination lives on, when known
 * @param dstNodeIp  that node's address (the outer destination when encapsulated)
 * @param sameSubnet the CrossSubnet test found the node in this node's subnet
 */
public record RouteInfo(Cidr cidr, RouteType type, Encap encap, RouteOwner owner, @Nullable String device,
                        @Nullable IpAddress via, @Nullable String dstNode, @Nullable IpAddress dstNodeIp, boolean sameSubnet) {
    /** The route as {@code ip route} would show it. */
    public String describe() {
        if (device == null) {
            return "blackhole " + cidr + owner.protoSuffix();
        }
        if (type == RouteType.LOCAL_WORKLOAD) {
            return cidr.address() + " dev " + device + " scope link";
        }
        boolean onlink = via != null && (encap != Encap.NONE || owner == RouteOwner.FELIX);
        return cidr + (via == null ? "" : " via " + via) + " dev " + device + (onlink ? " onlink" : "") + owner.protoSuffix();
    }
}
