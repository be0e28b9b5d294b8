package org.calico4j.testkit.bgp;

import java.util.List;

import org.calico4j.model.net.AsNumber;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;

/**
 * A speaker's best route to a prefix: the next hop packets are sent to, the AS path (nearest AS
 * first, empty inside one AS), the speaker that originated it and the peer it was learned from.
 *
 * <pre>{@code
 * BgpRoute r = cluster.bgpRoutes("tor").get(Cidr.parse("10.244.1.0/26"));
 * r.nextHop(); // 10.0.0.11
 * }</pre>
 */
public record BgpRoute(Cidr prefix, IpAddress nextHop, List<AsNumber> asPath, String origin, String learnedFrom, boolean internal) {
    /**
     * Copies the collections, so the value stays immutable.
     *
     * @param prefix the prefix
     * @param nextHop the next hop
     * @param asPath the as path
     * @param origin the origin
     * @param learnedFrom the learned from
     * @param internal the internal
     */
    public BgpRoute {
        asPath = List.copyOf(asPath);
    }

    @Override
    public String toString() {
        return prefix + " via " + nextHop + " path [" + String.join(" ", asPath.stream().map(AsNumber::toString).toList()) + "] from "
                + learnedFrom + (internal ? " (iBGP)" : " (eBGP)");
    }
}
