package org.calico4j.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.ResourceList;
import org.calico4j.client.Watch;
import org.calico4j.client.memory.MemoryDatastore;
import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.ListResult;
import org.calico4j.client.spi.PoolRanges;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Versioned;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Kind;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.selector.Selector;
import org.calico4j.model.validation.ValidationContext;
import org.calico4j.model.validation.Validator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The client on the in-memory store against the Datastore SPI doing the same operations, in one
 * run: get, update (with revision precondition), create+delete, list of 1,000 pools ({@code -p pools=100,500,1000}
 * for the growth); and the watch event rate. {@code client*} / {@code spi*} pairs give the client's overhead ratio.
 *
 * <pre>{@code
 * java -jar examples/benchmarks/target/benchmarks.jar ClientBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ClientBenchmark {
    /** Pools stored beside the one measured: the list's size, and what a create's overlap check would have listed. */
    @Param({"1000"})
    public int pools;

    private Datastore ds;
    private CalicoClient client;
    private IpPool target;
    private IpPool fresh;
    private IpPool validFresh;
    private long counter;
    private IpPool validated;
    private IpPool validFreshDisabled;
    private ValidationContext createContext;
    private PoolRanges ranges;
    private Versioned written;
    private Versioned writtenChecked;

    @Setup(Level.Trial)
    public void setup() {
        ds = MemoryDatastore.withHistory(1_000);
        client = CalicoClient.builder().datastore(ds).build();
        for (int i = 0; i < pools; i++) {
            client.ipPools().create(pool("pool-" + i, "10." + (i / 256) + "." + (i % 256) + ".0/24"));
        }
        target = client.ipPools().withName("pool-7").require();
        validated = target;
        written = ds.get(ResourceKey.of(Kind.IP_POOL, "pool-10")).orElseThrow();
        writtenChecked = ds.get(ResourceKey.of(Kind.IP_POOL, "pool-11")).orElseThrow();
        fresh = pool("fresh", "172.16.0.0/24");
        validFresh = Validator.standard().validate(fresh);
        validFreshDisabled = validFresh.withSpec(IpPoolSpec.builder().from(validFresh.spec()).disabled(true).build());
        ranges = (PoolRanges) ds;
        createContext = new ValidationContext() {
            @Override
            public List<IpPool> poolsOverlapping(Cidr network) {
                return ranges.poolsOverlapping(network);
            }
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        client.close();
        ds.close();
    }

    static IpPool pool(String name, String cidr) {
        return IpPool.builder().name(name).spec(IpPoolSpec.builder().cidr(cidr).build()).build();
    }

    @Benchmark
    public IpPool clientGet() {
        return client.ipPools().withName("pool-7").require();
    }

    @Benchmark
    public Versioned spiGet() {
        return ds.get(ResourceKey.of(Kind.IP_POOL, "pool-7")).orElseThrow();
    }

    @Benchmark
    public IpPool clientUpdate() {
        IpPool cur = target;
        target = client.ipPools().update(cur.withSpec(cur.spec().withNatOutgoing(++counter % 2 == 0)));
        return target;
    }

    @Benchmark
    public Versioned spiUpdate() {
        Versioned cur = ds.get(ResourceKey.of(Kind.IP_POOL, "pool-8")).orElseThrow();
        IpPool p = (IpPool) cur.value();
        return ds.update(cur.key(), p.withSpec(p.spec().withNatOutgoing(++counter % 2 == 0)), cur.revision());
    }

    /**
     * The SPI's update of the value its previous update returned, with no read: the write alone that
     * {@link #clientUpdate} makes when it remembers the value it updates (its read skipped).
     */
    @Benchmark
    public Versioned spiUpdateOfWritten() {
        Versioned cur = written;
        IpPool p = (IpPool) cur.value();
        written = ds.update(cur.key(), p.withSpec(p.spec().withNatOutgoing(++counter % 2 == 0)), cur.revision());
        return written;
    }

    /** {@link #spiUpdateOfWritten} plus {@link #allRulesHold}: the floor of an update that skips its read. */
    @Benchmark
    public Versioned spiUpdateOfWrittenWithRulesAtBest() {
        Versioned cur = writtenChecked;
        IpPool p = (IpPool) cur.value();
        IpPool next = p.withSpec(p.spec().withNatOutgoing(++counter % 2 == 0));
        if (!allRulesHold(next, p)) {
            throw new IllegalStateException("the benchmark's pool breaks a rule");
        }
        writtenChecked = ds.update(cur.key(), next, cur.revision());
        return writtenChecked;
    }

    /**
     * Calico's defaulting and validation of the updated pool alone, as the client runs it before a write (the Go
     * rules, the CRD schema and CEL rules on the JSON form): with {@link #spiUpdate}, the floor of {@link #clientUpdate}.
     */
    @Benchmark
    public IpPool validateUpdate() {
        IpPool cur = validated;
        validated = Validator.standard().validate(cur.withSpec(cur.spec().withNatOutgoing(++counter % 2 == 0)));
        return validated;
    }

    /**
     * The lower bound of any client that checks Calico's rules: {@link #spiUpdate} plus {@link #allRulesHold} on the
     * value written, with nothing else (no message, no JSON, no violation list, one kind's rules hard-wired).
     */
    @Benchmark
    public Versioned spiUpdateWithRulesAtBest() {
        Versioned cur = ds.get(ResourceKey.of(Kind.IP_POOL, "pool-9")).orElseThrow();
        IpPool p = (IpPool) cur.value();
        IpPool next = p.withSpec(p.spec().withNatOutgoing(++counter % 2 == 0));
        if (!allRulesHold(next, p)) {
            throw new IllegalStateException("the benchmark's pool breaks a rule");
        }
        return ds.update(cur.key(), next, cur.revision());
    }

    private static final Cidr V4_LINK_LOCAL = Cidr.parse("169.254.0.0/16");
    private static final Cidr V6_LINK_LOCAL = Cidr.parse("fe80::/10");

    /**
     * Every condition Calico's update of an IP pool evaluates, each as the cheapest test it can be: the object meta
     * (name, namespace, labels, annotations), the client's defaulting checks against the stored pool, the validator's
     * tags and struct checks, the CRD's enums, limits and required field; parses served by the caches, rules that
     * repeat across those layers merged. Not a validator (it finds no field and words no reason, and knows one kind
     * by heart): the least that evaluating Calico's rules can cost, for {@link #spiUpdateWithRulesAtBest},
     * {@link #spiUpdateOfWrittenWithRulesAtBest} and {@link #spiCreateDeleteWithRulesAtBest}. Every test the client's
     * shortcut for a stored pool ({@code IpPoolRules.takenAsIs}) makes cheaply is made here at least as cheaply.
     */
    static boolean allRulesHold(IpPool pool, IpPool stored) {
        String name = pool.metadata().name();
        boolean ok = !name.isEmpty() && name.length() <= 253 && pool.metadata().namespace().isEmpty()
                && pool.metadata().labels().isEmpty() && pool.metadata().annotations().isEmpty();
        // A DNS-1123 subdomain: labels of [a-z0-9] with inner '-', joined by '.'.
        char prev = '.';
        for (int i = 0; ok && i < name.length(); i++) {
            char c = name.charAt(i);
            ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && prev != '.')
                    || (c == '.' && prev != '.' && prev != '-');
            prev = c;
        }
        ok &= prev != '-' && prev != '.';
        IpPoolSpec s = pool.spec();
        IpPoolSpec old = stored.spec();
        if (!ok || !s.cidr().equals(old.cidr())) {
            return false;
        }
        Cidr cidr = old.parsedCidr().orElse(null); // the same text, parsed when the stored pool was
        if (cidr == null || !cidr.toString().equals(s.cidr())) { // Calico's normalisation would rewrite it
            return false;
        }
        boolean v4 = cidr.version() == 4;
        int block = s.blockSize() != 0 ? s.blockSize() : v4 ? 26 : 122;
        String ipip = s.ipipMode().isEmpty() ? "Never" : s.ipipMode();
        String vxlan = s.vxlanMode().isEmpty() ? "Never" : s.vxlanMode();
        List<String> uses = s.allowedUses();
        boolean lb = false;
        boolean workloadOrTunnel = false;
        boolean tunnel = false;
        for (int i = 0, n = uses.size(); i < n; i++) {
            String use = uses.get(i);
            if (use.equals("LoadBalancer")) {
                lb = true;
            } else if (use.equals("Workload") || use.equals("Tunnel")) {
                workloadOrTunnel = true;
                tunnel |= use.equals("Tunnel");
            } else {
                return false;
            }
        }
        ok = block == old.blockSize() && (v4 ? block >= 20 && block <= 32 : block >= 116 && block <= 128)
                && (s.disabled() || cidr.prefixLength() <= block)
                && (ipip.equals("Never") || vxlan.equals("Never")) && (v4 || ipip.equals("Never"))
                && cidr.isStrictlyMasked() && !cidr.overlaps(v4 ? V4_LINK_LOCAL : V6_LINK_LOCAL)
                && (lb || uses == old.allowedUses() || !old.allowedUses().contains("LoadBalancer"))
                && encap(ipip) && encap(vxlan)
                && (s.nodeSelector().isEmpty() || s.nodeSelector().equals("all()") || Selector.isValid(s.nodeSelector()))
                && (s.namespaceSelector().isEmpty() || Selector.isValid(s.namespaceSelector()))
                && (s.assignmentMode().isEmpty() || s.assignmentMode().get().equals("Automatic")
                        || s.assignmentMode().get().equals("Manual"))
                && !(lb && (s.disableBGPExport() || !s.nodeSelector().equals("all()") || !ipip.equals("Never")
                        || !vxlan.equals("Never")))
                && !(tunnel && !s.namespaceSelector().isEmpty()) && !(lb && workloadOrTunnel)
                && (s.nodeSelector().equals("all()") || !s.nodeSelector().contains("global("))
                && !s.namespaceSelector().contains("global(");
        return ok;
    }

    private static boolean encap(String mode) {
        return mode.equals("Never") || mode.equals("Always") || mode.equals("CrossSubnet");
    }

    @Benchmark
    public IpPool clientCreateDelete() {
        client.ipPools().create(fresh);
        return client.ipPools().withName("fresh").delete();
    }

    @Benchmark
    public Versioned spiCreateDelete() {
        ResourceKey k = ResourceKey.of(Kind.IP_POOL, "fresh");
        ds.create(k, validFresh);
        return ds.delete(k, 0);
    }

    /**
     * Calico's pool deletion on the SPI with every value computed ahead (libcalico-go's {@code ipPools.Delete}: read the
     * pool, write it disabled, list the block affinities to release those in its range, delete it), after a create: with
     * {@link #validateCreate}, the floor of {@link #clientCreateDelete}. The block affinities listed are none here.
     */
    @Benchmark
    public Versioned spiCallsOfCreateDeleteFloor() {
        ResourceKey k = ResourceKey.of(Kind.IP_POOL, "fresh");
        ds.create(k, validFresh);
        Versioned cur = ds.get(k).orElseThrow();
        cur = ds.update(k, validFreshDisabled, cur.revision());
        ds.list(Kind.BLOCK_AFFINITY, 0);
        return ds.delete(k, cur.revision());
    }

    /**
     * The writes alone of {@link #spiCallsOfCreateDeleteFloor}: create, write disabled, delete (no read, no list). Calico
     * deletes a pool in two writes, so watchers see it disabled before it goes; with the create that is three writes
     * where {@link #spiCreateDelete} makes two: the least any client that keeps Calico's deletion can cost.
     */
    @Benchmark
    public Versioned spiWritesOfCreateDeleteFloor() {
        ResourceKey k = ResourceKey.of(Kind.IP_POOL, "fresh");
        Versioned created = ds.create(k, validFresh);
        Versioned disabled = ds.update(k, validFreshDisabled, created.revision());
        return ds.delete(k, disabled.revision());
    }

    private static final List<String> WORKLOAD_TUNNEL = List.of("Workload", "Tunnel");

    /**
     * The lower bound of any client that creates and deletes a pool as Calico does, for {@link #clientCreateDelete}:
     * Calico's defaults written into the pool as given (one build), every rule at its cheapest ({@link #allRulesHold})
     * and the overlap query, a uid at its cheapest (a counter's text) and a fixed timestamp, then
     * {@link #spiCallsOfCreateDeleteFloor}'s calls with the disabled pool built from the created one.
     */
    @Benchmark
    public Versioned spiCreateDeleteWithRulesAtBest() {
        IpPool given = fresh;
        IpPool pool = given.withSpec(IpPoolSpec.builder().from(given.spec()).blockSize(26).ipipMode("Never")
                .vxlanMode("Never").nodeSelector("all()").allowedUses(WORKLOAD_TUNNEL).assignmentMode("Automatic").build());
        if (!allRulesHold(pool, pool) || !ranges.poolsOverlapping(pool.spec().parsedCidr().orElseThrow()).isEmpty()) {
            throw new IllegalStateException("the benchmark's pool breaks a rule");
        }
        pool = pool.withMetadata(pool.metadata().withUid(Long.toString(++counter)).withCreationTimestamp("2026-12-05T00:00:00Z"));
        ResourceKey k = ResourceKey.of(Kind.IP_POOL, "fresh");
        ds.create(k, pool);
        Versioned cur = ds.get(k).orElseThrow();
        IpPool stored = (IpPool) cur.value();
        cur = ds.update(k, stored.withSpec(stored.spec().withDisabled(true)), cur.revision());
        ds.list(Kind.BLOCK_AFFINITY, 0);
        return ds.delete(k, cur.revision());
    }

    /** Calico's defaulting and validation of the created pool alone, its overlap check answered by the 1,000 pools stored. */
    @Benchmark
    public IpPool validateCreate() {
        return Validator.withContext(createContext).validate(fresh);
    }

    @Benchmark
    public ResourceList<IpPool> clientList() {
        return client.ipPools().list();
    }

    @Benchmark
    public ListResult spiList() {
        return ds.list(Kind.IP_POOL, 0);
    }

    /** A list whose every item is then read (its spec's CIDR): what a list is for, so a list that defers work pays it here. */
    @Benchmark
    public void clientListRead(Blackhole bh) {
        for (IpPool p : client.ipPools().list().items()) {
            bh.consume(p.spec().cidr());
        }
    }

    /** {@link #clientListRead} on the SPI: each item's value, as an IP pool. */
    @Benchmark
    public void spiListRead(Blackhole bh) {
        for (Versioned v : ds.list(Kind.IP_POOL, 0).items()) {
            bh.consume(((IpPool) v.value()).spec().cidr());
        }
    }

    /** 1,000 updates, then wait until the watcher has seen all of them: events per second. */
    @Benchmark
    @OperationsPerInvocation(1_000)
    public long watchEvents() throws InterruptedException {
        AtomicLong seen = new AtomicLong();
        long start = ds.revision();
        Watch w = client.ipPools().watch(start, e -> seen.incrementAndGet());
        try {
            for (int i = 0; i < 1_000; i++) {
                spiUpdate();
            }
            while (seen.get() < 1_000) {
                Thread.onSpinWait();
            }
        } finally {
            w.close();
        }
        return seen.get();
    }
}
