package org.calico4j.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.etcd.EtcdDatastore;
import org.calico4j.client.etcd.EtcdOptions;
import org.calico4j.client.ipam.AutoAssignRequest;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Goal 5 on etcd, by design rather than by implementation: raw jetcd requests on Calico's keys and bytes (written
 * through calico4j in the setup, then read back), with nothing computed between them, for one assign + release
 * three ways, against the same compare-and-swap floor as {@code IpamBenchmark.blockCasTwiceFloor}:
 * <ul>
 *   <li>{@link #calicoCalls}: Calico's 15 requests, one round trip each (what calico4j makes today);</li>
 *   <li>{@link #batchedReadsSingleWrites}: each request's reads in one multi-key range transaction (one snapshot),
 *       the four writes as they are;</li>
 *   <li>{@link #batchedReadsMergedWrites}: the same reads, and the writes merged into two multi-key transactions (the
 *       handle created with the block taken; the block freed with the handle deleted), each compare-and-swap on every
 *       key it writes.</li>
 * </ul>
 * It measured what a design on multi-key reads and writes could reach before the Datastore SPI had them
 * ({@code Datastore.read} and {@code Datastore.commit} now); calico4j's IPAM follows the third design, and
 * {@code IpamBenchmark.spiTransactionsOfAssignReleaseFloor} measures its calls through the SPI.
 *
 * <pre>{@code
 * java -jar examples/benchmarks/target/benchmarks.jar EtcdIpamDesignBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EtcdIpamDesignBenchmark {
    private static final String ROOT = "/calico/resources/v3/projectcalico.org/";
    private static final String IPAM = "/calico/ipam/v2/";

    private LocalEtcd etcd;
    private Client raw;
    private KV kv;
    private ByteSequence node;
    private ByteSequence pools;
    private ByteSequence config;
    private ByteSequence reservations;
    private ByteSequence affinities;
    private ByteSequence block;
    private ByteSequence blockValue;
    private ByteSequence handleValue;
    private final AtomicLong handles = new AtomicLong();

    @Setup(Level.Trial)
    public void setup() throws Exception {
        etcd = LocalEtcd.start();
        raw = Client.builder().endpoints(etcd.endpoint()).build();
        kv = raw.getKVClient();
        try (EtcdDatastore ds = EtcdDatastore.open(EtcdOptions.builder().endpoint(etcd.endpoint())
                .timeout(Duration.ofSeconds(10)).build()); CalicoClient client = CalicoClient.builder().datastore(ds).build()) {
            client.nodes().create(Node.builder().name("node-0").spec(NodeSpec.builder().build()).build());
            client.ipPools().create(IpPool.builder().name("pool").spec(IpPoolSpec.builder().cidr("10.0.0.0/16").build()).build());
            // One address kept under a handle, so the block, its affinity and a handle are Calico's own bytes.
            client.ipam().autoAssign(AutoAssignRequest.forHost("node-0").ipv4(1).handle("bench"));
        }
        node = bytes(ROOT + "nodes/node-0");
        pools = bytes(ROOT + "ippools/");
        config = bytes(IPAM + "config");
        reservations = bytes(ROOT + "ipreservations/");
        affinities = bytes(IPAM + "host/node-0/");
        KeyValue b = only(kv.get(bytes(IPAM + "assignment/"), prefix()).get());
        block = b.getKey();
        blockValue = b.getValue();
        handleValue = only(kv.get(bytes(IPAM + "handle/bench")).get()).getValue();
        for (ByteSequence k : List.of(node, pools, affinities)) {
            if (kv.get(k, prefix()).get().getKvs().isEmpty()) {
                throw new IllegalStateException("no key under " + k + ": Calico's key layout changed");
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        raw.close();
        etcd.close();
    }

    /** The floor goal 5 is measured against: read the block, write it back twice with a mod-revision compare. */
    @Benchmark
    public long casTwiceFloor() throws Exception {
        long rev = kv.get(block).get().getKvs().get(0).getModRevision();
        rev = cas(rev);
        return cas(rev);
    }

    /**
     * Calico's requests for one assign + release, one round trip each: the node, the pools, the IPAM config, the
     * reservations, the host's affinities, the block twice, the handle; the handle created, the block taken; the pools,
     * the block, the block freed, the handle, the handle deleted.
     */
    @Benchmark
    public long calicoCalls() throws Exception {
        ByteSequence h = handle();
        kv.get(node).get();
        kv.get(pools, prefix()).get();
        kv.get(config).get();
        kv.get(reservations, prefix()).get();
        kv.get(affinities, prefix()).get();
        kv.get(block).get();
        long rev = kv.get(block).get().getKvs().get(0).getModRevision();
        kv.get(h).get();
        long handleRev = create(h);
        rev = cas(rev);
        kv.get(pools, prefix()).get();
        kv.get(block).get();
        rev = cas(rev);
        kv.get(h).get();
        delete(h, handleRev);
        return rev;
    }

    /** Each request's reads in one transaction (a consistent snapshot), then the block, then the four writes. */
    @Benchmark
    public long batchedReadsSingleWrites() throws Exception {
        ByteSequence h = handle();
        long rev = assignSnapshot(h);
        long handleRev = create(h);
        rev = cas(rev);
        rev = releaseSnapshot(h);
        rev = cas(rev);
        delete(h, handleRev);
        return rev;
    }

    /** The same reads, and two writes: the handle created with the block taken, the block freed with the handle deleted. */
    @Benchmark
    public long batchedReadsMergedWrites() throws Exception {
        ByteSequence h = handle();
        long rev = assignSnapshot(h);
        TxnResponse taken = kv.txn()
                .If(new Cmp(h, Cmp.Op.EQUAL, CmpTarget.version(0)), new Cmp(block, Cmp.Op.EQUAL, CmpTarget.modRevision(rev)))
                .Then(Op.put(h, handleValue, PutOption.DEFAULT), Op.put(block, blockValue, PutOption.DEFAULT))
                .commit().get();
        succeeded(taken);
        rev = releaseSnapshot(h);
        long written = taken.getHeader().getRevision();
        TxnResponse freed = kv.txn()
                .If(new Cmp(block, Cmp.Op.EQUAL, CmpTarget.modRevision(rev)), new Cmp(h, Cmp.Op.EQUAL, CmpTarget.modRevision(written)))
                .Then(Op.put(block, blockValue, PutOption.DEFAULT), Op.delete(h, DeleteOption.DEFAULT))
                .commit().get();
        return succeeded(freed).getHeader().getRevision();
    }

    /** The assign's reads in one range transaction; then the block its affinity names (one more round trip). */
    private long assignSnapshot(ByteSequence h) throws Exception {
        TxnResponse r = kv.txn().Then(Op.get(node, GetOption.DEFAULT), Op.get(pools, prefix()), Op.get(config, GetOption.DEFAULT),
                Op.get(reservations, prefix()), Op.get(affinities, prefix()), Op.get(h, GetOption.DEFAULT)).commit().get();
        if (r.getGetResponses().get(4).getKvs().isEmpty()) {
            throw new IllegalStateException("the host's affinity is gone");
        }
        return kv.get(block).get().getKvs().get(0).getModRevision();
    }

    /** The release's reads (the pools, the block, the handle) in one range transaction; returns the block's revision. */
    private long releaseSnapshot(ByteSequence h) throws Exception {
        TxnResponse r = kv.txn().Then(Op.get(pools, prefix()), Op.get(block, GetOption.DEFAULT), Op.get(h, GetOption.DEFAULT))
                .commit().get();
        return r.getGetResponses().get(1).getKvs().get(0).getModRevision();
    }

    private ByteSequence handle() {
        return bytes(IPAM + "handle/d" + handles.incrementAndGet());
    }

    private long cas(long rev) throws Exception {
        return succeeded(kv.txn().If(new Cmp(block, Cmp.Op.EQUAL, CmpTarget.modRevision(rev)))
                .Then(Op.put(block, blockValue, PutOption.DEFAULT)).commit().get()).getHeader().getRevision();
    }

    private long create(ByteSequence h) throws Exception {
        return succeeded(kv.txn().If(new Cmp(h, Cmp.Op.EQUAL, CmpTarget.version(0)))
                .Then(Op.put(h, handleValue, PutOption.DEFAULT)).commit().get()).getHeader().getRevision();
    }

    private void delete(ByteSequence h, long rev) throws Exception {
        succeeded(kv.txn().If(new Cmp(h, Cmp.Op.EQUAL, CmpTarget.modRevision(rev)))
                .Then(Op.delete(h, DeleteOption.DEFAULT)).commit().get());
    }

    private static TxnResponse succeeded(TxnResponse r) {
        if (!r.isSucceeded()) {
            throw new IllegalStateException("a compare failed: nobody else writes here");
        }
        return r;
    }

    private static KeyValue only(GetResponse r) {
        if (r.getKvs().size() != 1) {
            throw new IllegalStateException("expected one key, found " + r.getKvs().size());
        }
        return r.getKvs().get(0);
    }

    private static GetOption prefix() {
        return GetOption.builder().isPrefix(true).build();
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
