package org.calico4j.dataplane.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.calico4j.dataplane.DataplaneDelta;
import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.linux.Netns;
import org.calico4j.dataplane.tck.ClusterC;
import org.calico4j.model.ServiceIpBlock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Service-loop prevention (conformance case 28) in the filter table of node n1's namespace, with both
 * backends: {@code cali-FORWARD -> cali-cidr-block} programmed, its drift found and repaired, removed
 * when no CIDR is blocked and on cleanup, next to another tool's FORWARD rule. (That the kernel drops
 * the packet is {@code OutboundAgreementNetnsTest}'s case28.)
 */
class IptablesServiceLoopNetnsTest {
    private static String filter(Netns ns, Backend b) {
        return KernelLab.run(ns, b.save(4), "-t", "filter").replaceAll("(?m)^#.*\\n", "");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void programsRepairsAndRemovesTheCidrBlockChain(Backend backend) {
        try (KernelLab lab = new KernelLab(); ClusterC c = ClusterC.build(p -> p)) {
            Netns n1 = lab.node("n1");
            String ipt = backend.save(4).replace("-save", "");
            KernelLab.run(n1, ipt, "-w", "-t", "filter", "-A", "FORWARD", "-s", "192.0.2.0/24", "-j", "ACCEPT");
            c.bgp(b -> b.addServiceClusterIPs(ServiceIpBlock.builder().cidr("10.96.0.0/12").build()));
            DataplaneState state = c.stateOf("n1");
            try (IptablesDataplane dp = IptablesDataplane.builder("n1").netns(n1.name()).backend(backend).routes(false).build()) {
                dp.resync(state);
                SavedTable t = SavedTable.parse(filter(n1, backend));
                assertEquals(List.of("wUHhoiAYhphO9Mso", ""), t.hashes("FORWARD"), "hooked at the top, the other rule kept");
                // iptables-save prints -d before the comment match, as in Felix's fv dump.
                assertEquals(List.of("-d 10.96.0.0/12 -m comment --comment \"cali:" + t.hashes(FilterRules.CIDR_BLOCK).get(0) + "\" -j DROP"),
                        t.rules(FilterRules.CIDR_BLOCK).stream().map(SavedTable.SavedRule::spec).toList());
                assertEquals(FilterRules.render(state, 4).chains().get(FilterRules.CIDR_BLOCK).hashes(dp.features()), t.hashes(FilterRules.CIDR_BLOCK));
                assertTrue(t.rules(FilterRules.FORWARD).get(0).spec().endsWith("-j cali-cidr-block"));
                assertEquals(List.of(), dp.drift());

                KernelLab.run(n1, ipt, "-w", "-t", "filter", "-F", FilterRules.CIDR_BLOCK);
                String drift = String.join("\n", dp.drift());
                assertTrue(drift.startsWith("filter v4: *filter;:cali-cidr-block - -;"), drift);
                assertTrue(drift.contains("--destination 10.96.0.0/12 --jump DROP"), drift);
                dp.resync(state);
                assertEquals(List.of(), dp.drift(), "resync repaired the drift");

                dp.apply(DataplaneDelta.builder().blockedCidrs(Set.of()).build());
                String none = filter(n1, backend);
                assertFalse(none.contains("cali"), none);
                assertTrue(none.contains("-A FORWARD -s 192.0.2.0/24 -j ACCEPT"), none);
                assertEquals(List.of(), dp.drift());

                dp.resync(state);
                assertTrue(filter(n1, backend).contains(":cali-cidr-block"));
                dp.cleanup();
                String after = filter(n1, backend);
                assertFalse(after.contains("cali"), after);
                assertTrue(after.contains("-A FORWARD -s 192.0.2.0/24 -j ACCEPT"), after);
            }
        }
    }
}
