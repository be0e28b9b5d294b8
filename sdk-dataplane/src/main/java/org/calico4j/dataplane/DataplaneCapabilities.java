package org.calico4j.dataplane;

import java.util.Set;

/**
 * What a dataplane implementation can program.
 *
 * <pre>{@code
 * if (dp.capabilities().encapsulations().contains(Encap.VXLAN)) ...
 * }</pre>
 *
 * @param ipv6           it handles IPv6 pools, routes and NAT
 * @param encapsulations the encapsulations it can program
 */
public record DataplaneCapabilities(boolean ipv6, Set<Encap> encapsulations) {
    /**
     * Copies the collections, so the value stays immutable.
     *
     * @param ipv6 it handles IPv6 pools, routes and NAT
     * @param encapsulations the encapsulations it can program
     */
    public DataplaneCapabilities {
        encapsulations = Set.copyOf(encapsulations);
    }
}
