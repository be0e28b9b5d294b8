package org.calico4j.model.internal;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.calico4j.model.BgpPassword;
import org.calico4j.model.BgpPeer;
import org.calico4j.model.BgpPeerSpec;
import org.calico4j.model.Kind;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.SecretKeyRef;

final class BgpPeerCodec extends ResourceCodec<BgpPeer> {
    private static final List<String> SPEC = List.of("node", "peerIP", "asNumber", "nodeSelector", "peerSelector",
            "keepOriginalNextHop", "password", "sourceAddress", "maxRestartTime", "numAllowedLocalASNumbers",
            "ttlSecurity", "reachableBy", "filters", "localWorkloadSelector", "nextHopMode", "localASNumber",
            "reversePeering", "keepaliveTime");

    BgpPeerCodec() {
        super(Kind.BGP_PEER, false);
    }

    @Override
    protected BgpPeer decode(Fields top, ObjectMeta meta) {
        BgpPeerSpec spec = top.optObject("spec", goSpecType(), c -> {
            Fields f = c.fields(goSpec(), SPEC);
            BgpPeerSpec.Builder b = BgpPeerSpec.builder();
            b.node(f.string("node"))
                    .peerIP(f.string("peerIP"))
                    .nodeSelector(f.string("nodeSelector"))
                    .peerSelector(f.string("peerSelector"))
                    .keepOriginalNextHop(f.bool("keepOriginalNextHop"))
                    .sourceAddress(f.string("sourceAddress"))
                    .reachableBy(f.string("reachableBy"))
                    .addAllFilters(f.stringList("filters", "[]string"))
                    .localWorkloadSelector(f.string("localWorkloadSelector"));
            // A zero AS number is Go's "unset" and is never written back.
            f.optAsNumber("asNumber").filter(a -> a.value() != 0).ifPresent(b::asNumber);
            f.optObject("password", "v3.BGPPassword", PasswordCodec::decode).ifPresent(b::password);
            f.optDuration("maxRestartTime").ifPresent(b::maxRestartTime);
            f.optInt("numAllowedLocalASNumbers", "int32").ifPresent(b::numAllowedLocalASNumbers);
            f.optInt("ttlSecurity", "uint8").ifPresent(b::ttlSecurity);
            f.optString("nextHopMode").ifPresent(b::nextHopMode);
            f.optAsNumber("localASNumber").ifPresent(b::localASNumber);
            f.optString("reversePeering").ifPresent(b::reversePeering);
            f.optDuration("keepaliveTime").ifPresent(b::keepaliveTime);
            return b.build();
        }).orElseGet(() -> BgpPeerSpec.builder().build());
        return BgpPeer.builder().metadata(meta).spec(spec).build();
    }

    @Override
    protected void writeSpec(BgpPeer peer, Out out) {
        BgpPeerSpec s = peer.spec();
        out.str("node", s.node())
                .str("peerIP", s.peerIP())
                .optAsNumber("asNumber", s.asNumber())
                .str("nodeSelector", s.nodeSelector())
                .str("peerSelector", s.peerSelector())
                .bool("keepOriginalNextHop", s.keepOriginalNextHop())
                .opt("password", s.password(), PasswordCodec::encode)
                .str("sourceAddress", s.sourceAddress())
                .optDuration("maxRestartTime", s.maxRestartTime())
                .optInt("numAllowedLocalASNumbers", s.numAllowedLocalASNumbers())
                .optInt("ttlSecurity", s.ttlSecurity())
                .str("reachableBy", s.reachableBy())
                .strings("filters", s.filters())
                .str("localWorkloadSelector", s.localWorkloadSelector())
                .optStr("nextHopMode", s.nextHopMode())
                .optAsNumber("localASNumber", s.localASNumber())
                .optStr("reversePeering", s.reversePeering())
                .optDuration("keepaliveTime", s.keepaliveTime());
    }

    /** {@code BGPPassword} and its {@code SecretKeySelector}, shared with BGPConfiguration. */
    static final class PasswordCodec {
        private PasswordCodec() {
        }

        static BgpPassword decode(Fields.NestedContext c) {
            Fields f = c.fields("BGPPassword", List.of("secretKeyRef"));
            BgpPassword.Builder b = BgpPassword.builder();
            f.optObject("secretKeyRef", "v1.SecretKeySelector", k -> {
                Fields kf = k.fields("SecretKeySelector", List.of("name", "key", "optional"));
                SecretKeyRef.Builder rb = SecretKeyRef.builder().name(kf.string("name")).key(kf.string("key"));
                kf.optBool("optional").ifPresent(rb::optional);
                return rb.build();
            }).ifPresent(b::secretKeyRef);
            return b.build();
        }

        static ObjectNode encode(BgpPassword p) {
            return Out.object().opt("secretKeyRef", p.secretKeyRef(), r -> Out.object()
                    .str("name", r.name()).str("key", r.key()).optBool("optional", r.optional()).node()).node();
        }
    }
}
