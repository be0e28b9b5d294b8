package org.calico4j.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.etcd.EtcdDatastore;
import org.calico4j.client.etcd.EtcdOptions;
import org.calico4j.client.ipam.AutoAssignRequest;
import org.calico4j.client.ipam.Ipam;
import org.calico4j.client.memory.MemoryDatastore;
import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Versioned;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Node;
import org.calico4j.model.NodeSpec;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * IPAM allocation rates on memory and on a real etcd (Debian's, on loopback), side by side in one run:
 * one address assigned and released again per operation (so the store stays in a steady state), by one
 * thread, and by four threads on one host contending for the same block; and the floor, one
 * compare-and-swap rewrite of a block through the Datastore SPI (what any allocation must at least do).
 *
 * <pre>{@code
 * java -jar examples/benchmarks/target/benchmarks.jar IpamBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IpamBenchmark {
    @Param({"memory", "etcd"})
    public String store;

    private LocalEtcd etcd;
    private Datastore ds;
    private CalicoClient client;
    private Ipam ipam;
    private ResourceKey floorKey;
    private final AtomicLong handles = new AtomicLong();

    @Setup(Level.Trial)
    public void setup() throws Exception {
        if (store.equals("etcd")) {
            etcd = LocalEtcd.start();
            ds = EtcdDatastore.open(EtcdOptions.builder().endpoint(etcd.endpoint()).timeout(Duration.ofSeconds(10)).build());
        } else {
            ds = MemoryDatastore.create();
        }
        client = CalicoClient.builder().datastore(ds).build();
        ipam = client.ipam();
        for (int i = 0; i < 4; i++) {
            client.nodes().create(Node.builder().name("node-" + i).spec(NodeSpec.builder().build()).build());
        }
        client.ipPools().create(IpPool.builder().name("pool").spec(IpPoolSpec.builder().cidr("10.0.0.0/16").build()).build());
        // Warm the hosts' blocks so the measurement is steady-state allocation, not block claims.
        for (int i = 0; i < 4; i++) {
            ipam.release(ipam.autoAssign(AutoAssignRequest.forHost("node-" + i).ipv4(1)).ipv4());
        }
        IpamBlock floor = IpamBlock.empty(Cidr.parse("10.1.0.0/26"), "host:floor", null, 1);
        floorKey = ResourceKey.of(floor);
        ds.create(floorKey, floor);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        client.close();
        ds.close();
        if (etcd != null) {
            etcd.close();
        }
    }

    private List<IpAddress> assignRelease(String host) {
        List<IpAddress> ips = ipam.autoAssign(AutoAssignRequest.forHost(host).ipv4(1).handle("h" + handles.incrementAndGet())).ipv4();
        ipam.release(ips);
        return ips;
    }

    /** One thread: assign one address under a new handle, release it. */
    @Benchmark
    public List<IpAddress> assignReleaseOneThread() {
        return assignRelease("node-0");
    }

    /** Four threads on one host, all in the same block: every write races for its revision. */
    @Benchmark
    @Threads(4)
    public List<IpAddress> assignReleaseFourThreadsOneBlock() {
        return assignRelease("node-1");
    }

    /** Four threads on four hosts (one block each): contention only in the store itself. */
    @Benchmark
    @Threads(4)
    public List<IpAddress> assignReleaseFourHosts(HostState h) {
        return assignRelease(h.host);
    }

    /** The floor: read a block and write it back with a revision compare, twice (an assign and a release write the block). */
    @Benchmark
    public Versioned blockCasTwiceFloor() {
        Versioned v = ds.get(floorKey).orElseThrow();
        v = ds.update(floorKey, v.value(), v.revision());
        return ds.update(floorKey, v.value(), v.revision());
    }

    /** A thread's own host. */
    @State(Scope.Thread)
    public static class HostState {
        private static final AtomicLong NEXT = new AtomicLong();
        String host;

        @Setup(Level.Trial)
        public void pick() {
            host = "node-" + NEXT.getAndIncrement() % 4;
        }
    }
}
