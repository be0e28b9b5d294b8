package org.calico4j.dataplane.ebpf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.calico4j.dataplane.Dataplane;
import org.calico4j.dataplane.DataplaneCapabilities;
import org.calico4j.dataplane.DataplaneDelta;
import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.DataplaneStatus;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.Verdict;
import org.calico4j.dataplane.linux.CommandRunner;
import org.calico4j.dataplane.linux.Netns;
import org.calico4j.dataplane.tck.DataplaneTck;

/**
 * The Dataplane TCK on the eBPF dataplane with real pinned maps, each node in its own {@code c4j-tck-*}
 * namespace (iptables chain, interfaces); after every change the kernel's {@code bpftool map dump} must equal
 * what the dataplane believes it programmed, so the verdicts are read from what the kernel holds.
 */
class EbpfDataplaneTckTest extends DataplaneTck {
    @Override
    protected Dataplane open(String node) {
        java.nio.file.Path root = EbpfCheck.requireKernel();
        String ns = "c4j-tck-" + node;
        CommandRunner.system().run(List.of("ip", "netns", "del", ns), Duration.ofSeconds(10));
        Netns netns = Netns.create(ns);
        EbpfDataplane dp;
        try {
            dp = EbpfDataplane.builder("tck-" + node).bpffs(root).netns(ns).build();
        } catch (RuntimeException e) {
            netns.close();
            throw e;
        }
        return new Checked(dp, netns);
    }

    /** The eBPF dataplane, its map compared with the kernel's after each write; closing it removes the namespace. */
    private static final class Checked implements Dataplane {
        private final EbpfDataplane dp;
        private final Netns netns;

        Checked(EbpfDataplane dp, Netns netns) {
            this.dp = dp;
            this.netns = netns;
        }

        private void check() {
            assertEquals(dp.routesMap(), dp.dumpRoutesMap(), "bpftool map dump differs from what was programmed");
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
            return dp.evaluate(packet);
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
            try {
                dp.close();
            } finally {
                netns.close();
            }
        }
    }
}
