package org.calico4j.dataplane;

import java.util.List;

import org.calico4j.model.net.Cidr;

/**
 * A workload endpoint on this node: its interface and addresses.
 *
 * <pre>{@code
 * new LocalWorkload("default/n1-k8s-p1-eth0", "cali1", List.of(Cidr.parse("10.244.1.5/32")), "");
 * }</pre>
 *
 * @param key           {@code <namespace>/<name>} of the WorkloadEndpoint
 * @param interfaceName the host side of its veth
 * @param ipNetworks    its addresses ({@code /32}, {@code /128})
 * @param mac           its MAC, if known
 */
public record LocalWorkload(String key, String interfaceName, List<Cidr> ipNetworks, String mac) {
    /**
     * Copies the collections, so the value stays immutable.
     *
     * @param key {@code <namespace>/<name>} of the WorkloadEndpoint
     * @param interfaceName the host side of its veth
     * @param ipNetworks its addresses ({@code /32}, {@code /128})
     * @param mac its MAC, if known
     */
    public LocalWorkload {
        ipNetworks = List.copyOf(ipNetworks);
    }
}
