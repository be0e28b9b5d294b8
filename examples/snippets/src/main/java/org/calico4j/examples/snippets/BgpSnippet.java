package org.calico4j.examples.snippets;

// tag::imports[]
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.calico4j.client.CalicoClient;
import org.calico4j.dataplane.NodeAgent;
import org.calico4j.dataplane.bgp.BgpIntent;
import org.calico4j.dataplane.bgp.BgpIntents;
import org.calico4j.dataplane.bgp.BirdConfig;
import org.calico4j.dataplane.bgp.BirdController;
import org.calico4j.dataplane.bgp.SecretResolver;
import org.calico4j.dataplane.memory.MemoryDataplane;
import org.calico4j.model.Kind;
import org.calico4j.model.Resource;
// end::imports[]

/** The README's BGP snippet. */
public final class BgpSnippet {
    private BgpSnippet() {
    }

    // tag::render[]
    static String birdConf(CalicoClient client, SecretResolver secrets) {   // e.g. SecretResolver.of(Map.of("bgp/tor", "s3cret"))
        List<Resource> resources = new ArrayList<>();                       // everything confd reads
        for (Kind kind : List.of(Kind.NODE, Kind.IP_POOL, Kind.BGP_CONFIGURATION, Kind.BGP_PEER, Kind.BGP_FILTER)) {
            resources.addAll(client.resources(kind).list().items());
        }
        resources.addAll(client.ipam().blocks());                           // the node's blocks become its routes
        Map<String, BgpIntent> intents = BgpIntents.compute(resources, secrets);
        BgpIntent node1 = intents.get("node-1");                            // null for a node that has no Node resource
        node1.family(4).sessions();                                         // Mesh_10_0_0_12 (passive), Global_10_0_0_1 ...
        return BirdConfig.render(node1);
    }
    // end::render[]

    // tag::run[]
    static void runBird(CalicoClient client, MemoryDataplane dp, SecretResolver secrets) throws InterruptedException {
        try (BirdController bird = BirdController.in(Path.of("/run/calico4j/bird")).build()) {   // root, bird2 installed
            bird.apply(birdConf(client, secrets));     // bird -p, atomic 0600 write, start or birdc configure
            bird.protocols();                          // [Global_10_0_0_1 BGP up Established ...]
            try (NodeAgent agent = NodeAgent.builder().client(client).node("node-1").dataplane(dp).bird(bird, secrets).start()) {
                agent.awaitRevision(client.datastore().revision(), Duration.ofSeconds(5));   // from now on bird.conf follows every change
            }
        }
    }
    // end::run[]

    /**
     * Runs the rendering half of the snippet.
     *
     * @param client  a client with node-1 and the resources BGP reads
     * @param secrets the BGP passwords
     * @return node-1's bird.conf
     */
    public static String render(CalicoClient client, SecretResolver secrets) {
        return birdConf(client, secrets);
    }

    /**
     * Runs the BIRD half of the snippet: starts BIRD in {@code /run/calico4j/bird} on this host.
     *
     * @param client  a client with node-1 and the resources BGP reads
     * @param dp      node-1's dataplane
     * @param secrets the BGP passwords
     * @throws InterruptedException when interrupted while the agent converges
     */
    public static void run(CalicoClient client, MemoryDataplane dp, SecretResolver secrets) throws InterruptedException {
        runBird(client, dp, secrets);
    }
}
