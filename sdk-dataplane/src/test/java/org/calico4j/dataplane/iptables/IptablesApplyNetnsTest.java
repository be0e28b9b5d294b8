package org.calico4j.dataplane.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.calico4j.dataplane.DataplaneDelta;
import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.linux.Netns;
import org.calico4j.dataplane.tck.ClusterC;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.net.Cidr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Applying, re-applying, repairing and removing node n1's dataplane (cluster C, VXLAN Always) in a
 * namespace, with both iptables backends, next to rules, a chain, a set and a route of another tool.
 */
class IptablesApplyNetnsTest {
    private static String save(Netns ns, Backend b, int v) {
        return KernelLab.run(ns, b.save(v), "-t", "nat").replaceAll("(?m)^#.*\\n", "").replaceAll("\\[\\d+:\\d+\\]", "");
    }

    private static String bin(Backend b) {
        return b.save(4).replace("-save", "");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void appliesIdempotentlyKeepsOtherToolsRulesRepairsDriftAndCleansUp(Backend backend) {
        try (KernelLab lab = new KernelLab(); ClusterC c = ClusterC.build(p -> p.vxlanMode("Always"))) {
            Netns n1 = lab.node("n1");
            Netns peer = lab.ns("peer");
            lab.link(n1, "eth0", "10.0.0.11/24", peer, "eth0", "10.0.0.12/24");
            String ipt = bin(backend);
            KernelLab.run(n1, ipt, "-w", "-t", "nat", "-I", "PREROUTING", "-d", "192.0.2.1/32", "-j", "RETURN");
            KernelLab.run(n1, ipt, "-w", "-t", "nat", "-A", "POSTROUTING", "-o", "eth9", "-j", "MASQUERADE");
            KernelLab.run(n1, ipt, "-w", "-t", "nat", "-N", "OTHER-TOOL");
            KernelLab.run(n1, ipt, "-w", "-t", "nat", "-A", "OTHER-TOOL", "-s", "192.0.2.0/24", "-j", "RETURN");
            KernelLab.run(n1, "ipset", "create", "other-set", "hash:ip");
            n1.ip("route", "add", "192.0.2.0/24", "via", "10.0.0.12", "proto", "static");
            DataplaneState state = c.stateOf("n1");
            try (IptablesDataplane dp = IptablesDataplane.builder("n1").netns(n1.name()).backend(backend).build()) {
                dp.resync(state);
                SavedTable t = SavedTable.parse(save(n1, backend, 4));
                NatTable want = NatRules.render(state, 4);
                for (Chain ch : want.chains().values()) {
                    assertEquals(ch.hashes(dp.features()), t.hashes(ch.name()), ch.name());
                }
                assertEquals(List.of("6gwbT8clXdHdC1b1", ""), t.hashes("PREROUTING"), "inserted at the top");
                assertEquals(List.of("", "0i8pjzKKPyA34aQD"), t.hashes("POSTROUTING"), "appended after kube-proxy-like rules");
                String sets = KernelLab.run(n1, "ipset", "save");
                assertTrue(sets.contains("add cali40masq-ipam-pools 10.244.0.0/16"), sets);
                assertTrue(sets.contains("add cali40all-vxlan-net 10.0.0.12"), sets);
                String routes = KernelLab.run(n1, "ip", "-d", "route");
                assertTrue(routes.contains("10.244.2.0/26 via 10.244.2.0 dev vxlan.calico proto boot scope global onlink"), routes);
                assertTrue(save(n1, backend, 6).contains(":cali-nat-outgoing"), "IPv6 nat table too");
                assertEquals(List.of(), dp.drift());

                long writes = dp.writes();
                String before = save(n1, backend, 4) + KernelLab.run(n1, "ipset", "save") + KernelLab.run(n1, "ip", "-d", "route");
                dp.resync(state);
                dp.apply(DataplaneDelta.empty());
                assertEquals(writes, dp.writes(), "a second apply of the same state writes nothing");
                assertEquals(before, save(n1, backend, 4) + KernelLab.run(n1, "ipset", "save") + KernelLab.run(n1, "ip", "-d", "route"));

                c.client.ipPools().withName("p").edit(p -> p.withSpec(IpPoolSpec.builder().from(p.spec()).natOutgoing(false).build()));
                DataplaneState noNat = c.stateOf("n1");
                dp.apply(DataplaneState.diff(state, noNat));
                assertEquals(List.of(), SavedTable.parse(save(n1, backend, 4)).hashes(NatRules.NAT_OUTGOING), "incremental apply emptied it");
                assertFalse(KernelLab.run(n1, "ipset", "save").contains("add cali40masq-ipam-pools"));
                assertEquals(List.of(), dp.drift());

                KernelLab.run(n1, ipt, "-w", "-t", "nat", "-F", NatRules.POSTROUTING);
                KernelLab.run(n1, ipt, "-w", "-t", "nat", "-X", NatRules.NAT_OUTGOING);
                KernelLab.run(n1, "ipset", "del", "cali40network-ip-pools", "10.244.0.0/16");
                n1.ip("route", "del", "10.244.2.0/26");
                String drift = String.join("\n", dp.drift());
                assertTrue(drift.contains(":cali-nat-outgoing - -") && drift.contains(":cali-POSTROUTING - -"), drift);
                assertTrue(drift.contains("add cali40network-ip-pools 10.244.0.0/16"), drift);
                assertTrue(drift.contains("route replace 10.244.2.0/26 via 10.244.2.0 dev vxlan.calico onlink proto 3"), drift);
                dp.resync(noNat);
                assertEquals(List.of(), dp.drift(), "resync repaired the drift");
                assertTrue(SavedTable.parse(save(n1, backend, 4)).has(NatRules.NAT_OUTGOING));

                dp.apply(DataplaneDelta.builder().removeRoute(Cidr.parse("10.244.2.0/26")).build());
                assertFalse(KernelLab.run(n1, "ip", "route").contains("10.244.2.0/26"), "incremental route removal");
                assertEquals(List.of(), dp.drift());

                // Another tool removes a route Felix programmed; the incremental delete then fails ("No such process")
                // and the dataplane falls back to a full reconcile instead of failing the agent.
                dp.resync(noNat);
                n1.ip("route", "del", "10.244.2.0/26");
                dp.apply(DataplaneDelta.builder().removeRoute(Cidr.parse("10.244.2.0/26")).build());
                assertEquals(List.of(), dp.drift(), "a failed incremental route write ends in a full reconcile");

                dp.cleanup();
                String after = save(n1, backend, 4) + save(n1, backend, 6);
                assertFalse(after.contains("cali"), after);
                assertFalse(KernelLab.run(n1, "ipset", "save").contains("cali"));
                String left = KernelLab.run(n1, "ip", "-d", "route") + KernelLab.run(n1, "ip", "link");
                assertFalse(left.contains("proto 80") || left.contains("vxlan.calico"), left);

                String others = save(n1, backend, 4);
                assertTrue(others.contains("-A PREROUTING -d 192.0.2.1/32 -j RETURN"), others);
                assertTrue(others.contains("-A POSTROUTING -o eth9 -j MASQUERADE"), others);
                assertTrue(others.contains("-A OTHER-TOOL -s 192.0.2.0/24 -j RETURN"), others);
                assertTrue(KernelLab.run(n1, "ipset", "save").contains("create other-set"));
                assertTrue(KernelLab.run(n1, "ip", "route").contains("192.0.2.0/24 via 10.0.0.12 dev eth0 proto static"));
            }
        }
    }
}
