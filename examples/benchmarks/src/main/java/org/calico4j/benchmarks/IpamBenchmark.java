package org.calico4j.benchmarks;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.etcd.EtcdDatastore;
import org.calico4j.client.etcd.EtcdOptions;
import org.calico4j.client.ipam.AutoAssignRequest;
import org.calico4j.client.ipam.Ipam;
import org.calico4j.client.memory.MemoryDatastore;
import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.Read;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Versioned;
import org.calico4j.client.spi.Write;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Kind;
import org.calico4j.model.Node;
import org.calico4j.model.NodeSpec;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.ipam.AllocationAttribute;
import org.calico4j.model.ipam.IpamBlock;
import org.calico4j.model.ipam.IpamConfig;
import org.calico4j.model.ipam.IpamHandle;
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
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * IPAM allocation rates on memory and on a real etcd (Debian's, on loopback), side by side in one run:
 * one address assigned and released again per operation (so the store stays in a steady state), by one
 * thread, and by four threads on one host contending for the same block; and the floor, one
 * compare-and-swap rewrite of a block through the Datastore SPI (what any allocation must at least do).
 *
 * <pre>{@code
 * java -jar examples/benchmarks/target/benchmarks.jar IpamBenchmark
 * }</pre>
 *
 * <p>Run through {@link #main} (JMH's options are accepted), the same run ends with each allocation
 * rate as a ratio to the floor measured on the same store:
 *
 * <pre>{@code
 * java -cp examples/benchmarks/target/benchmarks.jar org.calico4j.benchmarks.IpamBenchmark -p store=memory
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
    private ResourceKey spiBlockKey;
    private IpamBlock spiFree;
    private IpamBlock spiTaken;
    private Cidr spiCidr;
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
        spiCidr = Cidr.parse("10.1.0.64/26");
        spiFree = IpamBlock.empty(spiCidr, "host:node-0", null, 1);
        int[] alloc = spiFree.allocations();
        alloc[0] = 0;
        spiTaken = spiFree.nextVersion(alloc, java.util.Arrays.copyOfRange(spiFree.unallocated(), 1, 64),
                List.of(AllocationAttribute.of("s0", Map.of())), Map.of(0, 1L));
        spiBlockKey = ResourceKey.of(spiFree);
        ds.create(spiBlockKey, spiFree);
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

    /**
     * Runs this benchmark with JMH's command-line options and prints, per store, how many times the
     * floor's rate each allocation benchmark's rate is.
     *
     * @param args JMH's options, e.g. {@code -p store=memory -wi 2 -i 3}
     * @throws Exception when JMH fails
     */
    public static void main(String[] args) throws Exception {
        CommandLineOptions cli = new CommandLineOptions(args);
        ChainedOptionsBuilder b = new OptionsBuilder().parent(cli);
        if (cli.getIncludes().isEmpty()) {
            b.include(IpamBenchmark.class.getName() + "\\.");
        }
        Collection<RunResult> results = new Runner(b.build()).run();
        Map<String, Double> scores = new TreeMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            scores.put(r.getParams().getParam("store") + " " + name.substring(name.lastIndexOf('.') + 1),
                    r.getPrimaryResult().getScore());
        }
        System.out.println();
        System.out.println("Ratios: the floor's rate / the benchmark's rate, per store (how many times slower):");
        System.out.println("  cas = blockCasTwiceFloor (get + two CAS updates of one block),");
        System.out.println("  spi = spiCallsOfAssignReleaseFloor (the 15 Datastore calls of one assign + release in Calico's order)");
        System.out.println("  (spiTransactionsOfAssignReleaseFloor: the 5 calls calico4j makes on a transactional store)");
        scores.forEach((key, score) -> {
            String store = key.substring(0, key.indexOf(' '));
            String name = key.substring(key.indexOf(' ') + 1);
            if (name.endsWith("Floor") && !name.startsWith("spi")) {
                return;
            }
            Double cas = scores.get(store + " blockCasTwiceFloor");
            Double spi = scores.get(store + " spiCallsOfAssignReleaseFloor");
            Double txn = scores.get(store + " spiTransactionsOfAssignReleaseFloor");
            System.out.printf("  %-7s %-36s %,11.0f ops/s   vs cas %s   vs spi %s   vs txn %s%n", store, name, score,
                    cas == null ? "-" : String.format("%.2fx", cas / score),
                    spi == null || name.startsWith("spi") ? "-" : String.format("%.2fx", spi / score),
                    txn == null || name.startsWith("spi") ? "-" : String.format("%.2fx", txn / score));
        });
    }

    /**
     * The floor of a faithful implementation: the Datastore calls one assign + release of Calico's
     * algorithm makes, in its order, with the values computed ahead (only the new handle is built per
     * operation). Assign: get the node, list the pools, get the IPAM config, list the reservations, list
     * the host's affinities, get the block (its affinity), get the block (to assign from), get the
     * handle, create it, update the block. Release: list the pools, get the block, update it, get the
     * handle, delete it. 15 calls, 4 of them writes.
     */
    @Benchmark
    public Versioned spiCallsOfAssignReleaseFloor() {
        String h = "s" + handles.incrementAndGet();
        ResourceKey handleKey = ResourceKey.of(Kind.IPAM_HANDLE, h);
        ds.get(NODE_0).orElseThrow();
        ds.list(Kind.IP_POOL, 0);
        ds.get(IPAM_CONFIG);
        ds.list(Kind.IP_RESERVATION, 0);
        ds.list(Kind.BLOCK_AFFINITY, "node-0/", 0);
        ds.get(spiBlockKey).orElseThrow();
        Versioned b = ds.get(spiBlockKey).orElseThrow();
        ds.get(handleKey);
        ds.create(handleKey, new IpamHandle(ObjectMeta.named(h), Map.of(spiCidr, 1), false));
        ds.update(spiBlockKey, spiTaken, b.revision());
        ds.list(Kind.IP_POOL, 0);
        b = ds.get(spiBlockKey).orElseThrow();
        Versioned released = ds.update(spiBlockKey, spiFree, b.revision());
        Versioned handle = ds.get(handleKey).orElseThrow();
        ds.delete(handleKey, handle.revision());
        return released;
    }

    /**
     * The least a design that writes what Calico writes can do, with nobody else writing: one read of the block, then
     * the assign + release's four writes (the handle created, the block taken, the block freed, the handle deleted), each
     * compare-and-swap using the revision the previous write returned. Calico's other eleven calls are reads a design
     * could leave out or serve from a watched cache; these writes are what other Calico components see.
     */
    @Benchmark
    public Versioned spiWritesOfAssignReleaseFloor() {
        String h = "w" + handles.incrementAndGet();
        ResourceKey handleKey = ResourceKey.of(Kind.IPAM_HANDLE, h);
        Versioned b = ds.get(spiBlockKey).orElseThrow();
        Versioned handle = ds.create(handleKey, new IpamHandle(ObjectMeta.named(h), Map.of(spiCidr, 1), false));
        b = ds.update(spiBlockKey, spiTaken, b.revision());
        Versioned released = ds.update(spiBlockKey, spiFree, b.revision());
        ds.delete(handleKey, handle.revision());
        return released;
    }

    /**
     * The floor of calico4j's design on a transactional store, with the values computed ahead: the Datastore calls
     * one assign + release makes in the steady state. Assign: one snapshot read (the node, the pools, the IPAM config,
     * the reservations, the host's affinities, the handle), the block, then one transaction (the handle created, the
     * block taken). Release: one snapshot read (the pools, the block), then one transaction (the block freed, the
     * handle deleted, compared with the revision the assign wrote it at). Five calls, two of them writes.
     */
    @Benchmark
    public List<Versioned> spiTransactionsOfAssignReleaseFloor() {
        String h = "t" + handles.incrementAndGet();
        ResourceKey handleKey = ResourceKey.of(Kind.IPAM_HANDLE, h);
        ds.read(List.of(Read.key(NODE_0), Read.prefix(Kind.IP_POOL, ""), Read.key(IPAM_CONFIG), Read.prefix(Kind.IP_RESERVATION, ""),
                Read.prefix(Kind.BLOCK_AFFINITY, "node-0/"), Read.key(handleKey)));
        Versioned b = ds.get(spiBlockKey).orElseThrow();
        List<Versioned> taken = ds.commit(List.of(Write.create(handleKey, new IpamHandle(ObjectMeta.named(h), Map.of(spiCidr, 1), false)),
                Write.update(spiBlockKey, spiTaken, b.revision())));
        b = ds.read(List.of(Read.prefix(Kind.IP_POOL, ""), Read.key(spiBlockKey))).get(1).items().get(0);
        return ds.commit(List.of(Write.update(spiBlockKey, spiFree, b.revision()), Write.delete(handleKey, taken.get(0).revision())));
    }

    /**
     * The writes of {@link #spiTransactionsOfAssignReleaseFloor} alone: one read of the block, then the two
     * transactions, each compare-and-swap on the revisions the previous one returned.
     */
    @Benchmark
    public List<Versioned> spiTransactionWritesFloor() {
        String h = "x" + handles.incrementAndGet();
        ResourceKey handleKey = ResourceKey.of(Kind.IPAM_HANDLE, h);
        Versioned b = ds.get(spiBlockKey).orElseThrow();
        List<Versioned> taken = ds.commit(List.of(Write.create(handleKey, new IpamHandle(ObjectMeta.named(h), Map.of(spiCidr, 1), false)),
                Write.update(spiBlockKey, spiTaken, b.revision())));
        return ds.commit(List.of(Write.update(spiBlockKey, spiFree, taken.get(1).revision()),
                Write.delete(handleKey, taken.get(0).revision())));
    }

    private static final ResourceKey NODE_0 = ResourceKey.of(Kind.NODE, "node-0");
    private static final ResourceKey IPAM_CONFIG = ResourceKey.of(Kind.IPAM_CONFIG, IpamConfig.NAME);

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
