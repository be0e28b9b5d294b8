package org.calico4j.model.internal;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.calico4j.model.BgpConfiguration;
import org.calico4j.model.BgpConfigurationSpec;
import org.calico4j.model.Community;
import org.calico4j.model.Kind;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.PrefixAdvertisement;
import org.calico4j.model.ServiceIpBlock;

final class BgpConfigurationCodec extends ResourceCodec<BgpConfiguration> {
    private static final List<String> SPEC = List.of("logSeverityScreen", "nodeToNodeMeshEnabled", "asNumber",
            "serviceLoadBalancerIPs", "serviceExternalIPs", "serviceClusterIPs", "communities",
            "prefixAdvertisements", "listenPort", "nodeMeshPassword", "nodeMeshMaxRestartTime", "bindMode",
            "ignoredInterfaces", "localWorkloadPeeringIPV4", "localWorkloadPeeringIPV6",
            "serviceLoadBalancerAggregation", "programClusterRoutes", "ipv4NormalRoutePriority",
            "ipv6NormalRoutePriority");

    BgpConfigurationCodec() {
        super(Kind.BGP_CONFIGURATION, false);
    }

    @Override
    protected BgpConfiguration decode(Fields top, ObjectMeta meta) {
        BgpConfigurationSpec spec = top.optObject("spec", goSpecType(), c -> {
            Fields f = c.fields(goSpec(), SPEC);
            BgpConfigurationSpec.Builder b = BgpConfigurationSpec.builder();
            b.logSeverityScreen(f.string("logSeverityScreen"))
                    .addAllServiceLoadBalancerIPs(blocks(f, "serviceLoadBalancerIPs", "ServiceLoadBalancerIPBlock"))
                    .addAllServiceExternalIPs(blocks(f, "serviceExternalIPs", "ServiceExternalIPBlock"))
                    .addAllServiceClusterIPs(blocks(f, "serviceClusterIPs", "ServiceClusterIPBlock"))
                    .addAllCommunities(f.objectList("communities", "[]v3.Community", x -> {
                        Fields cf = x.fields("Community", List.of("name", "value"));
                        return Community.builder().name(cf.string("name")).value(cf.string("value")).build();
                    }))
                    .addAllPrefixAdvertisements(f.objectList("prefixAdvertisements", "[]v3.PrefixAdvertisement", x -> {
                        Fields pf = x.fields("PrefixAdvertisement", List.of("cidr", "communities"));
                        return PrefixAdvertisement.builder().cidr(pf.string("cidr"))
                                .addAllCommunities(pf.stringList("communities", "[]string"))
                                .build();
                    }))
                    .listenPort(f.integer("listenPort", "uint16"))
                    .addAllIgnoredInterfaces(f.stringList("ignoredInterfaces", "[]string"))
                    .localWorkloadPeeringIPV4(f.string("localWorkloadPeeringIPV4"))
                    .localWorkloadPeeringIPV6(f.string("localWorkloadPeeringIPV6"));
            f.optBool("nodeToNodeMeshEnabled").ifPresent(b::nodeToNodeMeshEnabled);
            f.optAsNumber("asNumber").ifPresent(b::asNumber);
            f.optObject("nodeMeshPassword", "v3.BGPPassword", BgpPeerCodec.PasswordCodec::decode).ifPresent(b::nodeMeshPassword);
            f.optDuration("nodeMeshMaxRestartTime").ifPresent(b::nodeMeshMaxRestartTime);
            f.optString("bindMode").ifPresent(b::bindMode);
            f.optString("serviceLoadBalancerAggregation").ifPresent(b::serviceLoadBalancerAggregation);
            f.optString("programClusterRoutes").ifPresent(b::programClusterRoutes);
            f.optInt("ipv4NormalRoutePriority", "int").ifPresent(b::ipv4NormalRoutePriority);
            f.optInt("ipv6NormalRoutePriority", "int").ifPresent(b::ipv6NormalRoutePriority);
            return b.build();
        }).orElseGet(() -> BgpConfigurationSpec.builder().build());
        return BgpConfiguration.builder().metadata(meta).spec(spec).build();
    }

    private static List<ServiceIpBlock> blocks(Fields f, String field, String goStruct) {
        return f.objectList(field, "[]v3." + goStruct, x -> {
            Fields bf = x.fields(goStruct, List.of("cidr"));
            return ServiceIpBlock.builder().cidr(bf.string("cidr")).build();
        });
    }

    @Override
    protected void writeSpec(BgpConfiguration config, Out out) {
        BgpConfigurationSpec s = config.spec();
        out.str("logSeverityScreen", s.logSeverityScreen())
                .optBool("nodeToNodeMeshEnabled", s.nodeToNodeMeshEnabled())
                .optAsNumber("asNumber", s.asNumber())
                .list("serviceLoadBalancerIPs", s.serviceLoadBalancerIPs(), BgpConfigurationCodec::block)
                .list("serviceExternalIPs", s.serviceExternalIPs(), BgpConfigurationCodec::block)
                .list("serviceClusterIPs", s.serviceClusterIPs(), BgpConfigurationCodec::block)
                .list("communities", s.communities(), c -> Out.object().str("name", c.name()).str("value", c.value()).node())
                .list("prefixAdvertisements", s.prefixAdvertisements(), p -> {
                    ObjectNode n = Out.object().str("cidr", p.cidr()).node();
                    // communities has no omitempty in Calico's type, so it is always written.
                    p.communities().forEach(n.putArray("communities")::add);
                    return n;
                })
                .integer("listenPort", s.listenPort())
                .opt("nodeMeshPassword", s.nodeMeshPassword(), BgpPeerCodec.PasswordCodec::encode)
                .optDuration("nodeMeshMaxRestartTime", s.nodeMeshMaxRestartTime())
                .optStr("bindMode", s.bindMode())
                .strings("ignoredInterfaces", s.ignoredInterfaces())
                .str("localWorkloadPeeringIPV4", s.localWorkloadPeeringIPV4())
                .str("localWorkloadPeeringIPV6", s.localWorkloadPeeringIPV6())
                .optStr("serviceLoadBalancerAggregation", s.serviceLoadBalancerAggregation())
                .optStr("programClusterRoutes", s.programClusterRoutes())
                .optInt("ipv4NormalRoutePriority", s.ipv4NormalRoutePriority())
                .optInt("ipv6NormalRoutePriority", s.ipv6NormalRoutePriority());
    }

    private static ObjectNode block(ServiceIpBlock b) {
        return Out.object().str("cidr", b.cidr()).node();
    }
}
