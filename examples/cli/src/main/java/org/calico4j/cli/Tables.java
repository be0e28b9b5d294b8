package org.calico4j.cli;

import java.util.ArrayList;
import java.util.List;

import org.calico4j.model.BgpPeer;
import org.calico4j.model.HostEndpoint;
import org.calico4j.model.HostEndpointSpec;
import org.calico4j.model.WorkloadEndpoint;
import org.calico4j.model.WorkloadEndpointSpec;
import org.calico4j.model.IpPool;
import org.calico4j.model.Kind;
import org.calico4j.model.Node;
import org.calico4j.model.Resource;

/** calicoctl's {@code -o ps} / {@code -o wide} tables, and typed lists for {@code get} of a kind. */
final class Tables {
    private Tables() {
    }

    static String table(Kind kind, List<Resource> items, boolean wide) {
        return table(kind, items, wide, false);
    }

    static String table(Kind kind, List<Resource> items, boolean wide, boolean namespaces) {
        List<String[]> rows = new ArrayList<>();
        switch (kind) {
            case WORKLOAD_ENDPOINT:
                rows.add(withNamespace(namespaces, wide ? new String[] {"NAME", "WORKLOAD", "NODE", "NETWORKS", "INTERFACE", "PROFILES", "NATS"}
                        : new String[] {"WORKLOAD", "NODE", "NETWORKS", "INTERFACE"}, "NAMESPACE"));
                for (Resource r : items) {
                    WorkloadEndpointSpec s = ((WorkloadEndpoint) r).spec();
                    String workload = s.workload().isEmpty() ? s.pod() : s.workload();
                    String nets = String.join(",", s.ipNetworks());
                    List<String> nats = new ArrayList<>();
                    s.ipNATs().forEach(n -> nats.add("{" + n.internalIP() + " " + n.externalIP() + "}"));
                    rows.add(withNamespace(namespaces, wide ? new String[] {r.name(), workload, s.node(), nets, s.interfaceName(),
                            String.join(",", s.profiles()), String.join(",", nats)}
                            : new String[] {workload, s.node(), nets, s.interfaceName()}, r.metadata().namespace()));
                }
                break;
            case HOST_ENDPOINT:
                rows.add(wide ? new String[] {"NAME", "NODE", "INTERFACE", "IPS", "PROFILES"} : new String[] {"NAME", "NODE"});
                for (Resource r : items) {
                    HostEndpointSpec s = ((HostEndpoint) r).spec();
                    rows.add(wide ? new String[] {r.name(), s.node(), s.interfaceName(), String.join(",", s.expectedIPs()),
                            String.join(",", s.profiles())} : new String[] {r.name(), s.node()});
                }
                break;
            case IP_POOL:
                rows.add(wide ? new String[] {"NAME", "CIDR", "NAT", "IPIPMODE", "VXLANMODE", "DISABLED", "DISABLEBGPEXPORT", "SELECTOR"}
                        : new String[] {"NAME", "CIDR", "SELECTOR"});
                for (Resource r : items) {
                    IpPool p = (IpPool) r;
                    rows.add(wide ? new String[] {p.name(), p.spec().cidr(), Boolean.toString(p.spec().natOutgoing()),
                            p.spec().ipipMode(), p.spec().vxlanMode(), Boolean.toString(p.spec().disabled()),
                            Boolean.toString(p.spec().disableBGPExport()), p.spec().nodeSelector()}
                            : new String[] {p.name(), p.spec().cidr(), p.spec().nodeSelector()});
                }
                break;
            case BGP_PEER:
                rows.add(new String[] {"NAME", "PEERIP", "NODE", "ASN"});
                for (Resource r : items) {
                    BgpPeer b = (BgpPeer) r;
                    rows.add(new String[] {b.name(), b.spec().peerIP().isEmpty() ? "(" + b.spec().peerSelector() + ")" : b.spec().peerIP(),
                            b.spec().node().isEmpty() ? (b.spec().nodeSelector().isEmpty() ? "(global)" : b.spec().nodeSelector()) : b.spec().node(),
                            b.spec().asNumber().map(Object::toString).orElse("0")});
                }
                break;
            case NODE:
                rows.add(new String[] {"NAME", "ASN", "IPV4", "IPV6"});
                for (Resource r : items) {
                    Node n = (Node) r;
                    rows.add(new String[] {n.name(),
                            n.spec().bgp().flatMap(b -> b.asNumber()).map(a -> a.toString()).orElse("(64512)"),
                            n.spec().bgp().map(b -> b.ipv4Address()).orElse(""), n.spec().bgp().map(b -> b.ipv6Address()).orElse("")});
                }
                break;
            default:
                rows.add(new String[] {"NAME"});
                items.forEach(r -> rows.add(new String[] {r.name()}));
        }
        return render(rows);
    }

    private static String[] withNamespace(boolean namespaces, String[] row, String ns) {
        if (!namespaces) {
            return row;
        }
        String[] out = new String[row.length + 1];
        out[0] = ns;
        System.arraycopy(row, 0, out, 1, row.length);
        return out;
    }

    private static String render(List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] row : rows) {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < cols; i++) {
                sb.append(row[i]);
                if (i < cols - 1) {
                    sb.append(" ".repeat(width[i] - row[i].length() + 3));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
