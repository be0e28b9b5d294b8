package org.calico4j.benchmarks;

import java.util.concurrent.TimeUnit;

import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.testkit.SimulatedCluster;
import org.calico4j.testkit.Trace;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The simulated cluster: building and converging {@code nodes} nodes with 30 workloads each (full mesh,
 * IPIP pool) — time per cluster, retained heap printed — and traces per second on the built cluster.
 *
 * <pre>{@code
 * java -jar examples/benchmarks/target/benchmarks.jar SimulatedClusterBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
public class SimulatedClusterBenchmark {
    @Param({"25", "50", "100"})
    public int nodes;

    private SimulatedCluster cluster;
    private int next;

    static SimulatedCluster build(int nodes) {
        SimulatedCluster c = SimulatedCluster.create();
        c.client().ipPools().create(IpPool.builder().name("pool").spec(IpPoolSpec.builder().cidr("10.64.0.0/12").natOutgoing(true)
                .ipipMode("Always").build()).build());
        c.addHost("internet", "93.184.216.34");
        for (int n = 0; n < nodes; n++) {
            c.addNode("node-" + n, "172.16." + (n / 250) + "." + (n % 250 + 1) + "/16");
        }
        for (int n = 0; n < nodes; n++) {
            for (int w = 0; w < 30; w++) {
                c.addWorkload("w" + n + "-" + w, "node-" + n);
            }
        }
        c.awaitConverged();
        return c;
    }

    @Setup(Level.Trial)
    public void setup() {
        cluster = build(nodes);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long with = rt.totalMemory() - rt.freeMemory();
        cluster.close();
        cluster = null;
        System.gc();
        long without = rt.totalMemory() - rt.freeMemory();
        System.out.printf("%n  %d nodes x 30 workloads: the cluster retains %.1f MiB%n", nodes, (with - without) / 1048576.0);
    }

    /** Build and converge a whole cluster. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public void buildAndConverge() {
        build(nodes).close();
    }

    /** A pod-to-pod trace across nodes (IPIP) or to the internet (NAT), alternately. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 3, time = 2)
    public Trace trace() {
        int i = next++;
        String from = "w" + (i % nodes) + "-" + (i % 30);
        return i % 2 == 0 ? cluster.send(from, "w" + ((i + 1) % nodes) + "-0") : cluster.send(from, "internet");
    }
}
