package org.calico4j.dataplane.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.calico4j.dataplane.Dataplane;
import org.calico4j.dataplane.tck.CheckingDataplane;
import org.calico4j.dataplane.tck.DataplaneTck;
import org.calico4j.dataplane.tck.KernelDataplanes;
import org.junit.jupiter.api.AfterEach;

/**
 * The Dataplane TCK against the iptables dataplane, each node in its own namespace (with an {@code eth0}
 * holding cluster C's node address, so VXLAN devices and plain routes are really programmed). Besides the
 * TCK's observations, every state programmed must read back without drift, and for every packet the rule
 * walk through the programmed nat chains must take the same NAT decision as the verdict
 * ({@link KernelDataplanes#iptables}).
 */
class IptablesDataplaneTckTest extends DataplaneTck {
    private final List<String> problems = new ArrayList<>();
    private CheckingDataplane current;

    @Override
    protected Dataplane open(String node) {
        KernelLab lab = new KernelLab();
        try {
            current = KernelDataplanes.iptables(lab, node, problems);
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
        return CheckingDataplane.of(current).closing(lab).build();
    }

    @AfterEach
    void kernelAgreed() {
        if (current != null && !current.isClosed()) {
            current.check();
        }
        assertEquals(List.of(), problems);
    }
}
