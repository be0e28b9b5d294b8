package org.calico4j.model;

import java.util.List;
import java.util.Random;

import org.calico4j.model.net.AsNumber;
import org.calico4j.model.net.Port;

/**
 * Seeded random resources of every kind for property tests. Values are drawn from small pools
 * of plausible and odd spellings, so that writing and reading back exercises every field.
 */
public final class RandomResources {
    private static final String[] NAMES = {"a", "pool-1", "ippool-ext-1", "x.y.z", "node.node1", "default", "rr-2"};
    private static final String[] STRINGS = {"", "a", "Always", "never", "10.0.0.0/16", "fd00::/64", "all()",
            "rack == \"r1\"", "x: y", "- dash", "'quoted'", "\"dq\"", "yes", "on", "1.5", "0x1F", "63400:30", "#hash",
            "tab\there", "line\nbreak", "ünïcödé", "{braces}", "[brackets]", "trailing ", " leading", "null", "~"};
    private static final String[] CIDRS = {"10.0.0.0/16", "192.168.0.0/24", "fd00:1::/64", "1.2.3.4/32", "0.0.0.0/0"};

    private final Random r;

    public RandomResources(long seed) {
        this.r = new Random(seed);
    }

    private String s() {
        return STRINGS[r.nextInt(STRINGS.length)];
    }

    private boolean b() {
        return r.nextBoolean();
    }

    private List<String> list() {
        int n = r.nextInt(3);
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = s();
        }
        return List.of(out);
    }

    private ObjectMeta meta() {
        ObjectMeta.Builder b = ObjectMeta.builder().name(NAMES[r.nextInt(NAMES.length)]);
        if (b()) {
            b.putLabels("k" + r.nextInt(5), s());
        }
        if (b()) {
            b.putAnnotations("note", s());
        }
        if (r.nextInt(4) == 0) {
            b.resourceVersion(Integer.toString(r.nextInt(1000))).uid("uid-" + r.nextInt(100));
        }
        return b.build();
    }

    public Resource any() {
        switch (r.nextInt(7)) {
            case 0: return ipPool();
            case 1: return bgpPeer();
            case 2: return bgpConfiguration();
            case 3: return felix();
            case 4: return node();
            case 5: return reservation();
            default: return filter();
        }
    }

    public IpPool ipPool() {
        IpPoolSpec.Builder s = IpPoolSpec.builder().cidr(b() ? CIDRS[r.nextInt(CIDRS.length)] : s())
                .natOutgoing(b()).disabled(b()).disableBGPExport(b()).blockSize(r.nextInt(4) == 0 ? 0 : r.nextInt(129))
                .ipipMode(s()).vxlanMode(s()).nodeSelector(s()).namespaceSelector(s()).addAllAllowedUses(list());
        if (b()) {
            s.assignmentMode(s());
        }
        return IpPool.builder().metadata(meta()).spec(s.build()).build();
    }

    public BgpPeer bgpPeer() {
        BgpPeerSpec.Builder s = BgpPeerSpec.builder().node(s()).peerIP(s()).nodeSelector(s()).peerSelector(s())
                .keepOriginalNextHop(b()).sourceAddress(s()).reachableBy(s()).addAllFilters(list())
                .localWorkloadSelector(s());
        if (b()) {
            s.asNumber(AsNumber.of(1 + (r.nextLong() & 0x7FFF_FFFFL)));
        }
        if (b()) {
            s.password(BgpPassword.builder().secretKeyRef(SecretKeyRef.builder().name(s()).key(s()).build()).build());
        }
        if (b()) {
            s.maxRestartTime(GoDuration.ofNanos(r.nextInt(1_000_000) * 1_000_000L));
        }
        if (b()) {
            s.ttlSecurity(r.nextInt(256)).numAllowedLocalASNumbers(r.nextInt(10)).nextHopMode(s()).reversePeering(s());
        }
        return BgpPeer.builder().metadata(meta()).spec(s.build()).build();
    }

    public BgpConfiguration bgpConfiguration() {
        BgpConfigurationSpec.Builder s = BgpConfigurationSpec.builder().logSeverityScreen(s())
                .listenPort(r.nextInt(65536)).addAllIgnoredInterfaces(list())
                .localWorkloadPeeringIPV4(s()).localWorkloadPeeringIPV6(s());
        if (b()) {
            s.nodeToNodeMeshEnabled(b()).asNumber(AsNumber.of(r.nextInt(100000)));
        }
        if (b()) {
            s.addServiceClusterIPs(ServiceIpBlock.builder().cidr(s()).build())
                    .addCommunities(Community.builder().name(s()).value(s()).build())
                    .addPrefixAdvertisements(PrefixAdvertisement.builder().cidr(s()).addCommunities(s()).build());
        }
        if (b()) {
            s.nodeMeshMaxRestartTime(GoDuration.ofNanos(r.nextInt(100_000) * 1_000_000_000L)).bindMode(s())
                    .ipv4NormalRoutePriority(r.nextInt());
        }
        return BgpConfiguration.builder().metadata(meta()).spec(s.build()).build();
    }

    public FelixConfiguration felix() {
        FelixConfigurationSpec.Builder s = FelixConfigurationSpec.builder().natOutgoingAddress(s())
                .iptablesNATOutgoingInterfaceFilter(s()).bpfExternalServiceMode(s()).nodeSelector(s());
        if (b()) {
            s.natPortRange(b() ? Port.of(r.nextInt(65536)) : Port.range(100, 100 + r.nextInt(1000)));
        }
        if (b()) {
            s.vxlanEnabled(b()).vxlanPort(r.nextInt(100000)).vxlanVNI(r.nextInt()).ipipMTU(r.nextInt(9000))
                    .iptablesBackend(s()).floatingIPs(s()).addKubeNodePortRanges(Port.range(30000, 32767));
        }
        if (b()) {
            s.putExtra("logSeverityScreen", JsonValue.parse("\"Info\""))
                    .putExtra("routeTableRanges", JsonValue.parse("[{\"min\": 1, \"max\": 250}]"));
        }
        return FelixConfiguration.builder().metadata(meta()).spec(s.build()).build();
    }

    public Node node() {
        NodeSpec.Builder s = NodeSpec.builder().ipv4VXLANTunnelAddr(s()).vxlanTunnelMACAddr(s());
        if (b()) {
            s.bgp(NodeBgpSpec.builder().ipv4Address(s()).ipv6Address(s()).routeReflectorClusterID(s()).build());
        }
        if (b()) {
            s.putExtra("orchRefs", JsonValue.parse("[{\"nodeName\": \"n1\", \"orchestrator\": \"k8s\"}]"));
        }
        return Node.builder().metadata(meta()).spec(s.build()).build();
    }

    public IpReservation reservation() {
        return IpReservation.builder().metadata(meta()).spec(IpReservationSpec.builder().addAllReservedCIDRs(list()).build()).build();
    }

    public BgpFilter filter() {
        BgpFilterRule.Builder rule = BgpFilterRule.builder().cidr(s()).matchOperator(s()).action(s()).iface(s()).source(s());
        if (b()) {
            rule.prefixLength(BgpFilterPrefixLength.builder().min(r.nextInt(33)).max(r.nextInt(33)).build());
        }
        return BgpFilter.builder().metadata(meta()).spec(BgpFilterSpec.builder().addExportV4(rule.build()).build()).build();
    }
}
