package org.calico4j.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.calico4j.dataplane.DataplaneDelta;
import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.Encap;
import org.calico4j.dataplane.HostInfo;
import org.calico4j.dataplane.IpSets;
import org.calico4j.dataplane.NatSettings;
import org.calico4j.dataplane.PoolInfo;
import org.calico4j.dataplane.RouteInfo;
import org.calico4j.dataplane.RouteOwner;
import org.calico4j.dataplane.RouteType;
import org.calico4j.dataplane.RoutingSettings;
import org.calico4j.dataplane.iptables.Backend;
import org.calico4j.dataplane.iptables.IpSetRules;
import org.calico4j.dataplane.iptables.IptablesDataplane;
import org.calico4j.dataplane.iptables.NatRules;
import org.calico4j.dataplane.iptables.NatTable;
import org.calico4j.dataplane.linux.CommandRunner;
import org.calico4j.dataplane.linux.Exec;
import org.calico4j.dataplane.linux.Netns;
import org.calico4j.dataplane.linux.NodeNetwork;
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
 * The iptables dataplane on a real kernel (a namespace {@code c4j-iptbench-*} it creates and removes;
 * needs root): a full apply of 500 pools (250 with natOutgoing) and 10,000 Felix-owned routes against the
 * raw tools ({@code ipset restore}, {@code iptables-restore}, {@code ip6tables-restore}, {@code ip -batch})
 * fed the identical payloads; the latency of one incremental change (a route and a pool member); and the
 * same state written one command per rule and route. Run it under the shared lock:
 *
 * <pre>{@code
 * flock /tmp/c4j-mvn.lock java -jar examples/benchmarks/target/benchmarks.jar IptablesBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@Fork(1)
public class IptablesBenchmark {
    static final int POOLS = 500;
    static final int ROUTES = 10_000;
    private static final Duration T = Duration.ofSeconds(300);
    private Netns ns;
    private Exec exec;
    private IptablesDataplane dp;
    private DataplaneState state;
    private String ipsetPayload;
    private String nat4;
    private String nat6;
    private String ipBatch;
    private Backend backend;
    private boolean flip;

    static DataplaneState bigState() {
        HostInfo host = HostInfo.of("bench", Cidr.parse("10.0.0.1/16"));
        DataplaneDelta.Builder d = DataplaneDelta.builder().host(host).nat(NatSettings.defaults())
                .routing(new RoutingSettings(true, false, false, false, false));
        List<Cidr> pools = new ArrayList<>();
        for (int i = 0; i < POOLS; i++) {
            Cidr c = Cidr.parse("10." + (128 + i / 16) + "." + (i % 16 * 16) + ".0/20");
            pools.add(c);
            boolean nat = i % 2 == 0;
            d.setPool(new PoolInfo(c, nat, EncapsulationMode.NEVER, EncapsulationMode.NEVER, false, false, false));
            d.addToIpSet(IpSets.network(4), c);
            if (nat) {
                d.addToIpSet(IpSets.masq(4), c);
            }
        }
        for (int i = 0; i < ROUTES; i++) {
            Cidr pool = pools.get(i % POOLS);
            int block = i / POOLS;
            IpAddress base = pool.address();
            String[] o = base.toString().split("\\.");
            int third = Integer.parseInt(o[2]) + block * 64 / 256;
            int fourth = block * 64 % 256;
            Cidr c = Cidr.parse(o[0] + "." + o[1] + "." + third + "." + fourth + "/26");
            IpAddress node = IpAddress.parse("10.0." + (1 + i / 250) + "." + (1 + i % 250));
            d.setRoute(new RouteInfo(c, RouteType.REMOTE_BLOCK, Encap.NONE, RouteOwner.FELIX, HostInfo.NIC, node, "n" + i, node, true));
        }
        return DataplaneState.empty(host).apply(d.build());
    }

    @Setup(Level.Trial)
    public void setUp() {
        ns = Netns.create("c4j-iptbench-" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36));
        ns.ip("link", "add", "eth0", "type", "veth", "peer", "name", "eth0p");
        ns.ip("link", "set", "eth0", "up");
        ns.ip("link", "set", "eth0p", "up");
        ns.ip("addr", "add", "10.0.0.1/16", "dev", "eth0");
        exec = new Exec(CommandRunner.system(), ns.name());
        backend = Backend.detect(exec);
        dp = IptablesDataplane.builder("bench").netns(ns.name()).backend(backend).build();
        state = bigState();
        ipsetPayload = IpSetRules.restoreInput(state, 4) + IpSetRules.restoreInput(state, 6);
        nat4 = NatRules.render(state, 4).restoreInput(dp.features(), NatTable.InsertMode.INSERT);
        nat6 = NatRules.render(state, 6).restoreInput(dp.features(), NatTable.InsertMode.INSERT);
        NodeNetwork net = new NodeNetwork(exec);
        ipBatch = String.join("\n", net.plan(state, net.read())) + "\n";
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        dp.close();
        ns.close();
    }

    private void clean() {
        dp.cleanup();
    }

    private void run(List<String> cmd, String stdin) {
        exec.run(cmd, stdin).requireSuccess();
    }

    /** A node without Calico state before each full apply. */
    @State(Scope.Thread)
    public static class Clean {
        @Setup(Level.Iteration)
        public void clean(IptablesBenchmark b) {
            b.clean();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 5)
    public void fullApplyCalico4j(Clean c) {
        dp.resync(state);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 5)
    public void fullApplyRawTools(Clean c) {
        run(List.of("ipset", "restore"), ipsetPayload);
        run(List.of(backend.restore(4), "--noflush", "--wait", "10"), nat4);
        run(List.of(backend.restore(6), "--noflush", "--wait", "10"), nat6);
        run(List.of("ip", "-batch", "-"), ipBatch);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public void fullApplyOneCommandPerRule(Clean c) {
        Duration t = T;
        for (String line : ipsetPayload.split("\n")) {
            if (!line.equals("COMMIT")) {
                exec.runner().run(exec.wrap(List.of(("ipset " + line).split(" "))), null, t).requireSuccess();
            }
        }
        for (String payload : List.of(nat4, nat6)) {
            String bin = payload == nat4 ? backend.save(4).replace("-save", "") : backend.save(6).replace("-save", "");
            for (String line : payload.split("\n")) {
                if (line.startsWith(":")) {
                    exec.runner().run(exec.wrap(List.of(bin, "-w", "-t", "nat", "-N", line.substring(1, line.indexOf(' ')))), null, t)
                            .requireSuccess();
                } else if (line.startsWith("-")) {
                    List<String> args = new ArrayList<>(List.of(bin, "-w", "-t", "nat"));
                    args.addAll(splitQuoted(line));
                    exec.runner().run(exec.wrap(args), null, t).requireSuccess();
                }
            }
        }
        for (String line : ipBatch.split("\n")) {
            if (!line.isBlank()) {
                List<String> args = new ArrayList<>(List.of("ip"));
                args.addAll(List.of(line.split(" ")));
                exec.runner().run(exec.wrap(args), null, t).requireSuccess();
            }
        }
    }

    private static List<String> splitQuoted(String line) {
        List<String> out = new ArrayList<>();
        for (String part : line.split(" (?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
            out.add(part.replace("\"", ""));
        }
        return out;
    }

    /** The full state in place before the incremental measurements. */
    @State(Scope.Thread)
    public static class Applied {
        @Setup(Level.Trial)
        public void apply(IptablesBenchmark b) {
            b.dp.resync(b.state);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1, time = 3)
    @Measurement(iterations = 3, time = 3)
    public void incrementalRouteAndPoolMember(Applied a) {
        Cidr route = Cidr.parse("10.127.0.0/26");
        Cidr member = Cidr.parse("10.127.64.0/20");
        DataplaneDelta.Builder d = DataplaneDelta.builder();
        if (flip) {
            d.removeRoute(route).removeFromIpSet(IpSets.network(4), member);
        } else {
            IpAddress node = IpAddress.parse("10.0.200.1");
            d.setRoute(new RouteInfo(route, RouteType.REMOTE_BLOCK, Encap.NONE, RouteOwner.FELIX, HostInfo.NIC, node, "x", node, true))
                    .addToIpSet(IpSets.network(4), member);
        }
        flip = !flip;
        dp.apply(d.build());
    }
}
