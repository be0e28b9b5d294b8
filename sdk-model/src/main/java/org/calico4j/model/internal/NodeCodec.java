package org.calico4j.model.internal;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.calico4j.model.Kind;
import org.calico4j.model.Node;
import org.calico4j.model.NodeBgpSpec;
import org.calico4j.model.NodeSpec;
import org.calico4j.model.ObjectMeta;

final class NodeCodec extends ResourceCodec<Node> {
    private static final List<String> TYPED = List.of("bgp", "ipv4VXLANTunnelAddr", "vxlanTunnelMACAddr",
            "ipv6VXLANTunnelAddr", "vxlanTunnelMACAddrV6");
    private static final List<String> BGP = List.of("asNumber", "ipv4Address", "ipv6Address", "ipv4IPIPTunnelAddr",
            "routeReflectorClusterID");

    private final Schema schema;
    private final List<String> specFields;

    NodeCodec(Schema schema) {
        super(Kind.NODE, true);
        this.schema = schema;
        List<String> all = new ArrayList<>(TYPED);
        schema.propertyNames().stream().filter(n -> !TYPED.contains(n)).forEach(all::add);
        this.specFields = List.copyOf(all);
    }

    @Override
    protected Node decode(Fields top, ObjectMeta meta) {
        NodeSpec spec = top.optObject("spec", "v3.NodeSpec", c -> {
            Fields f = c.fields("NodeSpec", specFields);
            NodeSpec.Builder b = NodeSpec.builder();
            f.optObject("bgp", "v3.NodeBGPSpec", x -> {
                Fields g = x.fields("NodeBGPSpec", BGP);
                NodeBgpSpec.Builder bb = NodeBgpSpec.builder()
                        .ipv4Address(g.string("ipv4Address"))
                        .ipv6Address(g.string("ipv6Address"))
                        .ipv4IPIPTunnelAddr(g.string("ipv4IPIPTunnelAddr"))
                        .routeReflectorClusterID(g.string("routeReflectorClusterID"));
                g.optAsNumber("asNumber").ifPresent(bb::asNumber);
                return bb.build();
            }).ifPresent(b::bgp);
            b.ipv4VXLANTunnelAddr(f.string("ipv4VXLANTunnelAddr"))
                    .vxlanTunnelMACAddr(f.string("vxlanTunnelMACAddr"))
                    .ipv6VXLANTunnelAddr(f.string("ipv6VXLANTunnelAddr"))
                    .vxlanTunnelMACAddrV6(f.string("vxlanTunnelMACAddrV6"));
            b.putAllExtra(schema.decodeExtra(f, specFields.subList(TYPED.size(), specFields.size()), "NodeSpec"));
            return b.build();
        }).orElseGet(() -> NodeSpec.builder().build());
        Node.Builder b = Node.builder();
        b.metadata(meta).spec(spec);
        top.optJson("status").ifPresent(b::status);
        return b.build();
    }

    @Override
    protected void writeSpec(Node node, Out out) {
        NodeSpec s = node.spec();
        out.opt("bgp", s.bgp(), g -> Out.object()
                        .optAsNumber("asNumber", g.asNumber())
                        .str("ipv4Address", g.ipv4Address())
                        .str("ipv6Address", g.ipv6Address())
                        .str("ipv4IPIPTunnelAddr", g.ipv4IPIPTunnelAddr())
                        .str("routeReflectorClusterID", g.routeReflectorClusterID())
                        .node())
                .str("ipv4VXLANTunnelAddr", s.ipv4VXLANTunnelAddr())
                .str("vxlanTunnelMACAddr", s.vxlanTunnelMACAddr())
                .str("ipv6VXLANTunnelAddr", s.ipv6VXLANTunnelAddr())
                .str("vxlanTunnelMACAddrV6", s.vxlanTunnelMACAddrV6())
                .extra(s.extra());
    }

    @Override
    protected void encodeStatus(Node node, ObjectNode out) {
        node.status().ifPresent(s -> out.set("status", s.toJsonNode()));
    }
}
