package org.calico4j.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.calico4j.dataplane.bgp.BgpIntent;
import org.calico4j.dataplane.bgp.BgpIntents;
import org.calico4j.dataplane.bgp.BirdConfig;
import org.calico4j.dataplane.bgp.SecretResolver;
import org.calico4j.model.BgpConfiguration;
import org.calico4j.model.BgpConfigurationSpec;
import org.calico4j.model.BgpPeer;
import org.calico4j.model.BgpPeerSpec;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Node;
import org.calico4j.model.NodeBgpSpec;
import org.calico4j.model.NodeSpec;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.Resource;
import org.calico4j.model.ipam.AllocationAttribute;
import org.calico4j.model.ipam.IpamBlock;
import org.calico4j.model.net.Cidr;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * BGP intent and BIRD rendering for every node of a cluster, and how it grows: a full mesh of 250, 500
 * and 1,000 nodes (n−1 sessions each), and a route-reflector cluster (two reflectors, mesh off) of
 * 1,250, 2,500 and 5,000 nodes. One op = compute all intents + render every node's bird.conf.
 *
 * <pre>{@code
 * java -jar examples/benchmarks/target/benchmarks.jar BgpBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
public class BgpBenchmark {
    @Param({"mesh-250", "mesh-500", "mesh-1000", "rr-1250", "rr-2500", "rr-5000"})
    public String cluster;

    private List<Resource> resources;

    @Setup(Level.Trial)
    public void setup() {
        String[] p = cluster.split("-");
        boolean mesh = p[0].equals("mesh");
        int nodes = Integer.parseInt(p[1]);
        resources = new ArrayList<>();
        resources.add(IpPool.builder().name("pool").spec(IpPoolSpec.builder().cidr("10.64.0.0/12").blockSize(26).build()).build());
        resources.add(BgpConfiguration.builder().name("default").spec(BgpConfigurationSpec.builder().nodeToNodeMeshEnabled(mesh).build()).build());
        if (!mesh) {
            resources.add(BgpPeer.builder().name("to-rr").spec(BgpPeerSpec.builder().nodeSelector("all()")
                    .peerSelector("route-reflector == 'true'").build()).build());
        }
        for (int n = 0; n < nodes; n++) {
            String name = "node-" + n;
            boolean rr = !mesh && n < 2;
            NodeBgpSpec.Builder bgp = NodeBgpSpec.builder().ipv4Address("172.16." + (n / 250) + "." + (n % 250 + 1) + "/16");
            ObjectMeta.Builder meta = ObjectMeta.builder().name(name);
            if (rr) {
                bgp.routeReflectorClusterID("244.0.0.1");
                meta.putLabels("route-reflector", "true");
            }
            resources.add(Node.builder().metadata(meta.build()).spec(NodeSpec.builder().bgp(bgp.build()).build()).build());
            Cidr b = DataplaneBenchmark.block(n);
            int[] alloc = new int[64];
            Arrays.fill(alloc, IpamBlock.FREE);
            int[] free = new int[64];
            for (int i = 0; i < 64; i++) {
                free[i] = i;
            }
            resources.add(new IpamBlock(ObjectMeta.named(IpamBlock.nameFor(b)), b, "host:" + name, null, alloc, free,
                    List.<AllocationAttribute>of(), 1, Map.of(), false));
        }
    }

    @Benchmark
    public long computeAndRenderEveryNode() {
        Map<String, BgpIntent> intents = BgpIntents.compute(resources, SecretResolver.none());
        long chars = 0;
        for (BgpIntent i : intents.values()) {
            chars += BirdConfig.render(i).length();
        }
        return chars;
    }
}
