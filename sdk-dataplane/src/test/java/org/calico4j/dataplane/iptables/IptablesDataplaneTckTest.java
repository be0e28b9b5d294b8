package org.calico4j.dataplane.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.calico4j.dataplane.Dataplane;
import org.calico4j.dataplane.DataplaneCapabilities;
import org.calico4j.dataplane.DataplaneDelta;
import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.DataplaneStatus;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.Verdict;
import org.calico4j.dataplane.linux.Netns;
import org.calico4j.dataplane.tck.DataplaneTck;
import org.junit.jupiter.api.AfterEach;

/**
 * The Dataplane TCK against the iptables dataplane, each node in its own namespace (with an {@code eth0}
 * holding cluster C's node address, so VXLAN devices and plain routes are really programmed). Besides the
 * TCK's observations, every state programmed must read back without drift, and for every packet the rule
 * walk through the programmed nat chains must take the same NAT decision as the verdict.
 */
class IptablesDataplaneTckTest extends DataplaneTck {
    private static final Map<String, String> ADDRESSES = Map.of("n1", "10.0.0.11/24", "n2", "10.0.0.12/24", "n3", "10.0.1.13/24");
    private final List<String> problems = new ArrayList<>();
    private Checked current;

    @Override
    protected Dataplane open(String node) {
        KernelLab lab = new KernelLab();
        try {
            Netns ns = lab.node(node);
            ns.ip("link", "add", "eth0", "type", "veth", "peer", "name", "eth0p");
            ns.ip("link", "set", "eth0", "up");
            ns.ip("link", "set", "eth0p", "up");
            ns.ip("addr", "add", ADDRESSES.get(node), "dev", "eth0");
            current = new Checked(IptablesDataplane.builder(node).netns(ns.name()).build(), lab);
            return current;
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    @AfterEach
    void kernelAgreed() {
        if (current != null && !current.closed) {
            current.check();
        }
        assertEquals(List.of(), problems);
    }

    /** The iptables dataplane, checked against the kernel at each step; removes its namespace on close. */
    private final class Checked implements Dataplane {
        private final IptablesDataplane dp;
        private final KernelLab lab;
        private boolean closed;

        Checked(IptablesDataplane dp, KernelLab lab) {
            this.dp = dp;
            this.lab = lab;
        }

        void check() {
            List<String> drift = dp.drift();
            if (!drift.isEmpty()) {
                problems.add(dp + " drifted from its state: " + drift);
            }
        }

        @Override
        public void apply(DataplaneDelta delta) {
            dp.apply(delta);
            check();
        }

        @Override
        public void resync(DataplaneState state) {
            dp.resync(state);
            check();
        }

        @Override
        public DataplaneState state() {
            return dp.state();
        }

        @Override
        public Verdict evaluate(Packet packet) {
            Verdict v = dp.evaluate(packet);
            if (v.action() == Verdict.Action.FORWARD) {
                Optional<NatTrace.Decision> d = dp.decidingRule(packet);
                boolean ruleNats = d.map(NatTrace.Decision::nat).orElse(false);
                if (ruleNats != (v.snatTo() != null)) {
                    problems.add(packet + ": verdict " + v + " but the nat rules decide " + d.map(NatTrace.Decision::describe).orElse("nothing"));
                }
            }
            return v;
        }

        @Override
        public DataplaneStatus status() {
            return dp.status();
        }

        @Override
        public DataplaneCapabilities capabilities() {
            return dp.capabilities();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                try {
                    dp.close();
                } finally {
                    lab.close();
                }
            }
        }
    }
}
