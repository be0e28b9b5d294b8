package org.calico4j.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.calico4j.client.spi.ResourceKey;
import org.calico4j.dataplane.DataplaneDelta;
import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.RouteInfo;
import org.calico4j.dataplane.Verdict;
import org.calico4j.dataplane.calc.Calculation;
import org.calico4j.dataplane.memory.MemoryDataplane;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Node;
import org.calico4j.model.NodeBgpSpec;
import org.calico4j.model.NodeSpec;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.Resource;
import org.calico4j.model.WorkloadEndpoint;
import org.calico4j.model.WorkloadEndpointSpec;
import org.calico4j.model.ipam.AllocationAttribute;
import org.calico4j.model.ipam.IpamBlock;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
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
 * The calculation and the in-memory dataplane at cluster scale, side by side in one run: 5,000 nodes by default,
 * one /26 block each, 30 workloads per node (150,000 WorkloadEndpoints), one /12 pool. For node-0:
 * a full recompute from every input against one pool change through the incremental calculation
 * (natOutgoing toggled: IP sets only; encapsulation toggled Always/CrossSubnet: every block's route);
 * and packet verdicts per second against the bare longest-prefix lookup on the same route table.
 *
 * <pre>{@code
 * java -jar examples/benchmarks/target/benchmarks.jar DataplaneBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
public class DataplaneBenchmark {
    static final int PODS = 30;

    /** The cluster's nodes ({@code -p nodes=500,2500,5000} for goal 7's curve); node-0's table grows with them. */
    @Param({"5000"})
    public int nodes;

    private List<Resource> all;
    private Calculation calc;
    private IpPool pool;
    private IpPool poolNoNat;
    private IpPool poolCrossSubnet;
    private boolean natFlip;
    private boolean encapFlip;
    private MemoryDataplane dp;
    private Packet[] packets;
    private IpAddress[] destinations;
    private int next;

    static Cidr block(int node) {
        return Cidr.parse("10." + (64 + node / 1024) + "." + (node % 1024 / 4) + "." + (node % 4 * 64) + "/26");
    }

    /** The whole cluster's inputs. */
    static List<Resource> cluster(int nodes) {
        List<Resource> out = new ArrayList<>();
        IpPool p = IpPool.builder().name("pool").spec(IpPoolSpec.builder().cidr("10.64.0.0/12").blockSize(26).natOutgoing(true)
                .ipipMode("Always").build()).build();
        out.add(p);
        for (int n = 0; n < nodes; n++) {
            String name = "node-" + n;
            out.add(Node.builder().name(name).spec(NodeSpec.builder().bgp(NodeBgpSpec.builder()
                    .ipv4Address("172.16." + (n / 250) + "." + (n % 250 + 1) + "/24").build()).build()).build());
            Cidr b = block(n);
            int[] alloc = new int[64];
            Arrays.fill(alloc, IpamBlock.FREE);
            int[] free = new int[64 - PODS];
            for (int i = 0; i < 64; i++) {
                if (i < PODS) {
                    alloc[i] = 0;
                } else {
                    free[i - PODS] = i;
                }
            }
            out.add(new IpamBlock(ObjectMeta.named(IpamBlock.nameFor(b)), b, "host:" + name, null, alloc, free,
                    List.of(AllocationAttribute.of(null, Map.of("node", name))), 1, Map.of(), false));
            for (int i = 0; i < PODS; i++) {
                out.add(WorkloadEndpoint.builder().metadata(ObjectMeta.builder().namespace("default")
                        .name(name + "-k8s-pod--" + i + "-eth0").build()).spec(WorkloadEndpointSpec.builder().orchestrator("k8s")
                        .node(name).pod("pod-" + i).endpoint("eth0").interfaceName("cali" + i)
                        .addIpNetworks(b.addressAt(i) + "/32").build()).build());
            }
        }
        return out;
    }

    @Setup(Level.Trial)
    public void setup() {
        all = cluster(nodes);
        pool = (IpPool) all.get(0);
        poolNoNat = pool.withSpec(IpPoolSpec.builder().from(pool.spec()).natOutgoing(false).build());
        poolCrossSubnet = pool.withSpec(IpPoolSpec.builder().from(pool.spec()).ipipMode("CrossSubnet").build());
        calc = new Calculation("node-0");
        for (Resource r : all) {
            calc.update(ResourceKey.of(r), r);
        }
        DataplaneState s = calc.state();
        dp = new MemoryDataplane("node-0");
        dp.resync(s);
        java.util.Random rnd = new java.util.Random(1);
        packets = new Packet[4096];
        destinations = new IpAddress[4096];
        for (int i = 0; i < packets.length; i++) {
            IpAddress src = block(0).addressAt(rnd.nextInt(PODS));
            IpAddress dst = rnd.nextBoolean() ? block(1 + rnd.nextInt(nodes - 1)).addressAt(rnd.nextInt(PODS))
                    : IpAddress.parse("93.184." + rnd.nextInt(256) + "." + rnd.nextInt(256));
            packets[i] = new Packet(src, dst, Packet.Protocol.TCP, 443);
            destinations[i] = dst;
        }
        System.out.printf("%n  node-0: %d routes, %d local workloads, from %d inputs%n", s.routes().size(), s.workloads().size(), all.size());
    }

    /** Everything again from scratch: what a full resync of node-0 costs. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public DataplaneState fullRecompute() {
        return Calculation.compute("node-0", all);
    }

    /** One pool's natOutgoing toggled through the incremental calculation. */
    @Benchmark
    public DataplaneDelta poolNatOutgoingChange() {
        natFlip = !natFlip;
        return calc.update(ResourceKey.of(pool), natFlip ? poolNoNat : pool);
    }

    /** One pool's ipipMode toggled Always/CrossSubnet: every one of its 5,000 blocks' routes is revisited. */
    @Benchmark
    public DataplaneDelta poolEncapsulationChange() {
        encapFlip = !encapFlip;
        return calc.update(ResourceKey.of(pool), encapFlip ? poolCrossSubnet : pool);
    }

    /** A packet verdict: classification, route, NAT-outgoing and encapsulation decisions. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Verdict evaluate() {
        return dp.evaluate(packets[next++ & 4095]);
    }

    /** The floor: the bare longest-prefix match on the same route table. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public RouteInfo bareLookup() {
        return dp.lookup(destinations[next++ & 4095]);
    }
}
