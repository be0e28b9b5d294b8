package org.calico4j.client.ipam;

import java.util.ArrayList;
import java.util.List;

import org.calico4j.model.net.IpAddress;

/**
 * The addresses one auto-assign handed out, per IP version, in the order they were taken.
 *
 * <pre>{@code
 * IpAddress first = ipam.autoAssign(AutoAssignRequest.forHost("node-1").ipv4(1)).ipv4().get(0);
 * }</pre>
 *
 * @param ipv4 the IPv4 addresses
 * @param ipv6 the IPv6 addresses
 */
public record IpamAssignments(List<IpAddress> ipv4, List<IpAddress> ipv6) {
    /**
     * Copies the collections, so the value stays immutable.
     *
     * @param ipv4 the IPv4 addresses
     * @param ipv6 the IPv6 addresses
     */
    public IpamAssignments {
        ipv4 = List.copyOf(ipv4);
        ipv6 = List.copyOf(ipv6);
    }

    /**
     * Every address assigned.
     *
     * @return IPv4 then IPv6
     */
    public List<IpAddress> all() {
        List<IpAddress> all = new ArrayList<>(ipv4);
        all.addAll(ipv6);
        return all;
    }
}
