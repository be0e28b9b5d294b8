package org.calico4j.examples.snippets;

// tag::imports[]
import java.util.Map;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.cni.CniRequest;
import org.calico4j.model.WorkloadEndpoint;
// end::imports[]

/** The README's CNI and calico-node snippet. */
public final class CniSnippet {
    private CniSnippet() {
    }

    // tag::code[]
    static WorkloadEndpoint startAndStopPod(CalicoClient client) {   // with node-1 and a pool labelled tier=web
        client.nodeTunnels().reconcile("node-1");    // IPIP / VXLAN tunnel addresses (and VTEP MAC) its pools call for
        WorkloadEndpoint wep = client.cni().add(CniRequest.pod("node-1", "default", "web-0")
                .poolSelector("tier == 'web'").labels(Map.of("app", "web")));   // addresses + WorkloadEndpoint, all or nothing
        client.cni().delete(CniRequest.pod("node-1", "default", "web-0"));     // both undone
        return wep;
    }
    // end::code[]

    /**
     * Runs the snippet.
     *
     * @param client a client with node-1 and a pool labelled {@code tier=web}
     * @return the endpoint the CNI step created (and then deleted)
     */
    public static WorkloadEndpoint run(CalicoClient client) {
        return startAndStopPod(client);
    }
}
