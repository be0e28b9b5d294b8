package org.calico4j.benchmarks;

import java.util.concurrent.TimeUnit;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.ipam.AutoAssignRequest;
import org.calico4j.client.ipam.Ipam;
import org.calico4j.client.memory.MemoryDatastore;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Node;
import org.calico4j.model.NodeSpec;
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
 * A cluster's worth of allocation in memory: {@code nodes} nodes each allocating 30 pod addresses one
 * request at a time (as a CNI plugin would), from a /12 pool of /26 blocks, so every node claims its
 * own block. Time per whole cluster; the heap the IPAM state retains is printed after each iteration.
 *
 * <pre>{@code
 * java -jar examples/benchmarks/target/benchmarks.jar IpamScaleBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class IpamScaleBenchmark {
    @Param({"1000", "5000"})
    public int nodes;

    private MemoryDatastore ds;
    private CalicoClient client;
    private Ipam ipam;

    @Setup(Level.Iteration)
    public void cluster() {
        ds = MemoryDatastore.create();
        client = CalicoClient.builder().datastore(ds).build();
        ipam = client.ipam();
        for (int i = 0; i < nodes; i++) {
            client.nodes().create(Node.builder().name("node-" + i).spec(NodeSpec.builder().build()).build());
        }
        client.ipPools().create(IpPool.builder().name("pool").spec(IpPoolSpec.builder().cidr("10.0.0.0/12").build()).build());
    }

    @TearDown(Level.Iteration)
    public void report() {
        long before = usedAfterGc();
        int blocks = ipam.blocks().size();
        client.close();
        ds.close();
        ds = null;
        client = null;
        ipam = null;
        long after = usedAfterGc();
        System.out.printf("%n  %d nodes x 30 addresses: %d blocks; the store with its IPAM state retains %.1f MiB%n",
                nodes, blocks, (before - after) / 1048576.0);
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    @Benchmark
    public int allocate30PerNode() {
        int n = 0;
        for (int pod = 0; pod < 30; pod++) {
            for (int i = 0; i < nodes; i++) {
                n += ipam.autoAssign(AutoAssignRequest.forHost("node-" + i).ipv4(1).handle("pod-" + i + "-" + pod)).ipv4().size();
            }
        }
        if (n != nodes * 30) {
            throw new IllegalStateException("allocated " + n);
        }
        return n;
    }
}
