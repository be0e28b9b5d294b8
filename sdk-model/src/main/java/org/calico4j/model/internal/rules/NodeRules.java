package org.calico4j.model.internal.rules;

import org.calico4j.model.Node;
import org.calico4j.model.NodeBgpSpec;
import org.calico4j.model.NodeSpec;

/** Node: field tags on the BGP and tunnel fields, and {@code validateNodeSpec}. */
final class NodeRules {
    private NodeRules() {
    }

    static void validate(Node node, Collector c) {
        NodeSpec s = node.spec();
        s.bgp().ifPresent(b -> {
            if (!b.ipv4Address().isEmpty() && !GoChecks.cidrV4(b.ipv4Address())) {
                c.tag("IPv4Address", b.ipv4Address(), "cidrv4");
            }
            if (!b.ipv6Address().isEmpty() && !GoChecks.cidrV6(b.ipv6Address())) {
                c.tag("IPv6Address", b.ipv6Address(), "cidrv6");
            }
            if (!b.ipv4IPIPTunnelAddr().isEmpty() && !GoChecks.ipv4(b.ipv4IPIPTunnelAddr())) {
                c.tag("IPv4IPIPTunnelAddr", b.ipv4IPIPTunnelAddr(), "ipv4");
            }
            if (!b.routeReflectorClusterID().isEmpty() && !GoChecks.ipv4(b.routeReflectorClusterID())) {
                c.tag("RouteReflectorClusterID", b.routeReflectorClusterID(), "ipv4");
            }
        });
        if (!s.ipv4VXLANTunnelAddr().isEmpty() && !GoChecks.ipv4(s.ipv4VXLANTunnelAddr())) {
            c.tag("IPv4VXLANTunnelAddr", s.ipv4VXLANTunnelAddr(), "ipv4");
        }
        if (!s.vxlanTunnelMACAddr().isEmpty() && !GoChecks.mac(s.vxlanTunnelMACAddr())) {
            c.tag("VXLANTunnelMACAddr", s.vxlanTunnelMACAddr(), "mac");
        }
        if (!s.ipv6VXLANTunnelAddr().isEmpty() && !GoChecks.ipv6(s.ipv6VXLANTunnelAddr())) {
            c.tag("IPv6VXLANTunnelAddr", s.ipv6VXLANTunnelAddr(), "ipv6");
        }
        if (!s.vxlanTunnelMACAddrV6().isEmpty() && !GoChecks.mac(s.vxlanTunnelMACAddrV6())) {
            c.tag("VXLANTunnelMACAddrV6", s.vxlanTunnelMACAddrV6(), "mac");
        }
        s.bgp().filter(NodeRules::isEmpty).ifPresent(b -> c.add("BGP", "&{<nil>    }", "Spec.BGP should not be empty"));
    }

    private static boolean isEmpty(NodeBgpSpec b) {
        return b.asNumber().isEmpty() && b.ipv4Address().isEmpty() && b.ipv6Address().isEmpty()
                && b.ipv4IPIPTunnelAddr().isEmpty() && b.routeReflectorClusterID().isEmpty();
    }
}
