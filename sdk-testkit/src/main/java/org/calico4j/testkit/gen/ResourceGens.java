package org.calico4j.testkit.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.calico4j.model.BgpConfiguration;
import org.calico4j.model.BgpConfigurationSpec;
import org.calico4j.model.BgpFilter;
import org.calico4j.model.BgpFilterPrefixLength;
import org.calico4j.model.BgpFilterRule;
import org.calico4j.model.BgpFilterSpec;
import org.calico4j.model.BgpPassword;
import org.calico4j.model.BgpPeer;
import org.calico4j.model.BgpPeerSpec;
import org.calico4j.model.Community;
import org.calico4j.model.EndpointPort;
import org.calico4j.model.FelixConfiguration;
import org.calico4j.model.FelixConfigurationSpec;
import org.calico4j.model.GoDuration;
import org.calico4j.model.HostEndpoint;
import org.calico4j.model.HostEndpointSpec;
import org.calico4j.model.IpNat;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.IpReservation;
import org.calico4j.model.IpReservationSpec;
import org.calico4j.model.JsonValue;
import org.calico4j.model.Node;
import org.calico4j.model.NodeBgpSpec;
import org.calico4j.model.NodeSpec;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.PrefixAdvertisement;
import org.calico4j.model.Resource;
import org.calico4j.model.SecretKeyRef;
import org.calico4j.model.ServiceIpBlock;
import org.calico4j.model.WorkloadEndpoint;
import org.calico4j.model.WorkloadEndpointPort;
import org.calico4j.model.WorkloadEndpointSpec;
import org.calico4j.model.net.AsNumber;
import org.calico4j.model.net.Port;
import org.calico4j.testkit.property.Gen;

/**
 * Generators of Calico resources that calicoctl accepts, and of resources it refuses together with
 * (a distinctive part of) Calico's reason, for every user-facing kind.
 *
 * <pre>{@code
 * PropertyRunner.forAll(ResourceGens.invalidResources(), bad ->
 *     assertTrue(Validator.standard().check(bad.resource()).toString().contains(bad.rule())));
 * }</pre>
 *
 * <p>Each invalid generator starts from a valid resource and breaks it one way, so the rule it names
 * is the reason for the refusal, not an accident of the rest of the resource.
 */
public final class ResourceGens {
    private static final String TAG = "failed to validate Field: ";
    private static final String NOT_NAMESPACED = "namespace should not be specified for a non-namespaced resource";
    private static final String BAD_NAME = "name must consist of lower case alphanumeric characters";

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

    /**
     * Valid resources of every user-facing kind, each kind as likely as the next.
     *
     * @return the {@code validResources} value
     */
    public static Gen<Resource> validResources() {
        return Gen.choose(List.<Gen<? extends Resource>>of(validIpPools(), validIpReservations(), validBgpPeers(),
                validBgpConfigurations(), validBgpFilters(), validFelixConfigurations(), validNodes(),
                validWorkloadEndpoints(), validHostEndpoints()));
    }

    /**
     * Invalid resources of every user-facing kind, each kind as likely as the next.
     *
     * @return the {@code invalidResources} value
     */
    public static Gen<Invalid> invalidResources() {
        return Gen.choose(List.of(invalidIpPools(), invalidIpReservations(), invalidBgpPeers(), invalidBgpConfigurations(),
                invalidBgpFilters(), invalidFelixConfigurations(), invalidNodes(), invalidWorkloadEndpoints(),
                invalidHostEndpoints()));
    }

    // ---- IPPool

    /**
     * IPv4 pools: a /16 to /26 network in 10.0.0.0/8, a fitting block size, NAT, at most one encapsulation.
     *
     * @return the {@code validIpPools} value
     */
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

    /**
     * {@return a valid pool broken one way, with Calico's reason}
     */
    public static Gen<Invalid> invalidIpPools() {
        // IPv6 and LoadBalancer breakers set both modes: the base's random IPIP or VXLAN mode would trip another rule first.
        return Gen.choose(List.of(
                pool(p -> p.cidr("10.0.0.1/16"), "IPPool CIDR is not strictly masked"),
                pool(p -> p.cidr("10.0.0.0/33"), "IPPool CIDR must be a valid subnet"),
                pool(p -> p.ipipMode("Always").vxlanMode("Always"), "Cannot enable both VXLAN and IPIP on the same IPPool"),
                pool(p -> p.blockSize(33), "IPv4 block size must be between 20 and 32"),
                pool(p -> p.cidr("fd00:1::/64").blockSize(100).ipipMode("Never").vxlanMode("Never"),
                        "IPv6 block size must be between 116 and 128"),
                pool(p -> p.cidr("10.9.0.0/27").blockSize(26), "IP pool size is too small for use with Calico IPAM"),
                pool(p -> p.cidr("169.254.0.0/16"), "IPPool CIDR overlaps with IPv4 Link Local range 169.254.0.0/16"),
                pool(p -> p.cidr("fe80::/64").blockSize(122).ipipMode("Never").vxlanMode("Never"),
                        "IPPool CIDR overlaps with IPv6 Link Local range fe80::/10"),
                pool(p -> p.cidr("fd00::/64").blockSize(122).ipipMode("Always").vxlanMode("Never"), "IPIP is not supported on an IPv6 IP pool"),
                pool(p -> p.vxlanMode("Sometimes").ipipMode("Never"), TAG + "VXLANMode because of Tag: vxlanMode"),
                pool(p -> p.ipipMode("always").vxlanMode("Never"), TAG + "IPIPMode because of Tag: ipIpMode"),
                pool(p -> p.assignmentMode("automatic"), TAG + "AssignmentMode because of Tag: assignmentMode"),
                pool(p -> p.nodeSelector("rack == "), TAG + "NodeSelector because of Tag: selector"),
                pool(p -> p.nodeSelector("global()"), "global() selector is not valid for IPPool nodeSelector"),
                pool(p -> p.namespaceSelector("team == 'a'"), "IP Pool with AllowedUse Tunnel cannot have namespaceSelector specified"),
                pool(p -> p.allowedUses(List.of("Workload", "Bogus")), "unknown use: Bogus"),
                pool(p -> p.allowedUses(List.of("LoadBalancer", "Workload")).ipipMode("Never").vxlanMode("Never"),
                        "LoadBalancer cannot be used at the same time as: Workload"),
                pool(p -> p.allowedUses(List.of("LoadBalancer")).ipipMode("Never").vxlanMode("Always"),
                        "Neither IPIPMode nor VXLANMode can be enabled on AllowedUses LoadBalancer IP pool"),
                pool(p -> p.allowedUses(List.of("LoadBalancer")).ipipMode("Never").vxlanMode("Never").disableBGPExport(true),
                        "IP Pool with AllowedUse LoadBalancer must have DisableBGPExport set to true"),
                broken(validIpPools(), p -> p.withMetadata(ObjectMeta.named("Pool_1")), BAD_NAME)));
    }

    private static Gen<Invalid> pool(UnaryOperator<IpPoolSpec.Builder> how, String rule) {
        return broken(validIpPools(), p -> p.withSpec(how.apply(IpPoolSpec.builder().from(p.spec())).build()), rule);
    }

    // ---- IPReservation

    /**
     * Reservations of one to four entries: IPv4 networks (host bits allowed, as Calico allows), bare
     * addresses, IPv6 networks.
     *
     * @return the {@code validIpReservations} value
     */
    public static Gen<IpReservation> validIpReservations() {
        Gen<String> entries = Gen.integers(0, 3).flatMap(form -> Gen.integers(0, 255).flatMap(a -> Gen.integers(1, 254).map(b -> switch (form) {
            case 0 -> "10." + a + "." + b + ".0/24";
            case 1 -> "10." + a + ".0." + b + "/16";
            case 2 -> "10." + a + "." + b + ".1";
            default -> "fd00:" + Integer.toHexString(a) + ":" + Integer.toHexString(b) + "::/96";
        })));
        return names().flatMap(name -> Gen.listOf(entries, 1, 4).map(cidrs ->
                IpReservation.builder().name(name).spec(IpReservationSpec.builder().reservedCIDRs(cidrs).build()).build()));
    }

    /**
     * {@return a valid reservation with one entry that is no CIDR, or with a bad name or a namespace}
     */
    public static Gen<Invalid> invalidIpReservations() {
        Gen<Invalid> badEntry = Gen.oneOf(List.of("10.0.1.0/33", "not-an-ip", "10.0.0.256", "fd00::/129")).flatMap(bad ->
                broken(validIpReservations(), r -> r.withSpec(IpReservationSpec.builder().from(r.spec()).addReservedCIDRs(bad).build()),
                        TAG + "ReservedCIDRs because of Tag: cidrs"));
        return Gen.choose(List.of(badEntry,
                broken(validIpReservations(), r -> r.withMetadata(r.metadata().withNamespace("default")), NOT_NAMESPACED),
                broken(validIpReservations(), r -> r.withMetadata(ObjectMeta.named("Gateways")), BAD_NAME)));
    }

    // ---- BGPPeer

    /**
     * BGP peers: a peer IP (IPv4 or IPv6, with or without a port) and AS, for every node, one node, or a
     * selector, with a source address and a next-hop setting now and then.
     *
     * @return the {@code validBgpPeers} value
     */
    public static Gen<BgpPeer> validBgpPeers() {
        return names().flatMap(name -> Gen.integers(1, 254).flatMap(host -> Gen.integers(0, 2).flatMap(scope ->
                Gen.integers(64512, 65534).flatMap(as -> Gen.integers(0, 3).flatMap(form -> Gen.integers(0, 2).flatMap(nextHop ->
                        Gen.oneOf(List.of("", "UseNodeIP", "None")).map(source -> {
                            BgpPeerSpec.Builder s = BgpPeerSpec.builder().peerIP(peerIp(form, host)).asNumber(AsNumber.of(as)).sourceAddress(source);
                            if (scope == 1) {
                                s.node("node-1");
                            } else if (scope == 2) {
                                s.nodeSelector("rack == 'r1'");
                            }
                            if (nextHop == 1) {
                                s.keepOriginalNextHop(true);
                            } else if (nextHop == 2) {
                                s.nextHopMode("Self");
                            }
                            return BgpPeer.builder().name(name).spec(s.build()).build();
                        })))))));
    }

    private static String peerIp(int form, int host) {
        String hex = Integer.toHexString(host);
        return switch (form) {
            case 0 -> "10.1.0." + host;
            case 1 -> "10.1.0." + host + ":179";
            case 2 -> "fd00:1::" + hex;
            default -> "[fd00:1::" + hex + "]:1179";
        };
    }

    /**
     * {@return a valid peer broken one way, with Calico's reason}
     */
    public static Gen<Invalid> invalidBgpPeers() {
        String peerIpTag = TAG + "PeerIP because of Tag: IP:port";
        return Gen.choose(List.of(
                peer(p -> p.peerIP("10.1.0.300"), peerIpTag),
                peer(p -> p.peerIP("10.1.0.1:70000"), peerIpTag),
                peer(p -> p.node("node-1").nodeSelector("all()"), "Node field must be empty when NodeSelector is specified"),
                peer(p -> p.node("Node 1").nodeSelector(""), TAG + "Node because of Tag: name"),
                peer(p -> p.node("").nodeSelector("rack == "), TAG + "NodeSelector because of Tag: selector"),
                peer(p -> p.peerSelector("role == 'rr'").asNumber(Optional.empty()), "PeerIP field must be empty when PeerSelector is specified"),
                peer(p -> p.peerIP("").peerSelector("role == 'rr'"), "ASNumber field must be empty when PeerSelector is specified"),
                peer(p -> p.peerIP("").asNumber(Optional.empty()).localWorkloadSelector("app == 'bgp'"),
                        "ASNumber field must NOT be empty when LocalWorkloadSelector is specified"),
                peer(p -> p.localWorkloadSelector("app == 'bgp'"), "PeerIP field must be empty when LocalWorkloadSelector is specified"),
                peer(p -> p.keepOriginalNextHop(true).nextHopMode("Keep"), "The KeepOriginalNextHop field is deprecated"),
                peer(p -> p.keepOriginalNextHop(false).nextHopMode("self"), "supported values: \"Auto\", \"Self\", \"Keep\""),
                peer(p -> p.peerIP("10.1.0.9").reachableBy("fd00::1"), "ReachableBy and PeerIP address family mismatched"),
                peer(p -> p.peerIP("").reachableBy("10.1.0.1"), "ReachablyBy field must be empty when PeerIP is empty"),
                peer(p -> p.sourceAddress("UseNodeIp"), TAG + "SourceAddress because of Tag: sourceAddress"),
                peer(p -> p.filters(List.of("no-such-filter")), "BGPFilter(s) not found")));
    }

    private static Gen<Invalid> peer(UnaryOperator<BgpPeerSpec.Builder> how, String rule) {
        return broken(validBgpPeers(), p -> p.withSpec(how.apply(BgpPeerSpec.builder().from(p.spec())).build()), rule);
    }

    // ---- BGPConfiguration

    /**
     * The default BGPConfiguration: the mesh on or off, an AS number, a log level, and now and then service
     * addresses to advertise and a community attached to an advertised prefix.
     *
     * @return the {@code validBgpConfigurations} value
     */
    public static Gen<BgpConfiguration> validBgpConfigurations() {
        return Gen.booleans().flatMap(mesh -> Gen.integers(64512, 65534).flatMap(as -> Gen.oneOf(List.of("Info", "Debug", "Warning"))
                .flatMap(log -> Gen.booleans().flatMap(services -> Gen.booleans().map(community -> {
                    BgpConfigurationSpec.Builder s = BgpConfigurationSpec.builder().nodeToNodeMeshEnabled(mesh).asNumber(AsNumber.of(as))
                            .logSeverityScreen(log);
                    if (services) {
                        s.addServiceClusterIPs(ServiceIpBlock.builder().cidr("10.96.0.0/12").build())
                                .addServiceExternalIPs(ServiceIpBlock.builder().cidr("192.0.2.0/24").build());
                    }
                    if (community) {
                        s.addCommunities(Community.builder().name("edge").value("64512:100").build())
                                .addPrefixAdvertisements(PrefixAdvertisement.builder().cidr("192.168.0.0/16")
                                        .addCommunities("edge", "64512:300").build());
                    }
                    return BgpConfiguration.builder().name("default").spec(s.build()).build();
                })))));
    }

    /**
     * {@return a valid BGPConfiguration broken one way, with Calico's reason}
     */
    public static Gen<Invalid> invalidBgpConfigurations() {
        BgpPassword password = BgpPassword.builder().secretKeyRef(SecretKeyRef.builder().name("bgp-secrets").key("mesh").build()).build();
        Community edge = Community.builder().name("edge").value("64512:100").build();
        Community wide = Community.builder().name("wide").value("65536:1").build();
        return Gen.choose(List.of(
                bgpConfig(c -> c.logSeverityScreen("info"), TAG + "LogSeverityScreen because of Tag: logLevel"),
                bgpConfig(c -> c.serviceClusterIPs(List.of(ServiceIpBlock.builder().cidr("10.96.0.1/12").build())),
                        TAG + "CIDR because of Tag: net"),
                bgpConfig(c -> c.communities(List.of(edge)).prefixAdvertisements(List.of()),
                        "communities are defined but not used in Spec.PrefixAdvertisement[]."),
                bgpConfig(c -> c.communities(List.of(wide)).prefixAdvertisements(List.of(
                        PrefixAdvertisement.builder().cidr("10.0.0.0/8").addCommunities("wide").build())),
                        "invalid community value, expected 16 bit value"),
                bgpConfig(c -> c.communities(List.of()).prefixAdvertisements(List.of(
                        PrefixAdvertisement.builder().cidr("10.0.0.0/8").addCommunities("undefined").build())),
                        "community used is invalid or not defined."),
                bgpConfig(c -> c.ignoredInterfaces(List.of("*")), TAG + "IgnoredInterfaces[0] because of Tag: ignoredInterface"),
                bgpConfig(c -> c.localWorkloadPeeringIPV4("fd00::1"), TAG + "LocalWorkloadPeeringIPV4 because of Tag: ipv4"),
                bgpConfig(c -> c.ipv4NormalRoutePriority(0), TAG + "IPv4NormalRoutePriority because of Tag: gte"),
                bgpConfig(c -> c.nodeToNodeMeshEnabled(false).nodeMeshPassword(password),
                        "spec.NodeMeshPassword cannot be set if spec.NodeToNodeMesh is disabled"),
                bgpConfig(c -> c.nodeToNodeMeshEnabled(false).nodeMeshMaxRestartTime(GoDuration.parse("120s")),
                        "spec.NodeMeshMaxRestartTime cannot be set if spec.NodeToNodeMesh is disabled"),
                // A per-node configuration may not carry the cluster-wide fields the default one sets.
                broken(validBgpConfigurations(), c -> c.withMetadata(ObjectMeta.named("node.node-1")),
                        "Cannot set ASNumber on a non default BGP Configuration.")));
    }

    private static Gen<Invalid> bgpConfig(UnaryOperator<BgpConfigurationSpec.Builder> how, String rule) {
        return broken(validBgpConfigurations(), c -> c.withSpec(how.apply(BgpConfigurationSpec.builder().from(c.spec())).build()), rule);
    }

    // ---- BGPFilter

    /**
     * BGP filters with up to three rules in each of exportV4, importV4, exportV6 and importV6.
     *
     * @return the {@code validBgpFilters} value
     */
    public static Gen<BgpFilter> validBgpFilters() {
        Gen<List<BgpFilterRule>> v4 = Gen.listOf(filterRules(4), 0, 3);
        Gen<List<BgpFilterRule>> v6 = Gen.listOf(filterRules(6), 0, 3);
        return names().flatMap(name -> v4.flatMap(exportV4 -> v4.flatMap(importV4 -> v6.flatMap(exportV6 -> v6.map(importV6 ->
                BgpFilter.builder().name(name).spec(BgpFilterSpec.builder().exportV4(exportV4).importV4(importV4)
                        .exportV6(exportV6).importV6(importV6).build()).build())))));
    }

    /**
     * One rule of the family: an action, and perhaps a network to match (strictly masked, with an operator and
     * perhaps a prefix-length range no shorter than the network), and perhaps the peers or interface it names.
     */
    private static Gen<BgpFilterRule> filterRules(int family) {
        int bits = family == 4 ? 32 : 128;
        Gen<Integer> lengths = family == 4 ? Gen.integers(16, 28) : Gen.integers(32, 112);
        return Gen.oneOf(List.of("Accept", "Reject")).flatMap(action -> Gen.integers(0, 2).flatMap(match -> Gen.integers(1, 250)
                .flatMap(n -> lengths.flatMap(len -> Gen.integers(len, bits).flatMap(min -> Gen.integers(min, bits).flatMap(max ->
                        Gen.oneOf(List.of("Equal", "NotEqual", "In", "NotIn")).flatMap(op -> Gen.integers(0, 2).map(origin -> {
                            BgpFilterRule.Builder r = BgpFilterRule.builder().action(action);
                            if (match > 0) {
                                r.cidr(family == 4 ? "10." + n + ".0.0/" + len : "fd00:" + Integer.toHexString(n) + "::/" + len).matchOperator(op);
                            }
                            if (match == 2) {
                                r.prefixLength(BgpFilterPrefixLength.builder().min(min).max(max).build());
                            }
                            if (origin == 1) {
                                r.source("RemotePeers");
                            } else if (origin == 2) {
                                r.iface(n % 2 == 0 ? "eth0" : "cali*");
                            }
                            return r.build();
                        }))))))));
    }

    /**
     * {@return a valid filter with one bad rule added, with Calico's reason}
     */
    public static Gen<Invalid> invalidBgpFilters() {
        JsonValue setPriority = JsonValue.parse("[{\"setPriority\":{\"value\":5}}]");
        JsonValue noOperation = JsonValue.parse("[{}]");
        return Gen.choose(List.of(
                filter(f -> f.addExportV4(rule("fd00::/64", "Equal", "Accept")), TAG + "CIDR because of Tag: netv4"),
                filter(f -> f.addImportV4(rule("10.0.0.1/16", "In", "Reject")), TAG + "CIDR because of Tag: netv4"),
                filter(f -> f.addExportV6(rule("fd00::1/64", "NotIn", "Accept")), TAG + "CIDR because of Tag: netv6"),
                filter(f -> f.addImportV6(rule("10.0.0.0/16", "Equal", "Reject")), TAG + "CIDR because of Tag: netv6"),
                filter(f -> f.addImportV4(rule("10.0.0.0/16", "Like", "Accept")), TAG + "MatchOperator because of Tag: matchOperator"),
                filter(f -> f.addExportV4(rule("", "", "Drop")), TAG + "Action because of Tag: filterAction"),
                filter(f -> f.addExportV6(rule("", "", "")), TAG + "Action because of Tag: required"),
                filter(f -> f.addImportV4(BgpFilterRule.builder().action("Accept").source("LocalPeers").build()),
                        TAG + "Source because of Tag: oneof"),
                filter(f -> f.addExportV4(BgpFilterRule.builder().action("Reject").iface("eth0/1").build()),
                        TAG + "Interface because of Tag: bgpFilterInterface"),
                filter(f -> f.addExportV4(BgpFilterRule.builder().from(rule("10.0.0.0/8", "In", "Accept"))
                        .prefixLength(BgpFilterPrefixLength.builder().min(8).max(33).build()).build()),
                        TAG + "Max because of Tag: bgpFilterPrefixLengthV4"),
                filter(f -> f.addImportV6(BgpFilterRule.builder().from(rule("fd00::/48", "In", "Accept"))
                        .prefixLength(BgpFilterPrefixLength.builder().min(129).build()).build()),
                        TAG + "Min because of Tag: bgpFilterPrefixLengthV6"),
                filter(f -> f.addImportV4(rule("10.0.0.0/16", "", "Accept")), "cidr and matchOperator must both be set or both be empty"),
                filter(f -> f.addExportV6(BgpFilterRule.builder().action("Accept")
                        .prefixLength(BgpFilterPrefixLength.builder().max(64).build()).build()), "cidr is required when prefixLength is set"),
                filter(f -> f.addExportV4(BgpFilterRule.builder().action("Reject").putExtra("operations", setPriority).build()),
                        "operations may only be used with action Accept"),
                filter(f -> f.addExportV4(BgpFilterRule.builder().action("Accept").putExtra("operations", noOperation).build()),
                        "exactly one operation must be set")));
    }

    private static BgpFilterRule rule(String cidr, String matchOperator, String action) {
        return BgpFilterRule.builder().cidr(cidr).matchOperator(matchOperator).action(action).build();
    }

    private static Gen<Invalid> filter(UnaryOperator<BgpFilterSpec.Builder> how, String rule) {
        return broken(validBgpFilters(), f -> f.withSpec(how.apply(BgpFilterSpec.builder().from(f.spec())).build()), rule);
    }

    // ---- FelixConfiguration

    /**
     * FelixConfigurations named {@code default}, {@code node.<node>} or otherwise (only those select nodes),
     * each setting any of the NAT-outgoing, route, encapsulation and external-node fields.
     *
     * @return the {@code validFelixConfigurations} value
     */
    public static Gen<FelixConfiguration> validFelixConfigurations() {
        Gen<Port> portRanges = Gen.integers(1, 65535).flatMap(min -> Gen.integers(min, 65535).map(max -> Port.range(min, max)));
        Gen<List<String>> externalNodes = Gen.listOf(Gen.integers(0, 255).map(a -> "172.16." + a + ".0/24"), 1, 3);
        Gen<FelixConfigurationSpec> specs = built(FelixConfigurationSpec::builder, FelixConfigurationSpec.Builder::build, List.of(
                sometimes(Gen.integers(1, 254).map(h -> "192.0.2." + h), (b, a) -> b.natOutgoingAddress(a)),
                sometimes(portRanges, (b, p) -> b.natPortRange(p)),
                sometimes(Gen.oneOf(List.of("eth0", "eth+", "ens3", "bond0.100")), (b, f) -> b.iptablesNATOutgoingInterfaceFilter(f)),
                sometimes(Gen.oneOf(List.of("IPPoolsOnly", "IPPoolsAndHostIPs")), (b, e) -> b.natOutgoingExclusions(e)),
                sometimes(Gen.oneOf(List.of("Enabled", "Disabled")), (b, e) -> b.programClusterRoutes(e)),
                sometimes(Gen.booleans(), (b, on) -> b.ipipEnabled(on)),
                sometimes(Gen.booleans(), (b, on) -> b.vxlanEnabled(on)),
                sometimes(Gen.oneOf(List.of("Drop", "Reject", "Disabled")), (b, m) -> b.serviceLoopPrevention(m)),
                sometimes(externalNodes, (b, l) -> b.externalNodesList(l))));
        return Gen.integers(0, 2).flatMap(naming -> Gen.identifiers(1, 8).flatMap(id -> Gen.booleans().flatMap(selects -> specs.map(s -> {
            if (naming == 0) {
                return FelixConfiguration.builder().name("default").spec(s).build();
            } else if (naming == 1) {
                return FelixConfiguration.builder().name("node.node-" + id).spec(s).build();
            }
            FelixConfigurationSpec spec = selects ? FelixConfigurationSpec.builder().from(s).nodeSelector("has(gpu)").build() : s;
            return FelixConfiguration.builder().name("r-" + id).spec(spec).build();
        }))));
    }

    /**
     * {@return a valid FelixConfiguration broken one way, with Calico's reason}
     */
    public static Gen<Invalid> invalidFelixConfigurations() {
        List<Port> eightRanges = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            eightRanges.add(Port.range(30000 + 100 * i, 30050 + 100 * i));
        }
        return Gen.choose(List.of(
                felix(f -> f.natOutgoingAddress("fd00::1"), "is not a valid IPv4 address"),
                felix(f -> f.natOutgoingAddress("1.2.3.4/32"), "natOutgoingAddress must be a valid IPv4 address"),
                felix(f -> f.natPortRange(Port.range(0, 1000)), "port range invalid, port number must be between 1 and 65535"),
                felix(f -> f.natOutgoingExclusions("ipPoolsOnly"), TAG + "NATOutgoingExclusions because of Tag: oneof"),
                felix(f -> f.iptablesNATOutgoingInterfaceFilter("eth0/*"), TAG + "IptablesNATOutgoingInterfaceFilter because of Tag: ifaceFilter"),
                felix(f -> f.programClusterRoutes("enabled"), "supported values: \"Enabled\", \"Disabled\""),
                felix(f -> f.serviceLoopPrevention("Ignore"), TAG + "ServiceLoopPrevention because of Tag: oneof"),
                felix(f -> f.externalNodesList(List.of("172.16.0.0/24", "fd00::/64")), "has invalid IPv6 CIDR"),
                felix(f -> f.externalNodesList(List.of("not-a-cidr")), "has invalid CIDR(s)"),
                felix(f -> f.iptablesBackend("nft"), TAG + "IptablesBackend because of Tag: iptablesBackend"),
                felix(f -> f.bpfExternalServiceMode("Foo"), TAG + "BPFExternalServiceMode because of Tag: bpfServiceMode"),
                felix(f -> f.deviceRouteSourceAddress("fd00::2"), "deviceRouteSourceAddress must be a valid IPv4 address"),
                felix(f -> f.kubeNodePortRanges(eightRanges), "node port ranges list is too long (max 7)"),
                felix(f -> f.kubeNodePortRanges(List.of(Port.named("http"))), "node port ranges should not contain named ports"),
                broken(validFelixConfigurations(), f -> FelixConfiguration.builder().name("default")
                        .spec(FelixConfigurationSpec.builder().from(f.spec()).nodeSelector("has(gpu)").build()).build(),
                        "nodeSelector must not be set on the 'default' or per-node ('node.*') FelixConfiguration")));
    }

    private static Gen<Invalid> felix(UnaryOperator<FelixConfigurationSpec.Builder> how, String rule) {
        return broken(validFelixConfigurations(), f -> f.withSpec(how.apply(FelixConfigurationSpec.builder().from(f.spec())).build()), rule);
    }

    // ---- Node

    /**
     * Nodes with an IPv4 address in 10.0.0.0/16 and optionally an AS number.
     *
     * @return the {@code validNodes} value
     */
    public static Gen<Node> validNodes() {
        return names().flatMap(name -> Gen.integers(1, 254).flatMap(host -> Gen.integers(0, 255).flatMap(third -> Gen.booleans().map(as -> {
            NodeBgpSpec.Builder b = NodeBgpSpec.builder().ipv4Address("10.0." + third + "." + host + "/16");
            if (as) {
                b.asNumber(AsNumber.of(64512 + host));
            }
            return Node.builder().name(name).spec(NodeSpec.builder().bgp(b.build()).build()).build();
        }))));
    }

    /**
     * {@return a valid node broken one way, with Calico's reason}
     */
    public static Gen<Invalid> invalidNodes() {
        return Gen.choose(List.of(
                nodeBgp(b -> b.ipv4Address("fd00::5/64"), TAG + "IPv4Address because of Tag: cidrv4"),
                nodeBgp(b -> b.ipv6Address("10.0.0.5/24"), TAG + "IPv6Address because of Tag: cidrv6"),
                nodeBgp(b -> b.ipv4IPIPTunnelAddr("10.0.0.1/32"), TAG + "IPv4IPIPTunnelAddr because of Tag: ipv4"),
                nodeBgp(b -> b.routeReflectorClusterID("abcdef"), TAG + "RouteReflectorClusterID because of Tag: ipv4"),
                node(s -> s.bgp(NodeBgpSpec.builder().build()), "Spec.BGP should not be empty"),
                node(s -> s.ipv4VXLANTunnelAddr("fd00::1"), TAG + "IPv4VXLANTunnelAddr because of Tag: ipv4"),
                node(s -> s.vxlanTunnelMACAddr("00:11:22"), TAG + "VXLANTunnelMACAddr because of Tag: mac"),
                node(s -> s.ipv6VXLANTunnelAddr("10.0.0.1"), TAG + "IPv6VXLANTunnelAddr because of Tag: ipv6"),
                broken(validNodes(), n -> n.withMetadata(ObjectMeta.named("Node_1")), BAD_NAME)));
    }

    private static Gen<Invalid> node(UnaryOperator<NodeSpec.Builder> how, String rule) {
        return broken(validNodes(), n -> n.withSpec(how.apply(NodeSpec.builder().from(n.spec())).build()), rule);
    }

    private static Gen<Invalid> nodeBgp(UnaryOperator<NodeBgpSpec.Builder> how, String rule) {
        return broken(validNodes(), n -> n.withSpec(NodeSpec.builder().from(n.spec())
                .bgp(how.apply(NodeBgpSpec.builder().from(n.spec().bgp().orElseThrow())).build()).build()), rule);
    }

    // ---- WorkloadEndpoint

    /**
     * Kubernetes WorkloadEndpoints with one /32 address and a derived name, sometimes with a profile and
     * a named port.
     *
     * @return the {@code validWorkloadEndpoints} value
     */
    public static Gen<WorkloadEndpoint> validWorkloadEndpoints() {
        return Gen.identifiers(1, 8).flatMap(pod -> Gen.integers(1, 254).flatMap(host -> Gen.booleans().flatMap(profile ->
                Gen.booleans().map(port -> {
                    WorkloadEndpointSpec.Builder s = WorkloadEndpointSpec.builder().orchestrator("k8s").node("node-1").pod(pod)
                            .endpoint("eth0").interfaceName("cali" + host).addIpNetworks("192.168.0." + host + "/32");
                    if (profile) {
                        s.addProfiles("kns.default");
                    }
                    if (port) {
                        s.addPorts(WorkloadEndpointPort.builder().name("http").protocol("TCP").port(8080).build());
                    }
                    return WorkloadEndpoint.builder().metadata(ObjectMeta.builder().namespace("default").build()).spec(s.build()).build();
                }))));
    }

    /**
     * {@return a valid workload endpoint broken one way, with Calico's reason}
     */
    public static Gen<Invalid> invalidWorkloadEndpoints() {
        return Gen.choose(List.of(
                wep(w -> w.node(""), "field should be assigned"),
                wep(w -> w.pod("-web"), "field must not begin with a '-'"),
                broken(validWorkloadEndpoints(), w -> w.withMetadata(w.metadata().withName("not-the-derived-name")),
                        "the WorkloadEndpoint name does not match the primary identifiers assigned in the Spec"),
                wep(w -> w.ipNetworks(List.of("192.168.0.0/24")), "IP network contains multiple addresses"),
                wep(w -> w.ipNetworks(List.of("192.168.0.7/24")), TAG + "IPNetworks[0] because of Tag: net"),
                wep(w -> w.ipv4Gateway("fd00::1"), "invalid IPv4 gateway address specified"),
                wep(w -> w.addIpNATs(IpNat.builder().internalIP("10.9.9.9").externalIP("203.0.113.9").build()),
                        "NAT is not in the endpoint networks"),
                wep(w -> w.ipNetworks(List.of("192.168.0.7/32")).addIpNATs(IpNat.builder().internalIP("192.168.0.7").externalIP("fd00::7").build()),
                        "mismatched IP versions"),
                wep(w -> w.interfaceName("cali0123456789abcdef"), TAG + "InterfaceName because of Tag: interface"),
                wep(w -> w.mac("00:11:22"), TAG + "MAC because of Tag: mac"),
                wep(w -> w.profiles(List.of("Kns_Default")), TAG + "Profiles[0] because of Tag: name"),
                wep(w -> w.ports(List.of(WorkloadEndpointPort.builder().name("ping").protocol("ICMP").port(8).build())),
                        "WorkloadEndpointPort protocol does not support ports."),
                wep(w -> w.allowSpoofedSourcePrefixes(List.of("10.0.0.0/33")), TAG + "AllowSpoofedSourcePrefixes[0] because of Tag: cidr")));
    }

    private static Gen<Invalid> wep(UnaryOperator<WorkloadEndpointSpec.Builder> how, String rule) {
        return broken(validWorkloadEndpoints(), w -> w.withSpec(how.apply(WorkloadEndpointSpec.builder().from(w.spec())).build()), rule);
    }

    // ---- HostEndpoint

    /**
     * HostEndpoints on one node, identified by an interface ({@code *} for all), expected IPs or both,
     * sometimes with a profile and named ports.
     *
     * @return the {@code validHostEndpoints} value
     */
    public static Gen<HostEndpoint> validHostEndpoints() {
        Gen<EndpointPort> ports = Gen.oneOf(List.of(port("ssh", "TCP", 22), port("bgp", "TCP", 179), port("dns", "UDP", 53),
                port("diameter", "SCTP", 3868)));
        return names().flatMap(name -> Gen.integers(1, 254).flatMap(host -> Gen.integers(0, 2).flatMap(identity ->
                Gen.oneOf(List.of("eth0", "ens3", "bond0.100", "*")).flatMap(iface -> Gen.booleans().flatMap(v6 ->
                        Gen.booleans().flatMap(profile -> Gen.listOf(ports, 0, 2).map(named -> {
                            HostEndpointSpec.Builder s = HostEndpointSpec.builder().node("node-" + host).ports(named);
                            if (identity != 1) {
                                s.interfaceName(iface);
                            }
                            if (identity != 0) {
                                s.addExpectedIPs("10.0.0." + host);
                                if (v6) {
                                    s.addExpectedIPs("fd00::" + Integer.toHexString(host));
                                }
                            }
                            if (profile) {
                                s.addProfiles("host-default");
                            }
                            return HostEndpoint.builder().name(name).spec(s.build()).build();
                        })))))));
    }

    private static EndpointPort port(String name, String protocol, int number) {
        return EndpointPort.builder().name(name).protocol(protocol).port(number).build();
    }

    /**
     * {@return a valid host endpoint broken one way, with Calico's reason}
     */
    public static Gen<Invalid> invalidHostEndpoints() {
        return Gen.choose(List.of(
                hep(h -> h.node(""), "no node has been specified"),
                hep(h -> h.interfaceName("").expectedIPs(List.of()), "no interface or expected IPs have been specified"),
                hep(h -> h.expectedIPs(List.of("10.0.0.300")), TAG + "ExpectedIPs[0] because of Tag: ip"),
                hep(h -> h.interfaceName("a-very-long-interface"), TAG + "InterfaceName because of Tag: interface"),
                hep(h -> h.node("Node_1"), TAG + "Node because of Tag: name"),
                hep(h -> h.profiles(List.of("Host_Default")), TAG + "Profiles[0] because of Tag: name"),
                hep(h -> h.ports(List.of(port("ping", "ICMP", 8))), "EndpointPort protocol does not support ports."),
                hep(h -> h.ports(List.of(port("SSH", "TCP", 22))), TAG + "Name because of Tag: portName"),
                hep(h -> h.ports(List.of(port("ssh", "TCP", 0))), TAG + "Port because of Tag: gt"),
                hep(h -> h.ports(List.of(port("web", "HTTP", 80))), "protocol name invalid"),
                broken(validHostEndpoints(), h -> h.withMetadata(h.metadata().withNamespace("default")), NOT_NAMESPACED)));
    }

    private static Gen<Invalid> hep(UnaryOperator<HostEndpointSpec.Builder> how, String rule) {
        return broken(validHostEndpoints(), h -> h.withSpec(how.apply(HostEndpointSpec.builder().from(h.spec())).build()), rule);
    }

    // ---- helpers

    private static Gen<String> names() {
        return Gen.identifiers(1, 10).map(s -> "r-" + s);
    }

    private static <R extends Resource> Gen<Invalid> broken(Gen<R> valid, Function<? super R, ? extends Resource> how, String rule) {
        return valid.map(r -> new Invalid(how.apply(r), rule));
    }

    /** A field set to a drawn value half the time (shrinking towards unset), as a step on a builder. */
    private static <B, T> Gen<Consumer<B>> sometimes(Gen<T> value, BiConsumer<B, T> set) {
        Gen<Consumer<B>> unset = Gen.constant(b -> {
        });
        Gen<Consumer<B>> drawn = value.map(v -> b -> set.accept(b, v));
        return Gen.booleans().flatMap(on -> on ? drawn : unset);
    }

    /** Draws every step, then applies them to a fresh builder: many optional fields without a flatMap per field. */
    private static <B, R> Gen<R> built(Supplier<B> builder, Function<B, R> build, List<Gen<Consumer<B>>> steps) {
        Gen<List<Consumer<B>>> all = Gen.constant(List.of());
        for (Gen<Consumer<B>> step : steps) {
            Gen<List<Consumer<B>>> before = all;
            all = before.flatMap(done -> step.map(next -> {
                List<Consumer<B>> more = new ArrayList<>(done);
                more.add(next);
                return more;
            }));
        }
        return all.map(done -> {
            B b = builder.get();
            done.forEach(step -> step.accept(b));
            return build.apply(b);
        });
    }
}
