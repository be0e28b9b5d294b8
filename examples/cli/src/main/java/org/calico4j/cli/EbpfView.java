package org.calico4j.cli;

import java.util.List;
import java.util.SortedMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.Verdict;
import org.calico4j.dataplane.ebpf.BpfRoutes;
import org.calico4j.dataplane.ebpf.BpfVerdicts;
import org.calico4j.dataplane.ebpf.NatOutgoingRules;
import org.calico4j.dataplane.ebpf.RouteEntry;
import org.calico4j.dataplane.ebpf.RouteFlags;
import org.calico4j.dataplane.internal.CidrTrie;
import org.calico4j.dataplane.memory.MemoryDataplane;
import org.calico4j.model.FelixConfiguration;
import org.calico4j.model.Kind;
import org.calico4j.model.Resource;
import org.calico4j.model.net.Cidr;

/**
 * A node's eBPF dataplane as calico4j would program it, without a kernel: the {@code cali_v4_routes} entries
 * (interface indexes unknown here, so 0) and the BPF-mode {@code cali-nat-outgoing} rules; and which nodes
 * run the eBPF dataplane (FelixConfiguration {@code bpfEnabled}, {@code node.<name>} over {@code default}).
 */
final class EbpfView {
    private EbpfView() {
    }

    /** The routes map for {@code state}, which carries the other nodes (their tunnel addresses) the calculation saw. */
    static SortedMap<Cidr, RouteEntry> routes(DataplaneState state) {
        return BpfRoutes.compute(state, iface -> 0);
    }

    /** FelixConfiguration {@code bpfEnabled} for {@code node}: {@code node.<name>} wins over {@code default}. */
    static boolean bpfEnabled(List<Resource> resources, String node) {
        Boolean def = null;
        Boolean mine = null;
        for (Resource r : resources) {
            if (r.kind() == Kind.FELIX_CONFIGURATION) {
                FelixConfiguration f = (FelixConfiguration) r;
                if (f.name().equals("default")) {
                    def = f.spec().bpfEnabled().orElse(null);
                } else if (f.name().equals("node." + node)) {
                    mine = f.spec().bpfEnabled().orElse(null);
                }
            }
        }
        return Boolean.TRUE.equals(mine != null ? mine : def);
    }

    static ObjectNode json(String node, DataplaneState state, SortedMap<Cidr, RouteEntry> routes) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("node", node);
        root.put("map", "cali_v4_routes");
        ArrayNode entries = root.putArray("entries");
        for (RouteEntry e : routes.values()) {
            ObjectNode o = entries.addObject();
            o.put("prefix", e.prefix().toString());
            o.put("flags", RouteFlags.hex(e.flags()));
            ArrayNode names = o.putArray("flagNames");
            RouteFlags.names(e.flags()).forEach(names::add);
            if ((e.flags() & RouteFlags.LOCAL) != 0 && (e.flags() & RouteFlags.WORKLOAD) != 0) {
                o.put("ifindex", e.ifindex());
            } else if (e.word2() != 0) {
                o.put("nextHop", e.nextHop().toString());
            }
            o.put("key", e.keyHex());
            o.put("value", e.valueHex());
        }
        ArrayNode rules = root.putArray("natOutgoingRules");
        for (List<String> r : NatOutgoingRules.render(state)) {
            rules.add("-A " + NatOutgoingRules.CHAIN + " " + String.join(" ", r));
        }
        return root;
    }

    static Verdict trace(DataplaneState state, SortedMap<Cidr, RouteEntry> routes, Packet p) {
        CidrTrie<RouteEntry> trie = new CidrTrie<>();
        routes.forEach(trie::put);
        try (MemoryDataplane dp = new MemoryDataplane(state.host().name())) {
            dp.resync(state);
            return dp.read(t -> BpfVerdicts.evaluate(t, trie, state.nat().excludeHostIps(), p));
        }
    }
}
