package org.calico4j.dataplane.ebpf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.calico4j.dataplane.Dataplane;
import org.calico4j.dataplane.iptables.KernelLab;
import org.calico4j.dataplane.tck.CheckingDataplane;
import org.calico4j.dataplane.tck.DataplaneTck;
import org.calico4j.dataplane.tck.KernelDataplanes;
import org.junit.jupiter.api.AfterEach;

/**
 * The Dataplane TCK on the eBPF dataplane with real pinned maps, each node in its own namespace (iptables chain,
 * interfaces); after every change the kernel's {@code bpftool map dump} must equal what the dataplane believes it
 * programmed ({@link KernelDataplanes#ebpf}), so the verdicts are read from what the kernel holds.
 */
class EbpfDataplaneTckTest extends DataplaneTck {
    private final List<String> problems = new ArrayList<>();

    @Override
    protected Dataplane open(String node) {
        EbpfCheck.requireKernel();
        KernelLab lab = new KernelLab();
        try {
            return CheckingDataplane.of(KernelDataplanes.ebpf(lab, node, problems)).closing(lab).build();
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    @AfterEach
    void kernelAgreed() {
        assertEquals(List.of(), problems);
    }
}
