package org.calico4j.examples.snippets;

// tag::imports[]
import java.time.Duration;

import org.calico4j.client.CalicoClient;
import org.calico4j.dataplane.NodeAgent;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.Verdict;
import org.calico4j.dataplane.memory.MemoryDataplane;
import org.calico4j.model.Node;
import org.calico4j.model.NodeBgpSpec;
import org.calico4j.model.NodeSpec;
// end::imports[]

/** The README's NodeAgent snippet. */
public final class NodeAgentSnippet {
    private NodeAgentSnippet() {
    }

    // tag::code[]
    static Verdict egress(CalicoClient client) throws InterruptedException {   // with the quickstart's pool created
        // The node first: its address is what natOutgoing masquerades to.
        client.nodes().create(Node.builder().name("node-1")
                .spec(NodeSpec.builder().bgp(NodeBgpSpec.builder().ipv4Address("10.0.0.11/24").build()).build()).build());
        try (MemoryDataplane dp = new MemoryDataplane("node-1");
             NodeAgent agent = NodeAgent.builder().client(client).node("node-1").dataplane(dp).start()) {
            if (!agent.awaitRevision(client.datastore().revision(), Duration.ofSeconds(5)) || agent.lastError() != null) {
                throw new IllegalStateException("node-1 did not converge: " + agent.problems(), agent.lastError());
            }
            Verdict v = dp.evaluate(Packet.tcp("192.168.1.5", "93.184.216.34", 443));
            v.action();       // FORWARD
            v.sourceSeen();   // 10.0.0.11: natOutgoing masqueraded it to the node's address
            v.reason();       // "... cali-nat-outgoing: source is in a natOutgoing pool, destination outside every pool: MASQUERADE to 10.0.0.11"
            return v;
        }
    }
    // end::code[]

    /**
     * Runs the snippet.
     *
     * @param client a client with the quickstart's pool
     * @return the verdict for the pod's packet to the internet
     * @throws InterruptedException when interrupted while the agent converges
     */
    public static Verdict run(CalicoClient client) throws InterruptedException {
        return egress(client);
    }
}
