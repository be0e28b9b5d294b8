package org.calico4j.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.calico4j.client.spi.Versioned;
import org.calico4j.dataplane.LearnedRoutes;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.PacketEvaluator;
import org.calico4j.dataplane.Verdict;
import org.calico4j.dataplane.calc.ClusterCalculation;
import org.calico4j.dataplane.memory.MemoryDataplane;
import org.calico4j.model.BgpConfiguration;
import org.calico4j.model.BgpConfigurationSpec;
import org.calico4j.model.BgpPeer;
import org.calico4j.model.BgpPeerSpec;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Kind;
import org.calico4j.model.NodeBgpSpec;
import org.calico4j.model.NodeSpec;
import org.calico4j.model.Resource;
import org.calico4j.model.net.AsNumber;
import org.calico4j.model.net.IpAddress;
import org.calico4j.testkit.SimulatedCluster;
import org.calico4j.testkit.Trace;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The simulated cluster at scale: {@code nodes} nodes with 30 workloads each, an IPIP pool with
 * NAT-outgoing, a ToR router and an internet host; BGP as a full node-to-node mesh (every node also
 * peering with the ToR) or with three route-reflector nodes (clients peer with them, they with the
 * ToR). {@link #buildAndConverge} times building through the client and IPAM, the dataplane
 * calculation catching up, and the BGP fabric computing the ToR's routes; the setup prints each
 * phase and the heap the cluster retains. {@link #trace} measures traces per second on a built
 * cluster, against {@link #singleNodeVerdict} (one verdict on one node's in-memory dataplane) and
 * {@link #sharedCalculationVerdict} (a verdict as a trace's node hop computes it), and {@link #tracesThenTheirVerdicts}
 * against the very verdicts they contain. All run in a fixed, pre-touched heap: in a heap that grows, allocation past
 * the pages touched so far faults every new page in (traces ran at 70 k/s between two collections and at 500 k/s after
 * each; a 5,000-node mesh built in 25 s instead of 11 s).
 *
 * <pre>{@code
 * java -jar examples/benchmarks/target/benchmarks.jar SimulatedClusterBenchmark -p nodes=1000,5000
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms8g", "-Xmx8g", "-Xmn2g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC"})
public class SimulatedClusterBenchmark {
    @Param({"1000", "5000"})
    public int nodes;

    @Param({"mesh", "rr"})
    public String bgp;

    private SimulatedCluster cluster;
    private MemoryDataplane node0;
    private ClusterCalculation shared;
    private LearnedRoutes learned;
    private String[] senders;
    private Packet[] sent;
    private Packet[] packets;
    private String[] containedNodes;
    private Packet[] contained;
    /** Where the i-th trace's verdicts start in {@link #contained}. */
    private final int[] hopStart = new int[4097];
    private int next;
    private long traceNanos;
    private long verdictNanos;
    private long tracesTimed;
    private long verdictsTimed;
    private final List<Double> ratios = new ArrayList<>();

    /** Builds, converges and computes the ToR's routes; prints the phases when {@code report}. */
    static SimulatedCluster build(int nodes, String bgp, boolean report) {
        long t0 = System.nanoTime();
        SimulatedCluster c = SimulatedCluster.create();
        c.client().ipPools().create(IpPool.builder().name("pool").spec(IpPoolSpec.builder().cidr("10.64.0.0/12").natOutgoing(true)
                .ipipMode("Always").build()).build());
        c.addHost("internet", "93.184.216.34").addRouter("tor", "172.16.255.254", 65001);
        boolean rr = bgp.equals("rr");
        c.client().bgpConfigurations().create(BgpConfiguration.builder().name("default")
                .spec(BgpConfigurationSpec.builder().nodeToNodeMeshEnabled(!rr).build()).build());
        for (int n = 0; n < nodes; n++) {
            boolean reflector = rr && n < 3;
            c.addNode("node-" + n, "172.16." + (n / 250) + "." + (n % 250 + 1) + "/16",
                    reflector ? Map.of("route-reflector", "true") : Map.of(), null);
            if (reflector) {
                c.client().nodes().withName("node-" + n).edit(x -> x.withSpec(NodeSpec.builder().from(x.spec())
                        .bgp(NodeBgpSpec.builder().from(x.spec().bgp().orElseThrow()).routeReflectorClusterID("244.0.0.1").build()).build()));
            }
        }
        if (rr) {
            c.client().bgpPeers().create(BgpPeer.builder().name("to-rr").spec(BgpPeerSpec.builder().nodeSelector("all()")
                    .peerSelector("route-reflector == 'true'").build()).build());
            c.client().bgpPeers().create(BgpPeer.builder().name("rr-tor").spec(BgpPeerSpec.builder().nodeSelector("has(route-reflector)")
                    .peerIP("172.16.255.254").asNumber(AsNumber.of(65001)).build()).build());
        } else {
            c.client().bgpPeers().create(BgpPeer.builder().name("tor").spec(BgpPeerSpec.builder().peerIP("172.16.255.254")
                    .asNumber(AsNumber.of(65001)).build()).build());
        }
        for (int n = 0; n < nodes; n++) {
            for (int w = 0; w < 30; w++) {
                c.addWorkload("w" + n + "-" + w, "node-" + n);
            }
        }
        long t1 = System.nanoTime();
        c.awaitConverged();
        long t2 = System.nanoTime();
        int torRoutes = c.routerRoutes("tor").size();
        long sessions = c.bgpSessionsUp();
        long t3 = System.nanoTime();
        if (torRoutes < nodes) {
            throw new IllegalStateException("the ToR learned " + torRoutes + " routes for " + nodes + " nodes");
        }
        if (report) {
            System.out.printf("%n  %d nodes (%s): build %.2f s, dataplane converge %.2f s, BGP %.2f s (%d sessions, ToR %d routes)%n",
                    nodes, bgp, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, sessions, torRoutes);
        }
        return c;
    }

    @Setup(Level.Trial)
    public void setup() {
        cluster = build(nodes, bgp, true);
        node0 = cluster.dataplane("node-0");
        // From node-0's workloads to a workload anywhere in the cluster or to the internet, as the traces go: the
        // verdicts touch as much of the cluster's state as the traces' node hops do, not one remote block only.
        java.util.Random rnd = new java.util.Random(1);
        packets = new Packet[4096];
        for (int i = 0; i < packets.length; i++) {
            packets[i] = new Packet(cluster.addressOf("w0-" + rnd.nextInt(30)), rnd.nextBoolean()
                    ? cluster.addressOf("w" + (1 + rnd.nextInt(nodes - 1)) + "-" + rnd.nextInt(30)) : cluster.addressOf("internet"),
                    Packet.Protocol.TCP, 80);
        }
        // The same node's tables as a trace reads them: answered by one calculation shared by every node, with
        // the routes BIRD programs only where the cluster's BGP delivered them.
        List<Resource> all = new ArrayList<>();
        for (Kind k : Kind.values()) {
            for (Versioned v : cluster.client().datastore().list(k, 0).items()) {
                all.add(v.value());
            }
        }
        learned = cluster.learnedRoutes();
        shared = ClusterCalculation.of(all);
        // A trace's first node hop: from a workload on a random node to a workload anywhere or to the internet.
        senders = new String[4096];
        sent = new Packet[4096];
        for (int i = 0; i < sent.length; i++) {
            int n = rnd.nextInt(nodes);
            senders[i] = "node-" + n;
            sent[i] = new Packet(cluster.addressOf("w" + n + "-" + rnd.nextInt(30)), rnd.nextBoolean()
                    ? cluster.addressOf("w" + rnd.nextInt(nodes) + "-" + rnd.nextInt(30)) : cluster.addressOf("internet"),
                    Packet.Protocol.TCP, 80);
        }
        // The verdicts the traces contain: each node hop of the first 4,096 traces, the packet as it arrives there
        // (its source rewritten where a hop before it SNATed it).
        List<String> hopNodes = new ArrayList<>();
        List<Packet> hopPackets = new ArrayList<>();
        for (int i = 0; i < 4096; i++) {
            hopStart[i] = hopNodes.size();
            String[] ft = traceEnds(i);
            IpAddress src = cluster.addressOf(ft[0]);
            IpAddress dst = cluster.addressOf(ft[1]);
            for (Trace.Hop h : cluster.send(ft[0], ft[1]).hops()) {
                if (h.at().startsWith("node-")) {
                    hopNodes.add(h.at());
                    hopPackets.add(new Packet(src, dst, Packet.Protocol.TCP, 80));
                }
                if (h.snatTo() != null) {
                    src = h.snatTo();
                }
            }
        }
        hopStart[4096] = hopNodes.size();
        containedNodes = hopNodes.toArray(new String[0]);
        contained = hopPackets.toArray(new Packet[0]);
        System.out.printf("  node hops (verdicts) per trace: %.3f%n", contained.length / 4096.0);
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.printf("  heap in use with the cluster built: %.1f MiB%n", (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ratioMedian();
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long with = rt.totalMemory() - rt.freeMemory();
        cluster.close();
        cluster = null;
        node0.close();
        node0 = null;
        // Everything that reaches into the cluster (the learned-routes view holds its BGP fabric), so that it is all freed.
        shared = null;
        learned = null;
        System.gc();
        long without = rt.totalMemory() - rt.freeMemory();
        System.out.printf("%n  %d nodes x 30 workloads (%s): the cluster retains %.1f MiB%n", nodes, bgp, (with - without) / 1048576.0);
    }

    /** Build and converge a whole cluster (dataplanes and the ToR's BGP routes). */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    @Fork(value = 1, jvmArgsAppend = {"-Xms8g", "-Xmx8g", "-Xmn2g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC"})
    public void buildAndConverge() {
        build(nodes, bgp, false).close();
    }

    /** The floor: one verdict on one node's in-memory dataplane (a snapshot of node-0), same kinds of packets. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-Xmn1g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC"})
    public Verdict singleNodeVerdict() {
        return node0.evaluate(packets[next++ & 4095]);
    }

    /**
     * One verdict as a trace's node hop computes it: on a random node, from one of its workloads, on the shared
     * calculation's view of that node (routes computed on each lookup, no table per node) with the routes BIRD
     * programs only where BGP delivered them.
     */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-Xmn1g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC"})
    public Verdict sharedCalculationVerdict() {
        int i = next++ & 4095;
        String node = senders[i];
        return PacketEvaluator.evaluate(learned.kernelTables(shared.tables(node), node), sent[i]);
    }

    /**
     * The verdicts the traces contain, one per call: each node hop of {@link #trace}'s first 4,096 traces, on that node's
     * view of the shared calculation, the packet as it arrives there. A trace's cost over its verdicts is {@code
     * trace time / (node hops per trace (printed by the setup) x this benchmark's time)}.
     */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-Xmn1g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC"})
    public Verdict containedVerdict() {
        int i = next++;
        if (i >= contained.length) {
            i = 0;
            next = 1;
        }
        String node = containedNodes[i];
        return PacketEvaluator.evaluate(learned.kernelTables(shared.tables(node), node), contained[i]);
    }

    /**
     * Traces against the verdicts they contain, interleaved in one loop so that both see the same machine: 64 traces
     * (as {@link #trace}), then the node-hop verdicts of 64 other traces (as {@link #containedVerdict}; another batch, so
     * that neither warms the other's nodes), each timed apart. Each measurement iteration prints a trace's time over the
     * time of the verdicts it contains (node hops per trace x one verdict's time); the trial prints their median.
     *
     * @param bh where the results go
     */
    @Benchmark
    @OperationsPerInvocation(64)
    @Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-Xmn1g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC"})
    public void tracesThenTheirVerdicts(Blackhole bh) {
        int t0 = (next++ * 64) & 4095;
        int v0 = (t0 + 2048) & 4095;
        long a0 = System.nanoTime();
        for (int i = t0; i < t0 + 64; i++) {
            String[] ft = traceEnds(i);
            bh.consume(cluster.send(ft[0], ft[1]));
        }
        long a1 = System.nanoTime();
        for (int j = hopStart[v0]; j < hopStart[v0 + 64]; j++) {
            String node = containedNodes[j];
            bh.consume(PacketEvaluator.evaluate(learned.kernelTables(shared.tables(node), node), contained[j]));
        }
        long a2 = System.nanoTime();
        traceNanos += a1 - a0;
        verdictNanos += a2 - a1;
        tracesTimed += 64;
        verdictsTimed += hopStart[v0 + 64] - hopStart[v0];
    }

    @TearDown(Level.Iteration)
    public void iterationDone(IterationParams params) {
        if (tracesTimed > 0 && params.getType() == IterationType.MEASUREMENT) {
            double trace = traceNanos / (double) tracesTimed;
            double verdict = verdictNanos / (double) verdictsTimed;
            double ratio = trace / (verdict * contained.length / 4096.0);
            ratios.add(ratio);
            System.out.printf("  a trace %.0f ns, a verdict it contains %.0f ns, %.3f verdicts per trace: trace / its verdicts %.2fx%n",
                    trace, verdict, contained.length / 4096.0, ratio);
        }
        traceNanos = 0;
        verdictNanos = 0;
        tracesTimed = 0;
        verdictsTimed = 0;
    }

    private void ratioMedian() {
        if (!ratios.isEmpty()) {
            List<Double> r = new ArrayList<>(ratios);
            r.sort(null);
            System.out.printf("%n  trace / the verdicts it contains, median of %d iterations: %.2fx (range %.2fx to %.2fx)%n",
                    r.size(), r.get(r.size() / 2), r.get(0), r.get(r.size() - 1));
        }
    }

    /** A pod-to-pod trace across nodes (IPIP), to the internet (NAT), or from the internet through the ToR, in turn. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-Xmn1g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC"})
    public Trace trace() {
        String[] ft = traceEnds(next++);
        return cluster.send(ft[0], ft[1]);
    }

    /** The i-th trace's sender and destination: workload to workload, workload to the internet, the internet to a workload. */
    private String[] traceEnds(int i) {
        String w = "w" + Math.floorMod(i * 7919, nodes) + "-" + (i % 30);
        switch (Math.floorMod(i, 3)) {
            case 0:
                return new String[] {w, "w" + Math.floorMod(i * 104729 + 1, nodes) + "-0"};
            case 1:
                return new String[] {w, "internet"};
            default:
                return new String[] {"internet", w};
        }
    }
}
