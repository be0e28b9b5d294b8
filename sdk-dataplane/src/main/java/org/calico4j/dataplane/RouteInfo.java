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
    /** Felix's {@code DeviceRouteProtocol} default: {@code boot} (3), for the routes Felix gives no protocol of its own. */
    public static final int PROTO_BOOT = 3;
    /** The protocol Felix sets on blackhole, same-subnet, no-encap and IPIP routes. */
    public static final int PROTO_FELIX = 80;
    /** BIRD's routes ({@code proto bird}). */
    public static final int PROTO_BIRD = 12;

    /**
     * The kernel route protocol the route is programmed with, as in Felix v3.32.1 ({@code route_mgr.go}
     * {@code calculateRouteProtocol}, {@code vxlan_mgr.go}): VXLAN tunnel routes and local workload routes
     * carry none, so they get the device-route default {@code boot}; Felix's other routes (blackholes,
     * same-subnet, no-encap, IPIP) carry 80; BIRD's carry {@code bird}.
     *
     * @return the {@code protocol} value
     */
    public int protocol() {
        if (owner == RouteOwner.BIRD) {
            return PROTO_BIRD;
        }
        if (type == RouteType.LOCAL_WORKLOAD || (encap == Encap.VXLAN && device != null)) {
            return PROTO_BOOT;
        }
        return PROTO_FELIX;
    }

    /**
     * {@return the route as {@code ip -d route} would show it}
     */
    public String describe() {
        if (device == null) {
            return "blackhole " + cidr + protoSuffix();
        }
        if (type == RouteType.LOCAL_WORKLOAD) {
            return cidr.address() + " dev " + device + " scope link";
        }
        boolean onlink = via != null && (encap != Encap.NONE || owner == RouteOwner.FELIX);
        return cidr + (via == null ? "" : " via " + via) + " dev " + device + (onlink ? " onlink" : "") + protoSuffix();
    }

    private String protoSuffix() {
        switch (owner) {
            case FELIX:
                return protocol() == PROTO_BOOT ? " proto boot" : " proto 80";
            case FELIX_AND_BIRD:
                return (protocol() == PROTO_BOOT ? " proto boot" : " proto 80") + " (BIRD also programs it)";
            case BIRD:
                return " proto bird";
            default:
                return " (programmed by nobody)";
        }
    }
}
