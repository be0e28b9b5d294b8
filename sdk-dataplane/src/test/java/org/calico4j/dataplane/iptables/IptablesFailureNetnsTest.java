package org.calico4j.dataplane.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.spy;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.linux.CommandRunner;
import org.calico4j.dataplane.linux.Netns;
import org.calico4j.dataplane.tck.ClusterC;
import org.junit.jupiter.api.Test;

/**
 * A failing {@code iptables-restore} (injected with Mockito: a real one cannot be made to fail on demand
 * without breaking the kernel state under test) leaves the rules programmed before intact, reports the
 * command and its error, keeps the previous state, and the next resync brings the node to the new state.
 */
class IptablesFailureNetnsTest {
    @Test
    void aFailedRestoreLeavesThePreviousRulesAndTheNextResyncRepairs() {
        try (KernelLab lab = new KernelLab(); ClusterC c = ClusterC.build(p -> p)) {
            Netns n1 = lab.node("n1");
            Netns peer = lab.ns("peer");
            lab.link(n1, "eth0", "10.0.0.11/24", peer, "eth0", "10.0.0.12/24");
            AtomicBoolean fail = new AtomicBoolean();
            CommandRunner runner = spy(CommandRunner.system());
            doAnswer(inv -> {
                List<String> cmd = inv.getArgument(0);
                if (fail.get() && cmd.stream().anyMatch(a -> a.endsWith("tables-restore") || a.endsWith("-restore") && a.contains("tables"))) {
                    return new CommandRunner.Result(cmd, 1, "", "iptables-restore: line 4 failed");
                }
                return inv.callRealMethod();
            }).when(runner).run(anyList(), any(), any());
            DataplaneState state = c.stateOf("n1");
            try (IptablesDataplane dp = IptablesDataplane.builder("n1").netns(n1.name()).runner(runner).backend(Backend.NFT).build()) {
                dp.resync(state);
                String before = KernelLab.run(n1, "iptables-nft-save", "-t", "nat").replaceAll("(?m)^#.*\\n", "");
                c.felix("default", f -> f.natOutgoingAddress("203.0.113.10"));
                DataplaneState snat = c.stateOf("n1");
                fail.set(true);
                IptablesException e = assertThrows(IptablesException.class, () -> dp.apply(DataplaneState.diff(state, snat)));
                assertTrue(e.getMessage().contains("iptables-nft-restore") && e.getMessage().contains("line 4 failed"), e.getMessage());
                assertEquals(before, KernelLab.run(n1, "iptables-nft-save", "-t", "nat").replaceAll("(?m)^#.*\\n", ""), "previous rules intact");
                assertEquals(state, dp.state(), "the state is the one still programmed");
                assertFalse(dp.status().healthy(), dp.status()::toString);
                assertTrue(dp.status().detail().contains("line 4 failed"), dp.status().detail());

                fail.set(false);
                dp.resync(snat);
                assertTrue(KernelLab.run(n1, "iptables-nft-save", "-t", "nat").contains("-j SNAT --to-source 203.0.113.10 --random-fully"));
                assertTrue(dp.status().healthy());
                assertEquals(List.of(), dp.drift());
            }
        }
    }
}
