package org.calico4j.client.cni;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.ConflictException;
import org.calico4j.client.NotFoundException;
import org.calico4j.client.ipam.AutoAssignRequest;
import org.calico4j.model.AllowedUse;
import org.calico4j.model.EncapsulationMode;
import org.calico4j.model.IpPool;
import org.calico4j.model.Node;
import org.calico4j.model.NodeBgpSpec;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.calico4j.model.selector.Selector;

/**
 * The calico-node step that gives a node its tunnel addresses (calico-node's {@code allocateip}):
 * for IPIP and for VXLAN, the enabled pools with that encapsulation which select the node and allow
 * the {@code Tunnel} use decide. If there are any, the node gets one IPv4 address from them (IPAM
 * handle {@code ipip-tunnel-addr-<node>} / {@code vxlan-tunnel-addr-<node>}; an address outside
 * them is released and replaced) in {@code spec.bgp.ipv4IPIPTunnelAddr} /
 * {@code spec.ipv4VXLANTunnelAddr}, and for VXLAN a VTEP MAC; if there are none, the address is
 * released and the field cleared. Call {@link #reconcile} whenever nodes or pools change.
 *
 * <pre>{@code
 * Node n1 = client.nodeTunnels().reconcile("node-1");
 * n1.spec().ipv4VXLANTunnelAddr();   // "192.168.33.0"
 * }</pre>
 *
 * <p>The VTEP MAC is derived from the node name (locally administered, unicast), so a simulated
 * cluster is reproducible; calico-node picks a random one. Thread-safe as the client is; concurrent
 * reconciles of one node are safe (IPAM handles and the node's resourceVersion arbitrate).
 */
public final class NodeTunnels {
    private final CalicoClient client;

    /**
     * The step over {@code client}; {@link CalicoClient#nodeTunnels()} gives one.
     *
     * @param client the client whose Nodes, pools and IPAM are used
     */
    public NodeTunnels(CalicoClient client) {
        this.client = client;
    }

    /** Reconciles every node. */
    public void reconcileAll() {
        for (Node n : client.nodes().list().items()) {
            reconcile(n.name());
        }
    }

    /**
     * Gives {@code node} the tunnel addresses its pools call for and takes away the others.
     *
     * @param node a Node name
     * @return the node as stored afterwards
     * @throws org.calico4j.client.NotFoundException when there is no such Node
     * @throws org.calico4j.client.ipam.IpamException when its pools have no address left
     */
    public Node reconcile(String node) {
        List<IpPool> pools = client.ipPools().list().items();
        for (int attempt = 1; ; attempt++) {
            Node current = client.nodes().withName(node).require();
            Node wanted = tunnel(tunnel(current, pools, "ipip-tunnel-addr-", "ipipTunnelAddress", true),
                    pools, "vxlan-tunnel-addr-", "vxlanTunnelAddress", false);
            if (wanted.equals(current)) {
                return current;
            }
            try {
                return client.nodes().update(wanted); // conditional on the revision read
            } catch (ConflictException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private Node tunnel(Node n, List<IpPool> pools, String handlePrefix, String type, boolean ipip) {
        List<Cidr> cidrs = enabledPools(n, pools, ipip);
        String handle = handlePrefix + n.name();
        String current = ipip ? n.spec().bgp().map(NodeBgpSpec::ipv4IPIPTunnelAddr).orElse("") : n.spec().ipv4VXLANTunnelAddr();
        if (cidrs.isEmpty()) {
            release(handle);
            if (current.isEmpty()) {
                return n;
            }
            return ipip ? n.editSpec(s -> s.bgp(NodeBgpSpec.builder().from(n.spec().bgp().orElseThrow()).ipv4IPIPTunnelAddr("").build()))
                    : n.editSpec(s -> s.ipv4VXLANTunnelAddr("").vxlanTunnelMACAddr(""));
        }
        Optional<IpAddress> held = held(handle).stream().filter(ip -> ip.version() == 4).findFirst();
        boolean usable = held.isPresent() && held.get().toString().equals(current)
                && cidrs.stream().anyMatch(c -> c.containsAddress(held.get()));
        String address = current;
        if (!usable) {
            release(handle);
            address = client.ipam().autoAssign(AutoAssignRequest.forHost(n.name()).ipv4(1).handle(handle)
                    .attributes(Map.of("node", n.name(), "type", type)).ipv4Pools(cidrs).intendedUse(AllowedUse.TUNNEL))
                    .ipv4().get(0).toString();
        }
        String a = address;
        if (ipip) {
            NodeBgpSpec bgp = n.spec().bgp().orElseThrow(() -> new IllegalStateException("node " + n.name()
                    + " has IPIP pools but no spec.bgp (no IPv4 address for BGP): calico-node gives it none either"));
            return a.equals(current) ? n : n.editSpec(s -> s.bgp(NodeBgpSpec.builder().from(bgp).ipv4IPIPTunnelAddr(a).build()));
        }
        String mac = n.spec().vxlanTunnelMACAddr().isEmpty() ? vtepMac(n.name()) : n.spec().vxlanTunnelMACAddr();
        return a.equals(current) && mac.equals(n.spec().vxlanTunnelMACAddr()) ? n
                : n.editSpec(s -> s.ipv4VXLANTunnelAddr(a).vxlanTunnelMACAddr(mac));
    }

    private List<IpAddress> held(String handle) {
        try {
            return client.ipam().ipsByHandle(handle);
        } catch (NotFoundException e) {
            return List.of();
        }
    }

    private void release(String handle) {
        if (!held(handle).isEmpty()) {
            client.ipam().releaseByHandle(handle);
        }
    }

    /** calico-node's determineEnabledPoolCIDRs: IPv4, enabled, the encapsulation on, the node selected, Tunnel allowed. */
    private static List<Cidr> enabledPools(Node n, List<IpPool> pools, boolean ipip) {
        List<Cidr> out = new ArrayList<>();
        for (IpPool p : pools) {
            Optional<EncapsulationMode> mode = ipip ? p.spec().ipipEncapsulation() : p.spec().vxlanEncapsulation();
            Optional<Cidr> cidr = p.spec().parsedCidr();
            if (p.spec().disabled() || cidr.isEmpty() || cidr.get().version() != 4 || mode.isEmpty()
                    || mode.get() == EncapsulationMode.NEVER) {
                continue;
            }
            List<String> uses = p.spec().allowedUses();
            if (!uses.isEmpty() && !uses.contains(AllowedUse.TUNNEL.wire())) {
                continue;
            }
            String selector = p.spec().nodeSelector();
            if (!selector.isEmpty() && !Selector.parse(selector).matches(n.metadata().labels())) {
                continue;
            }
            out.add(cidr.get());
        }
        return out;
    }

    /** A locally administered unicast MAC derived from the node name. */
    static String vtepMac(String node) {
        CRC32 a = new CRC32();
        a.update(node.getBytes(StandardCharsets.UTF_8));
        CRC32 b = new CRC32();
        b.update(("vtep/" + node).getBytes(StandardCharsets.UTF_8));
        long x = a.getValue() << 16 | (b.getValue() & 0xffff);
        return String.format("66:%02x:%02x:%02x:%02x:%02x", x >> 32 & 0xff, x >> 24 & 0xff, x >> 16 & 0xff, x >> 8 & 0xff, x & 0xff);
    }
}
