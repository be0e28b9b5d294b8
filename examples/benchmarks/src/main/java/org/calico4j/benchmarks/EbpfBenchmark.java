package org.calico4j.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;

import org.calico4j.dataplane.DataplaneDelta;
import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.Encap;
import org.calico4j.dataplane.HostInfo;
import org.calico4j.dataplane.PoolInfo;
import org.calico4j.dataplane.RouteInfo;
import org.calico4j.dataplane.RouteOwner;
import org.calico4j.dataplane.RouteType;
import org.calico4j.dataplane.ebpf.BpfFs;
import org.calico4j.dataplane.ebpf.BpfRoutes;
import org.calico4j.dataplane.ebpf.Bpftool;
import org.calico4j.dataplane.ebpf.EbpfDataplane;
import org.calico4j.dataplane.ebpf.RouteEntry;
import org.calico4j.dataplane.linux.CommandRunner;
import org.calico4j.dataplane.linux.Netns;
import org.calico4j.model.EncapsulationMode;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The eBPF dataplane against raw {@code bpftool}, in one run (needs root, bpftool and a bpffs): 10,000 remote
 * block routes (100 nodes) programmed into an empty {@code cali_v4_routes} by {@code EbpfDataplane.apply} (state
 * update, entry calculation, diff, batch file, {@code bpftool batch}) against {@code bpftool batch file} of a
 * prepared file with the same entries; and the latency of one route changing through {@code apply} against one
 * {@code bpftool batch} of that single entry.
 *
 * <pre>{@code
 * java -jar examples/benchmarks/target/benchmarks.jar EbpfBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 10)
@Fork(1)
public class EbpfBenchmark {
    static final int ROUTES = 10_000;
    static final int NODES = 100;
    private static final Path ROOT = Path.of("/run/calico4j/bpffs-bench");
    private static final String NS = "c4j-bench-n0";

    private Netns netns;
    private EbpfDataplane dp;
    private DataplaneState base;
    private DataplaneDelta add10k;
    private DataplaneDelta[] flips;
    private int flip;
    private Path rawPin;
    private Path rawFill;
    private Path rawEmpty;
    private Path[] rawFlips;

    static RouteInfo block(int i, int nodeOffset) {
        int node = (i + nodeOffset) % NODES;
        Cidr c = Cidr.parse("10." + (64 + i / 1024) + "." + (i % 1024 / 4) + "." + (i % 4 * 64) + "/26");
        IpAddress ip = IpAddress.parse("172.16." + node / 250 + "." + (node % 250 + 1));
        return new RouteInfo(c, RouteType.REMOTE_BLOCK, Encap.IPIP, RouteOwner.BIRD, "tunl0", ip, "node-" + node, ip, false);
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        CommandRunner.system().run(List.of("ip", "netns", "del", NS), Duration.ofSeconds(10));
        netns = Netns.create(NS);
        BpfFs.ensureMounted(ROOT);
        HostInfo me = HostInfo.of("n0", Cidr.parse("172.16.0.250/16"));
        DataplaneDelta.Builder b = DataplaneDelta.builder().host(me)
                .setPool(new PoolInfo(Cidr.parse("10.64.0.0/10"), true, EncapsulationMode.ALWAYS, EncapsulationMode.NEVER, false, false, false));
        base = DataplaneState.empty(me).apply(b.build());
        DataplaneDelta.Builder add = DataplaneDelta.builder();
        for (int i = 0; i < ROUTES; i++) {
            add.setRoute(block(i, 0));
        }
        add10k = add.build();
        flips = new DataplaneDelta[] {DataplaneDelta.builder().setRoute(block(7, 1)).build(),
            DataplaneDelta.builder().setRoute(block(7, 0)).build()};
        dp = EbpfDataplane.builder("bench-n0").bpffs(ROOT).netns(NS).build();

        // The same entries for raw bpftool, in a map of the same shape.
        SortedMap<Cidr, RouteEntry> entries = BpfRoutes.compute(base.apply(add10k), i -> 0, List.of());
        Path dir = ROOT.resolve("bench-raw");
        Files.createDirectories(dir);
        rawPin = dir.resolve("cali_v4_routes");
        Files.deleteIfExists(rawPin);
        Bpftool.system().createMap(rawPin, "lpm_trie", 8, 8, 262144, "cali_v4_routes", 1);
        List<String> fill = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        for (RouteEntry e : entries.values()) {
            fill.add("map update pinned " + rawPin + " key hex " + e.keyHex() + " value hex " + e.valueHex());
            empty.add("map delete pinned " + rawPin + " key hex " + e.keyHex());
        }
        // Batch files live on an ordinary file system (a bpffs holds only pins).
        Path tmp = Files.createTempDirectory("c4j-bench");
        rawFill = Files.write(tmp.resolve("fill.batch"), fill);
        rawEmpty = Files.write(tmp.resolve("empty.batch"), empty);
        rawFlips = new Path[2];
        for (int i = 0; i < 2; i++) {
            RouteEntry e = BpfRoutes.compute(base.apply(flips[i]), n -> 0, List.of()).get(block(7, 0).cidr());
            rawFlips[i] = Files.write(tmp.resolve("flip" + i + ".batch"),
                    List.of("map update pinned " + rawPin + " key hex " + e.keyHex() + " value hex " + e.valueHex()));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        dp.close();
        Files.deleteIfExists(rawPin);
        Files.deleteIfExists(rawPin.getParent());
        Files.deleteIfExists(rawFill);
        Files.deleteIfExists(rawEmpty);
        for (Path f : rawFlips) {
            Files.deleteIfExists(f);
        }
        Files.deleteIfExists(rawFill.getParent());
        netns.close();
    }

    private static void bpftool(Path batch) {
        CommandRunner.system().run(List.of("bpftool", "batch", "file", batch.toString()), Duration.ofSeconds(120)).requireSuccess();
    }

    /** Empties both maps before each timed fill. */
    @Setup(Level.Invocation)
    public void empty(org.openjdk.jmh.infra.BenchmarkParams params) {
        if (params.getBenchmark().endsWith("calico4jProgram10kRoutes")) {
            dp.resync(base);
        } else if (params.getBenchmark().endsWith("rawBpftoolBatch10kRoutes")) {
            if (!Bpftool.system().dumpHex(rawPin).isEmpty()) {
                bpftool(rawEmpty);
            }
        } else if (dp.routesMap().size() < ROUTES) {
            dp.resync(base.apply(add10k));
        }
    }

    @Benchmark
    public int calico4jProgram10kRoutes() {
        dp.apply(add10k);
        return dp.routesMap().size();
    }

    @Benchmark
    public int rawBpftoolBatch10kRoutes() {
        bpftool(rawFill);
        return 1;
    }

    /** The floor of a one-route update: one bpftool process writing one entry. */
    @Benchmark
    public int rawBpftoolOneRouteUpdate() {
        bpftool(rawFlips[flip++ & 1]);
        return flip;
    }

    @Benchmark
    public int calico4jOneRouteUpdate() {
        dp.apply(flips[flip++ & 1]);
        return flip;
    }
}
