package org.calico4j.model.internal;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.calico4j.model.FelixConfiguration;
import org.calico4j.model.FelixConfigurationSpec;
import org.calico4j.model.Kind;
import org.calico4j.model.ObjectMeta;

final class FelixConfigurationCodec extends ResourceCodec<FelixConfiguration> {
    private static final List<String> TYPED = List.of("natOutgoingAddress", "natPortRange", "natOutgoingExclusions",
            "iptablesNATOutgoingInterfaceFilter", "ipipEnabled", "ipipMTU", "vxlanEnabled", "vxlanPort", "vxlanVNI",
            "vxlanMTU", "vxlanMTUV6", "bpfEnabled", "bpfExternalServiceMode", "bpfConnectTimeLoadBalancing",
            "bpfConnectTimeLoadBalancingEnabled", "bpfHostNetworkedNATWithoutCTLB", "bpfKubeProxyIptablesCleanupEnabled",
            "bpfPSNATPorts", "bpfDSROptoutCIDRs", "iptablesBackend", "nftablesMode", "kubeNodePortRanges",
            "externalNodesList", "serviceLoopPrevention", "floatingIPs", "ipForwarding", "programClusterRoutes", "deviceRouteSourceAddress",
            "deviceRouteSourceAddressIPv6", "nodeSelector");

    private final Schema schema;
    private final List<String> fields;
    private final List<String> extraFields;

    FelixConfigurationCodec(Schema schema) {
        super(Kind.FELIX_CONFIGURATION, false);
        this.schema = schema;
        List<String> all = new ArrayList<>(TYPED);
        List<String> extra = new ArrayList<>();
        for (String n : schema.propertyNames()) {
            if (!TYPED.contains(n)) {
                all.add(n);
                extra.add(n);
            }
        }
        this.fields = List.copyOf(all);
        this.extraFields = List.copyOf(extra);
    }

    @Override
    protected FelixConfiguration decode(Fields top, ObjectMeta meta) {
        FelixConfigurationSpec spec = top.optObject("spec", goSpecType(), c -> {
            Fields f = c.fields(goSpec(), fields);
            FelixConfigurationSpec.Builder b = FelixConfigurationSpec.builder();
            b.natOutgoingAddress(f.string("natOutgoingAddress"))
                    .iptablesNATOutgoingInterfaceFilter(f.string("iptablesNATOutgoingInterfaceFilter"))
                    .bpfExternalServiceMode(f.string("bpfExternalServiceMode"))
                    .addAllBpfDSROptoutCIDRs(f.stringList("bpfDSROptoutCIDRs", "[]string"))
                    .addAllKubeNodePortRanges(f.portList("kubeNodePortRanges"))
                    .addAllExternalNodesList(f.stringList("externalNodesList", "[]string"))
                    .deviceRouteSourceAddress(f.string("deviceRouteSourceAddress"))
                    .deviceRouteSourceAddressIPv6(f.string("deviceRouteSourceAddressIPv6"))
                    .nodeSelector(f.string("nodeSelector"));
            f.optPort("natPortRange").ifPresent(b::natPortRange);
            f.optString("natOutgoingExclusions").ifPresent(b::natOutgoingExclusions);
            f.optBool("ipipEnabled").ifPresent(b::ipipEnabled);
            f.optInt("ipipMTU", "int").ifPresent(b::ipipMTU);
            f.optBool("vxlanEnabled").ifPresent(b::vxlanEnabled);
            f.optInt("vxlanPort", "int").ifPresent(b::vxlanPort);
            f.optInt("vxlanVNI", "int").ifPresent(b::vxlanVNI);
            f.optInt("vxlanMTU", "int").ifPresent(b::vxlanMTU);
            f.optInt("vxlanMTUV6", "int").ifPresent(b::vxlanMTUV6);
            f.optBool("bpfEnabled").ifPresent(b::bpfEnabled);
            f.optString("bpfConnectTimeLoadBalancing").ifPresent(b::bpfConnectTimeLoadBalancing);
            f.optBool("bpfConnectTimeLoadBalancingEnabled").ifPresent(b::bpfConnectTimeLoadBalancingEnabled);
            f.optString("bpfHostNetworkedNATWithoutCTLB").ifPresent(b::bpfHostNetworkedNATWithoutCTLB);
            f.optBool("bpfKubeProxyIptablesCleanupEnabled").ifPresent(b::bpfKubeProxyIptablesCleanupEnabled);
            f.optPort("bpfPSNATPorts").ifPresent(b::bpfPSNATPorts);
            f.optString("iptablesBackend").ifPresent(b::iptablesBackend);
            f.optString("nftablesMode").ifPresent(b::nftablesMode);
            f.optString("serviceLoopPrevention").ifPresent(b::serviceLoopPrevention);
            f.optString("floatingIPs").ifPresent(b::floatingIPs);
            f.optString("ipForwarding").ifPresent(b::ipForwarding);
            f.optString("programClusterRoutes").ifPresent(b::programClusterRoutes);
            b.putAllExtra(schema.decodeExtra(f, extraFields, goSpec()));
            return b.build();
        }).orElseGet(() -> FelixConfigurationSpec.builder().build());
        return FelixConfiguration.builder().metadata(meta).spec(spec).build();
    }

    @Override
    protected void writeSpec(FelixConfiguration config, Out out) {
        FelixConfigurationSpec s = config.spec();
        out.str("natOutgoingAddress", s.natOutgoingAddress())
                .optPort("natPortRange", s.natPortRange())
                .optStr("natOutgoingExclusions", s.natOutgoingExclusions())
                .str("iptablesNATOutgoingInterfaceFilter", s.iptablesNATOutgoingInterfaceFilter())
                .optBool("ipipEnabled", s.ipipEnabled())
                .optInt("ipipMTU", s.ipipMTU())
                .optBool("vxlanEnabled", s.vxlanEnabled())
                .optInt("vxlanPort", s.vxlanPort())
                .optInt("vxlanVNI", s.vxlanVNI())
                .optInt("vxlanMTU", s.vxlanMTU())
                .optInt("vxlanMTUV6", s.vxlanMTUV6())
                .optBool("bpfEnabled", s.bpfEnabled())
                .str("bpfExternalServiceMode", s.bpfExternalServiceMode())
                .optStr("bpfConnectTimeLoadBalancing", s.bpfConnectTimeLoadBalancing())
                .optBool("bpfConnectTimeLoadBalancingEnabled", s.bpfConnectTimeLoadBalancingEnabled())
                .optStr("bpfHostNetworkedNATWithoutCTLB", s.bpfHostNetworkedNATWithoutCTLB())
                .optBool("bpfKubeProxyIptablesCleanupEnabled", s.bpfKubeProxyIptablesCleanupEnabled())
                .optPort("bpfPSNATPorts", s.bpfPSNATPorts())
                .strings("bpfDSROptoutCIDRs", s.bpfDSROptoutCIDRs())
                .optStr("iptablesBackend", s.iptablesBackend())
                .optStr("nftablesMode", s.nftablesMode())
                .ports("kubeNodePortRanges", s.kubeNodePortRanges())
                .strings("externalNodesList", s.externalNodesList())
                .optStr("serviceLoopPrevention", s.serviceLoopPrevention())
                .optStr("floatingIPs", s.floatingIPs())
                .optStr("ipForwarding", s.ipForwarding())
                .optStr("programClusterRoutes", s.programClusterRoutes())
                .str("deviceRouteSourceAddress", s.deviceRouteSourceAddress())
                .str("deviceRouteSourceAddressIPv6", s.deviceRouteSourceAddressIPv6())
                .str("nodeSelector", s.nodeSelector())
                .extra(s.extra());
    }
}
