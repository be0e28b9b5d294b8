package org.calico4j.testkit.gen;

import java.util.List;
import java.util.function.UnaryOperator;

import org.calico4j.model.BgpConfiguration;
import org.calico4j.model.BgpConfigurationSpec;
import org.calico4j.model.BgpPeer;
import org.calico4j.model.BgpPeerSpec;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Node;
import org.calico4j.model.NodeBgpSpec;
import org.calico4j.model.NodeSpec;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.Resource;
import org.calico4j.model.WorkloadEndpoint;
import org.calico4j.model.WorkloadEndpointSpec;
import org.calico4j.model.net.AsNumber;
import org.calico4j.testkit.property.Gen;

/**
 * Generators of Calico resources that calicoctl accepts, and of resources it refuses together with
 * (a distinctive part of) Calico's reason.
 *
 * <pre>{@code
 * Properties.forAll(ResourceGens.invalidIpPools(), bad ->
 *     assertTrue(Validator.standard().check(bad.resource()).toString().contains(bad.rule())));
 * }</pre>
 */
public final class ResourceGens {
    private ResourceGens() {
    }

    /**
     * A resource Calico refuses, and why.
     *
     * @param resource the resource
     * @param rule     a distinctive part of Calico's reason text
     */
    public record Invalid(Resource resource, String rule) {
        @Override
        public String toString() {
            return resource.kind() + " " + resource.name() + " breaking \"" + rule + "\"";
        }
    }

    private static Gen<String> names() {
        return Gen.identifiers(1, 10).map(s -> "r-" + s);
    }

    /** IPv4 pools: a /16 to /26 network in 10.0.0.0/8, a fitting block size, NAT, at most one encapsulation. */
    public static Gen<IpPool> validIpPools() {
        return names().flatMap(name -> Gen.integers(16, 26).flatMap(prefix -> Gen.integers(0, 255).flatMap(second ->
                Gen.integers(Math.max(prefix, 20), 32).flatMap(block -> Gen.booleans().flatMap(nat ->
                        Gen.oneOf(List.of("Never", "Always", "CrossSubnet")).flatMap(mode -> Gen.booleans().map(vxlan -> {
                            IpPoolSpec.Builder s = IpPoolSpec.builder().cidr("10." + second + ".0.0/" + prefix).blockSize(block).natOutgoing(nat);
                            if (vxlan) {
                                s.vxlanMode(mode);
                            } else {
                                s.ipipMode(mode);
                            }
                            return IpPool.builder().name(name).spec(s.build()).build();
                        })))))));
    }

    /** A valid pool broken one way, with Calico's reason. */
    public static Gen<Invalid> invalidIpPools() {
        List<Gen<Invalid>> breakers = List.of(
                broken(p -> p.cidr("10.0.0.1/16"), "IPPool CIDR is not strictly masked"),
                broken(p -> p.ipipMode("Always").vxlanMode("Always"), "Cannot enable both VXLAN and IPIP on the same IPPool"),
                broken(p -> p.blockSize(33), "IPv4 block size must be between 20 and 32"),
                broken(p -> p.cidr("169.254.0.0/16"), "IPPool CIDR overlaps with IPv4 Link Local range 169.254.0.0/16"),
                broken(p -> p.cidr("fd00::/64").blockSize(122).ipipMode("Always").vxlanMode("Never"), "IPIP is not supported on an IPv6 IP pool"),
                broken(p -> p.vxlanMode("Sometimes").ipipMode("Never"), "because of Tag: vxlanMode"));
        return Gen.choose(breakers);
    }

    private static Gen<Invalid> broken(UnaryOperator<IpPoolSpec.Builder> how, String rule) {
        return validIpPools().map(p -> new Invalid(p.withSpec(how.apply(IpPoolSpec.builder().from(p.spec())).build()), rule));
    }

    /** Nodes with an IPv4 address in 10.0.0.0/16 and optionally an AS number. */
    public static Gen<Node> validNodes() {
        return names().flatMap(name -> Gen.integers(1, 254).flatMap(host -> Gen.integers(0, 255).flatMap(third -> Gen.booleans().map(as -> {
            NodeBgpSpec.Builder b = NodeBgpSpec.builder().ipv4Address("10.0." + third + "." + host + "/16");
            if (as) {
                b.asNumber(AsNumber.of(64512 + host));
            }
            return Node.builder().name(name).spec(NodeSpec.builder().bgp(b.build()).build()).build();
        }))));
    }

    /** BGP peers: a peer IP and AS, for every node, one node, or a selector. */
    public static Gen<BgpPeer> validBgpPeers() {
        return names().flatMap(name -> Gen.integers(1, 254).flatMap(host -> Gen.integers(0, 2).flatMap(scope ->
                Gen.integers(64512, 65534).map(as -> {
                    BgpPeerSpec.Builder s = BgpPeerSpec.builder().peerIP("10.1.0." + host).asNumber(AsNumber.of(as));
                    if (scope == 1) {
                        s.node("node-1");
                    } else if (scope == 2) {
                        s.nodeSelector("rack == 'r1'");
                    }
                    return BgpPeer.builder().name(name).spec(s.build()).build();
                }))));
    }

    /** A valid peer broken one way, with Calico's reason. */
    public static Gen<Invalid> invalidBgpPeers() {
        return validBgpPeers().flatMap(p -> Gen.integers(0, 1).map(i -> i == 0
                ? new Invalid(p.withSpec(BgpPeerSpec.builder().from(p.spec()).peerIP("10.1.0.300").build()), "PeerIP")
                : new Invalid(p.withSpec(BgpPeerSpec.builder().from(p.spec()).node("node-1").nodeSelector("all()").build()),
                "NodeSelector")));
    }

    /** The default BGPConfiguration with the mesh on or off and an AS number. */
    public static Gen<BgpConfiguration> validBgpConfigurations() {
        return Gen.booleans().flatMap(mesh -> Gen.integers(64512, 65534).map(as -> BgpConfiguration.builder().name("default")
                .spec(BgpConfigurationSpec.builder().nodeToNodeMeshEnabled(mesh).asNumber(AsNumber.of(as)).build()).build()));
    }

    /** Kubernetes WorkloadEndpoints with one /32 address and a derived name. */
    public static Gen<WorkloadEndpoint> validWorkloadEndpoints() {
        return Gen.identifiers(1, 8).flatMap(pod -> Gen.integers(1, 254).map(host -> WorkloadEndpoint.builder()
                .metadata(ObjectMeta.builder().namespace("default").build())
                .spec(WorkloadEndpointSpec.builder().orchestrator("k8s").node("node-1").pod(pod).endpoint("eth0")
                        .interfaceName("cali" + host).addIpNetworks("192.168.0." + host + "/32").build()).build()));
    }
}
