package org.calico4j.dataplane;

import java.util.Optional;

import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * The node itself: its name, its addresses as {@code Node.spec.bgp} gives them (with the subnet mask
 * that Felix's CrossSubnet test uses), and its tunnel addresses.
 *
 * <pre>{@code
 * HostInfo n1 = HostInfo.of("n1", Cidr.parse("10.0.0.11/24"));
 * }</pre>
 *
 * @param name               the Node name
 * @param ipv4               {@code bgp.ipv4Address}, e.g. {@code 10.0.0.11/24}
 * @param ipv6               {@code bgp.ipv6Address}
 * @param ipipTunnelAddress  {@code bgp.ipv4IPIPTunnelAddr} (tunl0's address)
 * @param vxlanTunnelAddress {@code ipv4VXLANTunnelAddr} (vxlan.calico's address)
 * @param vxlanTunnelAddressV6 {@code ipv6VXLANTunnelAddr}
 * @param vxlanMac           {@code vxlanTunnelMACAddr}
 */
public record HostInfo(String name, @Nullable Cidr ipv4, @Nullable Cidr ipv6, @Nullable IpAddress ipipTunnelAddress,
                       @Nullable IpAddress vxlanTunnelAddress, @Nullable IpAddress vxlanTunnelAddressV6,
                       @Nullable String vxlanMac) {
    /** The name the in-memory dataplane gives the node's own NIC. */
    public static final String NIC = "eth0";

    /**
     * A node with an IPv4 address and nothing else.
     *
     * @param name the node's name
     * @param ipv4 its address with the subnet mask, or null
     * @return the host
     */
    public static HostInfo of(String name, @Nullable Cidr ipv4) {
        return new HostInfo(name, ipv4, null, null, null, null, null);
    }

    /**
     * The node's address of {@code version}, without the mask.
     *
     * @param version 4 or 6
     * @return the address, or empty
     */
    public Optional<IpAddress> address(int version) {
        Cidr c = version == 4 ? ipv4 : ipv6;
        return Optional.ofNullable(c).map(Cidr::address);
    }

    /**
     * Felix's {@code nodeInOurSubnet}: this node's address, read as a CIDR, contains {@code other}'s.
     *
     * @param other   another node, or null
     * @param version 4 or 6
     * @return true when on the same subnet
     */
    public boolean sameSubnet(@Nullable HostInfo other, int version) {
        Cidr mine = version == 4 ? ipv4 : ipv6;
        if (mine == null || other == null) {
            return false;
        }
        return other.address(version).map(mine::containsAddress).orElse(false);
    }

    /**
     * The tunnel address of {@code encap}, if the node has one.
     *
     * @param encap   IPIP or VXLAN
     * @param version 4 or 6
     * @return the address, or empty
     */
    public Optional<IpAddress> tunnelAddress(Encap encap, int version) {
        switch (encap) {
            case IPIP:
                return Optional.ofNullable(version == 4 ? ipipTunnelAddress : null);
            case VXLAN:
                return Optional.ofNullable(version == 4 ? vxlanTunnelAddress : vxlanTunnelAddressV6);
            default:
                return Optional.empty();
        }
    }
}
