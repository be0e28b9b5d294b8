package org.calico4j.model.internal;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.calico4j.model.EndpointPort;
import org.calico4j.model.HostEndpoint;
import org.calico4j.model.HostEndpointSpec;
import org.calico4j.model.Kind;
import org.calico4j.model.ObjectMeta;

final class HostEndpointCodec extends ResourceCodec<HostEndpoint> {
    HostEndpointCodec() {
        super(Kind.HOST_ENDPOINT, false);
    }

    @Override
    protected HostEndpoint decode(Fields top, ObjectMeta meta) {
        HostEndpointSpec spec = top.optObject("spec", goSpecType(), c -> {
            Fields f = c.fields(goSpec(), List.of("node", "interfaceName", "expectedIPs", "profiles", "ports"));
            return HostEndpointSpec.builder().node(f.string("node")).interfaceName(f.string("interfaceName"))
                    .addAllExpectedIPs(f.stringList("expectedIPs", "[]string"))
                    .addAllProfiles(f.stringList("profiles", "[]string"))
                    .addAllPorts(f.objectList("ports", "[]v3.EndpointPort", x -> {
                        Fields pf = x.fields("EndpointPort", List.of("name", "protocol", "port"));
                        return EndpointPort.builder().name(pf.string("name")).protocol(pf.protocol("protocol"))
                                .port(pf.integer("port", "uint16")).build();
                    }))
                    .build();
        }).orElseGet(() -> HostEndpointSpec.builder().build());
        return HostEndpoint.builder().metadata(meta).spec(spec).build();
    }

    @Override
    protected void writeSpec(HostEndpoint h, Out out) {
        HostEndpointSpec s = h.spec();
        out.str("node", s.node()).str("interfaceName", s.interfaceName())
                .strings("expectedIPs", s.expectedIPs()).strings("profiles", s.profiles())
                .list("ports", s.ports(), p -> {
                    ObjectNode o = Out.object().node();
                    o.put("name", p.name());
                    EndpointProtocols.put(o, p.protocol());
                    o.put("port", p.port());
                    return o;
                });
    }
}
