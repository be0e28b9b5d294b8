package org.calico4j.model.internal;

import java.util.EnumMap;
import java.util.Map;

import org.calico4j.model.Kind;
import org.calico4j.model.Resource;

/** The codec of each kind, and the schemas they and the validator share. */
public final class Codecs {
    private static final Map<Kind, Schema> SCHEMAS = new EnumMap<>(Kind.class);
    private static final Map<Kind, ResourceCodec<?>> CODECS = new EnumMap<>(Kind.class);

    static {
        SCHEMAS.put(Kind.IP_POOL, Schema.load("IPPool", "ippool"));
        SCHEMAS.put(Kind.BGP_PEER, Schema.load("BGPPeer", "bgppeer"));
        SCHEMAS.put(Kind.BGP_CONFIGURATION, Schema.load("BGPConfiguration", "bgpconfiguration"));
        SCHEMAS.put(Kind.BGP_FILTER, Schema.load("BGPFilter", "bgpfilter"));
        SCHEMAS.put(Kind.FELIX_CONFIGURATION, Schema.load("FelixConfiguration", "felixconfiguration"));
        SCHEMAS.put(Kind.IP_RESERVATION, Schema.load("IPReservation", "ipreservation"));
        SCHEMAS.put(Kind.NODE, Schema.load("Node", "node"));
        CODECS.put(Kind.IP_POOL, new IpPoolCodec());
        CODECS.put(Kind.BGP_PEER, new BgpPeerCodec());
        CODECS.put(Kind.BGP_CONFIGURATION, new BgpConfigurationCodec());
        CODECS.put(Kind.BGP_FILTER, new BgpFilterCodec(SCHEMAS.get(Kind.BGP_FILTER)));
        CODECS.put(Kind.FELIX_CONFIGURATION, new FelixConfigurationCodec(SCHEMAS.get(Kind.FELIX_CONFIGURATION)));
        CODECS.put(Kind.IP_RESERVATION, new IpReservationCodec());
        CODECS.put(Kind.NODE, new NodeCodec(SCHEMAS.get(Kind.NODE)));
        CODECS.put(Kind.WORKLOAD_ENDPOINT, new WorkloadEndpointCodec());
        CODECS.put(Kind.HOST_ENDPOINT, new HostEndpointCodec());
    }

    private Codecs() {
    }

    public static ResourceCodec<?> forKind(Kind kind) {
        return CODECS.get(kind);
    }

    public static Schema schema(Kind kind) {
        return SCHEMAS.get(kind);
    }

    public static com.fasterxml.jackson.databind.node.ObjectNode encode(Resource r) {
        if (r.kind().isInternal()) {
            throw new IllegalArgumentException(r.kind().kindName() + " is an IPAM record with no manifest form"
                    + " (its stored JSON is IpamJson.encode)");
        }
        return CODECS.get(r.kind()).encodeAny(r);
    }
}
