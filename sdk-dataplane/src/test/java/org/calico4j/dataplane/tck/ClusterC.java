package org.calico4j.dataplane.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.ipam.AssignIpRequest;
import org.calico4j.client.spi.Versioned;
import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.calc.Calculation;
import org.calico4j.model.BgpConfiguration;
import org.calico4j.model.BgpConfigurationSpec;
import org.calico4j.model.FelixConfiguration;
import org.calico4j.model.FelixConfigurationSpec;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Node;
import org.calico4j.model.NodeBgpSpec;
import org.calico4j.model.NodeSpec;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.Resource;
import org.calico4j.model.WorkloadEndpoint;
import org.calico4j.model.WorkloadEndpointSpec;
import org.calico4j.model.net.IpAddress;

/**
 * The base cluster C of {@code dataplane-scenarios.md}: n1 {@code 10.0.0.11/24}, n2 {@code 10.0.0.12/24},
 * n3 {@code 10.0.1.13/24} (another subnet); pool P {@code 10.244.0.0/16} (natOutgoing, blocks /26);
 * pods p1 {@code 10.244.1.5} on n1 ({@code cali1}), p2 {@code 10.244.2.7} on n2, p3 {@code 10.244.3.9} on n3,
 * each in its node's block; tunnel addresses {@code 10.244.<n>.0}. Built through the client, so blocks
 * and affinities are real IPAM records.
 *
 * <pre>{@code
 * ClusterC c = ClusterC.build(p -> p.ipipMode("Always"));
 * DataplaneState n1 = c.stateOf("n1");
 * }</pre>
 */
public final class ClusterC implements AutoCloseable {
    public static final String POOL = "10.244.0.0/16";
    public final CalicoClient client = CalicoClient.inMemory();

    private ClusterC() {
    }

    /** Cluster C with pool P adjusted by {@code pool} (e.g. its encapsulation). */
    public static ClusterC build(UnaryOperator<IpPoolSpec.Builder> pool) {
        ClusterC c = new ClusterC();
        c.node("n1", "10.0.0.11/24", "10.244.1.0", "66:aa:00:00:00:01");
        c.node("n2", "10.0.0.12/24", "10.244.2.0", "66:aa:00:00:00:02");
        c.node("n3", "10.0.1.13/24", "10.244.3.0", "66:aa:00:00:00:03");
        c.client.ipPools().create(IpPool.builder().name("p").spec(pool.apply(IpPoolSpec.builder().cidr(POOL).natOutgoing(true)
                .blockSize(26)).build()).build());
        c.pod("n1", "p1", "10.244.1.5", "cali1");
        c.pod("n2", "p2", "10.244.2.7", "cali2");
        c.pod("n3", "p3", "10.244.3.9", "cali3");
        return c;
    }

    public void node(String name, String address, String tunnel, String mac) {
        NodeBgpSpec.Builder bgp = NodeBgpSpec.builder().ipv4Address(address);
        NodeSpec.Builder spec = NodeSpec.builder();
        if (tunnel != null) {
            bgp.ipv4IPIPTunnelAddr(tunnel);
            spec.ipv4VXLANTunnelAddr(tunnel).vxlanTunnelMACAddr(mac);
        }
        client.nodes().create(Node.builder().name(name).spec(spec.bgp(bgp.build()).build()).build());
    }

    /** A pod with {@code ip} on {@code node}: the address assigned through IPAM (claiming its block for the node). */
    public void pod(String node, String pod, String ip, String iface) {
        client.ipam().assignIp(AssignIpRequest.of(IpAddress.parse(ip)).host(node).handle("k8s-pod-network." + pod));
        endpoint(node, pod, ip, iface);
    }

    /** Only the WorkloadEndpoint (the address is IPAM's business, e.g. borrowed). */
    public void endpoint(String node, String pod, String ip, String iface) {
        client.workloadEndpoints().create(WorkloadEndpoint.builder().metadata(ObjectMeta.builder().namespace("default").build())
                .spec(WorkloadEndpointSpec.builder().orchestrator("k8s").node(node).pod(pod).endpoint("eth0")
                        .interfaceName(iface).addIpNetworks(ip + (ip.contains(":") ? "/128" : "/32")).build()).build());
    }

    public void felix(String name, UnaryOperator<FelixConfigurationSpec.Builder> spec) {
        client.felixConfigurations().apply(FelixConfiguration.builder().name(name).spec(spec.apply(FelixConfigurationSpec.builder()).build()).build());
    }

    public void bgp(UnaryOperator<BgpConfigurationSpec.Builder> spec) {
        client.bgpConfigurations().apply(BgpConfiguration.builder().name("default").spec(spec.apply(BgpConfigurationSpec.builder()).build()).build());
    }

    public void pool(String name, UnaryOperator<IpPoolSpec.Builder> spec) {
        client.ipPools().create(IpPool.builder().name(name).spec(spec.apply(IpPoolSpec.builder()).build()).build());
    }

    /** Everything the calculation reads. */
    public List<Resource> resources() {
        List<Resource> all = new ArrayList<>();
        for (org.calico4j.model.Kind k : Calculation.KINDS) {
            for (Versioned v : client.datastore().list(k, 0).items()) {
                all.add(v.value());
            }
        }
        return all;
    }

    /** Every resource of every kind (for BGP: peers, filters and configuration too). */
    public List<Resource> allResources() {
        List<Resource> all = new ArrayList<>();
        for (org.calico4j.model.Kind k : org.calico4j.model.Kind.values()) {
            for (Versioned v : client.datastore().list(k, 0).items()) {
                all.add(v.value());
            }
        }
        return all;
    }

    /** The node's state, computed from scratch. */
    public DataplaneState stateOf(String node) {
        return Calculation.compute(node, resources());
    }

    @Override
    public void close() {
        client.close();
    }
}
