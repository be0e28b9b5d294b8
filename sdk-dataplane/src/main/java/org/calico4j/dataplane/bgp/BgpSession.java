package org.calico4j.dataplane.bgp;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.calico4j.model.net.AsNumber;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * One BGP session of a node, as confd renders it into a {@code protocol bgp} block.
 *
 * <pre>{@code
 * session.name();   // "Mesh_10_0_0_12", "Global_10_0_0_1", "Node_10_0_0_5"
 * }</pre>
 *
 * @param name           the BIRD protocol name
 * @param kind           mesh, global BGPPeer, node-specific BGPPeer, or local workload
 * @param peerIp         the neighbour
 * @param port           the neighbour's port (0 = BGP's 179, not written)
 * @param peerAs         the neighbour's AS
 * @param localAs        {@code localASNumber} when set (written as {@code local as})
 * @param effectiveLocalAs the AS this side speaks on the session (decides iBGP or eBGP)
 * @param sourceAddress  {@code source address}, or null for {@code sourceAddress: None}
 * @param ttlSecurity    explicit peers: null = {@code ttl security off; multihop;}, n = {@code ttl security on; multihop n;};
 *                       mesh peers have no TTL lines (v3.32.1)
 * @param passive        {@code passive on}
 * @param restartTime    {@code graceful restart time}
 * @param keepaliveTime  {@code keepalive time}
 * @param rrClusterId    this node is a route reflector and the peer its client: {@code rr client; rr cluster id}
 * @param password       the MD5 password (never printed by {@link #toString()})
 * @param passwordSecret {@code <secret>/<key>} the password comes from, when the peer has one
 * @param nextHop        {@code self}, {@code keep}, or null
 * @param allowLocalAs   {@code allow local as n}
 * @param reachableBy    a gateway to reach the peer through (a static /32 route)
 * @param filters        BGPFilter names, in order
 */
public record BgpSession(String name, Kind kind, IpAddress peerIp, int port, AsNumber peerAs, @Nullable AsNumber localAs,
                         AsNumber effectiveLocalAs, @Nullable IpAddress sourceAddress, @Nullable Integer ttlSecurity,
                         boolean passive, @Nullable Duration restartTime, @Nullable Duration keepaliveTime,
                         @Nullable String rrClusterId, @Nullable String password, @Nullable String passwordSecret, @Nullable String nextHop,
                         @Nullable Integer allowLocalAs, @Nullable IpAddress reachableBy, List<String> filters) {
    /** Where a session comes from. */
    public enum Kind {
        /** The node-to-node mesh ({@code Mesh_<address>}). */
        MESH,
        /** A BGPPeer for every node ({@code Global_<address>}). */
        GLOBAL,
        /** A BGPPeer selecting this node, or another node as route reflector ({@code Node_<address>}). */
        NODE,
        /** A BGPPeer to a workload on this node ({@code Local_Workload_<address>}). */
        LOCAL_WORKLOAD
    }

    /**
     * Checks the components and copies the collections, so the value stays immutable.
     *
     * @param name the BIRD protocol name
     * @param kind mesh, global BGPPeer, node-specific BGPPeer, or local workload
     * @param peerIp the neighbour
     * @param port the neighbour's port (0 = BGP's 179, not written)
     * @param peerAs the neighbour's AS
     * @param localAs {@code localASNumber} when set (written as {@code local as})
     * @param effectiveLocalAs the AS this side speaks on the session (decides iBGP or eBGP)
     * @param sourceAddress {@code source address}, or null for {@code sourceAddress: None}
     * @param ttlSecurity explicit peers: null = {@code ttl security off; multihop;}, n = {@code ttl security on; multihop n;}; mesh peers have no TTL lines (v3.32.1)
     * @param passive {@code passive on}
     * @param restartTime {@code graceful restart time}
     * @param keepaliveTime {@code keepalive time}
     * @param rrClusterId this node is a route reflector and the peer its client: {@code rr client; rr cluster id}
     * @param password the MD5 password (never printed by {@link #toString()})
     * @param passwordSecret {@code <secret>/<key>} the password comes from, when the peer has one
     * @param nextHop {@code self}, {@code keep}, or null
     * @param allowLocalAs {@code allow local as n}
     * @param reachableBy a gateway to reach the peer through (a static /32 route)
     * @param filters BGPFilter names, in order
     */
    public BgpSession {
        Objects.requireNonNull(name, "name");
        filters = List.copyOf(filters);
    }

    /**
     * Explicit peers write TTL lines ({@code ttl security ...; multihop ...;}); mesh peers none (v3.32.1).
     *
     * @return the {@code explicitTtl} flag
     */
    public boolean explicitTtl() {
        return kind != Kind.MESH;
    }

    /**
     * iBGP: the peer's AS is the AS this node speaks on the session.
     *
     * @return the {@code internal} flag
     */
    public boolean internal() {
        return peerAs.equals(effectiveLocalAs);
    }

    @Override
    public String toString() {
        return "BgpSession{" + name + " " + peerIp + (port == 0 ? "" : ":" + port) + " AS " + peerAs + (passive ? " passive" : "")
                + (rrClusterId != null ? " rr-client" : "") + (password != null ? " password ***" : "") + "}";
    }
}
