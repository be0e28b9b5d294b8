package org.calico4j.consumer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;

import inet.ipaddr.IPAddress;

import org.calico4j.client.CalicoClient;
import org.calico4j.dataplane.NodeAgent;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.Verdict;
import org.calico4j.dataplane.bgp.BgpIntents;
import org.calico4j.dataplane.bgp.SecretResolver;
import org.calico4j.dataplane.memory.MemoryDataplane;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Node;
import org.calico4j.model.NodeBgpSpec;
import org.calico4j.model.NodeSpec;
import org.calico4j.model.manifest.Manifest;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.selector.Selector;
import org.calico4j.model.validation.Validator;
import org.calico4j.testkit.SimulatedCluster;
import org.calico4j.testkit.Trace;
import org.calico4j.testkit.junit.CalicoTestkit;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Touches an entry point of every calico4j module and prints one line per result, for
 * {@code ModularConsumerTest} to compare on the module path and on the class path.
 *
 * <pre>{@code
 * java --module-path ... -m org.calico4j.consumer/org.calico4j.consumer.Main [etcd://127.0.0.1:2379]
 * }</pre>
 */
public final class Main {
    private Main() {
    }

    /**
     * Runs every step; the optional argument is an etcd URI to store a pool in as well.
     *
     * @param args {@code [etcd-uri]}
     * @throws Exception when a step fails, which the test sees as a non-zero exit
     */
    public static void main(String[] args) throws Exception {
        for (String line : run(args.length > 0 ? args[0] : null)) {
            System.out.println(line);
        }
    }

    static List<String> run(String etcd) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        out.add("layer: " + (Main.class.getModule().isNamed() ? "module " + Main.class.getModule().getName() : "class path"));

        // sdk-model, with Jackson's and IPAddress's types through requires transitive.
        IpPool pool = Validator.standard().validate(IpPool.builder().name("pool-1")
                .spec(IpPoolSpec.builder().cidr("192.168.0.0/16").natOutgoing(true).build()).build());
        ObjectNode json = Manifest.toJsonTree(pool);
        IPAddress net = Cidr.parse("192.168.0.0/16").toIpAddress();
        IpPool back = (IpPool) Manifest.parse(Manifest.of(pool).toYaml()).resources().get(0);
        out.add("model: blockSize " + json.path("spec").path("blockSize").asInt() + ", prefix " + net.getNetworkPrefixLength()
                + ", yaml round trip " + back.equals(pool) + ", selector " + Selector.parse("rack in {'r1'}").matches(Map.of("rack", "r1")));

        // sdk-client: the memory: and file: datastores, found by ServiceLoader through the client's `uses`.
        Path dir = Files.createTempDirectory("c4j-consumer");
        try {
            for (String uri : etcd == null ? List.of("memory:", "file:" + dir.resolve("store"))
                    : List.of("memory:", "file:" + dir.resolve("store"), etcd)) {
                try (CalicoClient client = CalicoClient.connect(uri)) {
                    client.ipPools().create(pool);
                    out.add("client " + uri.substring(0, uri.indexOf(':')) + ": " + client.ipPools().list().items().size() + " pool");
                    if (uri.startsWith("etcd")) {
                        client.ipPools().withName("pool-1").delete();
                    }
                }
            }
        } finally {
            // The file store's directory, deepest entries first.
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }

        // sdk-dataplane: a NodeAgent keeping a MemoryDataplane current; BGP intent.
        try (CalicoClient client = CalicoClient.inMemory()) {
            Node node = client.nodes().create(Node.builder().name("node-1")
                    .spec(NodeSpec.builder().bgp(NodeBgpSpec.builder().ipv4Address("10.0.0.11/24").build()).build()).build());
            client.ipPools().create(pool);
            try (MemoryDataplane dp = new MemoryDataplane("node-1");
                 NodeAgent agent = NodeAgent.builder().client(client).node("node-1").dataplane(dp).start()) {
                agent.awaitRevision(client.datastore().revision(), Duration.ofSeconds(10));
                Verdict v = dp.evaluate(Packet.tcp("192.168.1.5", "93.184.216.34", 443));
                out.add("dataplane: " + v.action() + " seen as " + v.sourceSeen() + ", error " + agent.lastError());
            }
            out.add("bgp: intents for " + BgpIntents.compute(List.of(node, pool), SecretResolver.none()).keySet());
        }

        // sdk-testkit, whose annotations carry JUnit's @ExtendWith through requires transitive.
        try (SimulatedCluster cluster = SimulatedCluster.create()) {
            cluster.addNode("n1", "10.0.0.11/24").addHost("internet", "93.184.216.34");
            cluster.client().ipPools().create(pool);
            cluster.addWorkload("web-0", "n1");
            Trace t = cluster.send("web-0", "internet");
            out.add("testkit: delivered " + t.delivered() + ", seen as " + t.sourceSeenAtDestination()
                    + ", extension " + CalicoTestkit.class.getAnnotation(ExtendWith.class).value()[0].getSimpleName());
        }
        return out;
    }
}
