package org.calico4j.model.internal;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.calico4j.model.IpNat;
import org.calico4j.model.Kind;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.WorkloadEndpoint;
import org.calico4j.model.WorkloadEndpointPort;
import org.calico4j.model.WorkloadEndpointSpec;

final class WorkloadEndpointCodec extends ResourceCodec<WorkloadEndpoint> {
    private static final List<String> SPEC = List.of("orchestrator", "workload", "node", "containerID", "pod", "endpoint",
            "serviceAccountName", "ipNetworks", "ipNATs", "ipv4Gateway", "ipv6Gateway", "profiles", "interfaceName", "mac",
            "ports", "allowSpoofedSourcePrefixes", "qosControls");

    WorkloadEndpointCodec() {
        super(Kind.WORKLOAD_ENDPOINT, false);
    }

    @Override
    protected WorkloadEndpoint decode(Fields top, ObjectMeta meta) {
        WorkloadEndpointSpec spec = top.optObject("spec", goSpecType(), c -> {
            Fields f = c.fields(goSpec(), SPEC);
            WorkloadEndpointSpec.Builder b = WorkloadEndpointSpec.builder()
                    .orchestrator(f.string("orchestrator")).workload(f.string("workload")).node(f.string("node"))
                    .containerID(f.string("containerID")).pod(f.string("pod")).endpoint(f.string("endpoint"))
                    .serviceAccountName(f.string("serviceAccountName"))
                    .addAllIpNetworks(f.stringList("ipNetworks", "[]string"))
                    .addAllIpNATs(f.objectList("ipNATs", "[]v3.IPNAT", x -> {
                        Fields nf = x.fields("IPNAT", List.of("internalIP", "externalIP"));
                        return IpNat.builder().internalIP(nf.string("internalIP")).externalIP(nf.string("externalIP")).build();
                    }))
                    .ipv4Gateway(f.string("ipv4Gateway")).ipv6Gateway(f.string("ipv6Gateway"))
                    .addAllProfiles(f.stringList("profiles", "[]string"))
                    .interfaceName(f.string("interfaceName")).mac(f.string("mac"))
                    .addAllPorts(f.objectList("ports", "[]v3.WorkloadEndpointPort", x -> {
                        Fields pf = x.fields("WorkloadEndpointPort", List.of("name", "protocol", "port", "hostPort", "hostIP"));
                        return WorkloadEndpointPort.builder().name(pf.string("name")).protocol(pf.protocol("protocol"))
                                .port(pf.integer("port", "uint16")).hostPort(pf.integer("hostPort", "uint16"))
                                .hostIP(pf.string("hostIP")).build();
                    }))
                    .addAllAllowSpoofedSourcePrefixes(f.stringList("allowSpoofedSourcePrefixes", "[]string"));
            f.optJson("qosControls").ifPresent(b::qosControls);
            return b.build();
        }).orElseGet(() -> WorkloadEndpointSpec.builder().build());
        return WorkloadEndpoint.builder().metadata(meta).spec(spec).build();
    }

    @Override
    protected void writeSpec(WorkloadEndpoint w, Out out) {
        WorkloadEndpointSpec s = w.spec();
        out.str("orchestrator", s.orchestrator()).str("workload", s.workload()).str("node", s.node())
                .str("containerID", s.containerID()).str("pod", s.pod()).str("endpoint", s.endpoint())
                .str("serviceAccountName", s.serviceAccountName()).strings("ipNetworks", s.ipNetworks())
                .list("ipNATs", s.ipNATs(), n -> {
                    ObjectNode o = Out.object().node();
                    o.put("internalIP", n.internalIP());
                    o.put("externalIP", n.externalIP());
                    return o;
                })
                .str("ipv4Gateway", s.ipv4Gateway()).str("ipv6Gateway", s.ipv6Gateway())
                .strings("profiles", s.profiles()).str("interfaceName", s.interfaceName()).str("mac", s.mac())
                .list("ports", s.ports(), p -> {
                    ObjectNode o = Out.object().node();
                    o.put("name", p.name());
                    EndpointProtocols.put(o, p.protocol());
                    o.put("port", p.port());
                    o.put("hostPort", p.hostPort());
                    o.put("hostIP", p.hostIP());
                    return o;
                })
                .strings("allowSpoofedSourcePrefixes", s.allowSpoofedSourcePrefixes())
                .json("qosControls", s.qosControls());
    }
}
