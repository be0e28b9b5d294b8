package org.calico4j.testkit.internal;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.ipam.AutoAssignRequest;
import org.calico4j.client.ipam.IpamException;
import org.calico4j.model.AllowedUse;
import org.calico4j.model.Node;
import org.calico4j.model.NodeBgpSpec;
import org.calico4j.model.NodeSpec;
import org.calico4j.model.net.IpAddress;

/**
 * What calico-node does at start for a simulated cluster: gives each node the IPIP and VXLAN tunnel
 * addresses its pools call for, from IPAM (use Tunnel, handles {@code ipip-tunnel-addr-<node>} and
 * {@code vxlan-tunnel-addr-<node>}), and a VTEP MAC. A node no pool gives a tunnel address keeps none.
 *
 * <pre>{@code
 * new TunnelAddresses(client).ensure(List.of("n1", "n2"));
 * }</pre>
 *
 * <p>Thread-safe: concurrent callers never allocate a node's address twice.
 */
public final class TunnelAddresses {
    private final CalicoClient client;
    private final Set<String> done = new HashSet<>();
    private String modes = "";
    private long checkedAt = -1;

    public TunnelAddresses(CalicoClient client) {
        this.client = client;
    }

    /** Allocates what {@code nodes} lack, unless nothing changed in the datastore since the last call. */
    public synchronized void ensure(Collection<String> nodes) {
        if (client.datastore().revision() != checkedAt) {
            allocate(nodes);
            checkedAt = client.datastore().revision();
        }
    }

    private void allocate(Collection<String> nodes) {
        List<org.calico4j.model.IpPool> pools = client.ipPools().list().items();
        boolean ipip = pools.stream().anyMatch(p -> !p.spec().disabled() && !p.spec().ipipMode().isEmpty() && !p.spec().ipipMode().equals("Never"));
        boolean vxlan = pools.stream().anyMatch(p -> !p.spec().disabled() && !p.spec().vxlanMode().isEmpty() && !p.spec().vxlanMode().equals("Never"));
        String modes = (ipip ? "ipip" : "") + (vxlan ? "vxlan" : "");
        if (!modes.equals(modes)) {
            done.clear();
            modes = modes;
        }
        if (!ipip && !vxlan) {
            return;
        }
        for (String name : nodes) {
            if (done.contains(name)) {
                continue;
            }
            Node n = client.nodes().withName(name).require();
            NodeBgpSpec bgp = n.spec().bgp().orElse(NodeBgpSpec.builder().build());
            boolean needIpip = ipip && bgp.ipv4IPIPTunnelAddr().isEmpty();
            boolean needVxlan = vxlan && n.spec().ipv4VXLANTunnelAddr().isEmpty();
            if (!needIpip && !needVxlan) {
                done.add(name);
                continue;
            }
            NodeSpec.Builder spec = NodeSpec.builder().from(n.spec());
            NodeBgpSpec.Builder b = NodeBgpSpec.builder().from(bgp);
            try {
                if (needIpip) {
                    b.ipv4IPIPTunnelAddr(tunnelAddress(name, "ipip-tunnel-addr-"));
                }
                if (needVxlan) {
                    int h = name.hashCode();
                    spec.ipv4VXLANTunnelAddr(tunnelAddress(name, "vxlan-tunnel-addr-"))
                            .vxlanTunnelMACAddr(String.format("66:%02x:%02x:%02x:%02x:%02x", (h >> 24) & 0xff, (h >> 16) & 0xff,
                                    (h >> 8) & 0xff, h & 0xff, name.length() & 0xff));
                }
            } catch (IpamException e) {
                continue; // No pool allows tunnel addresses for this node: it has none, as in Calico.
            }
            client.nodes().update(n.withSpec(spec.bgp(b.build()).build()));
            done.add(name);
        }
    }

    private String tunnelAddress(String node, String handlePrefix) {
        List<IpAddress> held = client.ipam().ipsByHandle(handlePrefix + node);
        if (!held.isEmpty()) {
            return held.get(0).toString();
        }
        return client.ipam().autoAssign(AutoAssignRequest.forHost(node).ipv4(1).handle(handlePrefix + node)
                .intendedUse(AllowedUse.TUNNEL)).ipv4().get(0).toString();
    }

}
