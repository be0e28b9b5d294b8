package org.calico4j.dataplane.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.calico4j.dataplane.Dataplane;
import org.calico4j.dataplane.ebpf.EbpfCheck;
import org.calico4j.dataplane.iptables.KernelLab;
import org.calico4j.dataplane.memory.MemoryDataplane;
import org.junit.jupiter.api.AfterEach;

/**
 * Every Dataplane TCK scenario through the in-memory, iptables and eBPF dataplanes side by side: the same writes
 * to all three (the kernel ones in namespaces of one lab, checked against the kernel after every write), every
 * packet evaluated by all three, and any difference in what it lets one observe (delivered / forwarded / dropped,
 * source seen, SNAT address and ports, encapsulation, device, route) a failure naming each one's answer. The TCK's
 * own assertions then hold for all three at once. {@code OutboundAgreementNetnsTest} sends the outbound scenarios'
 * packets for real.
 */
class DataplanesAgreeTckTest extends DataplaneTck {
    private final List<String> problems = new ArrayList<>();

    @Override
    protected Dataplane open(String node) {
        EbpfCheck.requireKernel();
        KernelLab lab = new KernelLab();
        SideBySideDataplane.Builder all = SideBySideDataplane.builder().closing(lab);
        try {
            all.add("memory", new MemoryDataplane(node));
            all.add("iptables", KernelDataplanes.iptables(lab, node, problems));
            all.add("ebpf", KernelDataplanes.ebpf(lab, node, problems));
        } catch (RuntimeException e) {
            all.build().close();
            throw e;
        }
        return all.build();
    }

    @AfterEach
    void kernelsAgreed() {
        assertEquals(List.of(), problems);
    }
}
