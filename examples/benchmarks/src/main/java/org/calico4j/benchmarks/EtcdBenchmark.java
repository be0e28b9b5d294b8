package org.calico4j.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.Watch;
import org.calico4j.client.etcd.EtcdDatastore;
import org.calico4j.client.etcd.EtcdOptions;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Versioned;
import org.calico4j.model.IpPool;
import org.calico4j.model.Kind;
import org.calico4j.model.manifest.Manifest;
import org.calico4j.model.validation.Validator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * calico4j on a real etcd (Debian's /usr/bin/etcd, started here on loopback) against raw jetcd
 * issuing the same single-key transactions with the same bytes, in one run: get, update
 * (mod-revision compare), create+delete; the client's full path (validation included); and the
 * watch event rate. Latency per op (µs); throughput is its inverse (one thread).
 *
 * <pre>{@code
 * java -jar examples/benchmarks/target/benchmarks.jar EtcdBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EtcdBenchmark {
    private LocalEtcd etcd;
    private Client raw;
    private EtcdDatastore ds;
    private CalicoClient client;
    private ResourceKey key;
    private ByteSequence rawKey;
    private ByteSequence rawValue;
    private IpPool pool;
    private long rawRev;
    private long dsRev;
    private long replayFrom;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        etcd = LocalEtcd.start();
        String c = etcd.endpoint();
        raw = Client.builder().endpoints(c).build();
        ds = EtcdDatastore.open(EtcdOptions.builder().endpoint(c).timeout(Duration.ofSeconds(10)).build());
        client = CalicoClient.builder().datastore(ds).build();
        pool = Validator.standard().validate(ClientBenchmark.pool("bench", "10.0.0.0/16"));
        key = ResourceKey.of(Kind.IP_POOL, "bench");
        ds.create(key, pool);
        dsRev = ds.get(key).orElseThrow().revision();
        rawKey = ByteSequence.from("/calico/resources/v3/projectcalico.org/ippools/raw", StandardCharsets.UTF_8);
        rawValue = ByteSequence.from(Manifest.toJsonTree(pool).toString(), StandardCharsets.UTF_8);
        rawRev = raw.getKVClient().put(rawKey, rawValue).get().getHeader().getRevision();
        ResourceKey history = ResourceKey.of(Kind.IP_POOL, "history");
        replayFrom = ds.create(history, pool).revision();
        for (int i = 0; i < 2_000; i++) {
            ds.update(history, pool, 0);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        client.close();
        ds.close();
        raw.close();
        etcd.close();
    }

    @Benchmark
    public GetResponse rawGet() throws Exception {
        return raw.getKVClient().get(rawKey).get();
    }

    @Benchmark
    public Versioned calico4jGet() {
        return ds.get(key).orElseThrow();
    }

    @Benchmark
    public IpPool clientGet() {
        return client.ipPools().withName("bench").require();
    }

    @Benchmark
    public TxnResponse rawUpdate() throws Exception {
        TxnResponse r = raw.getKVClient().txn().If(new Cmp(rawKey, Cmp.Op.EQUAL, CmpTarget.modRevision(rawRev)))
                .Then(Op.put(rawKey, rawValue, PutOption.DEFAULT)).Else(Op.get(rawKey, GetOption.DEFAULT)).commit().get();
        rawRev = r.getHeader().getRevision();
        return r;
    }

    @Benchmark
    public Versioned calico4jUpdate() {
        Versioned v = ds.update(key, pool, dsRev);
        dsRev = v.revision();
        return v;
    }

    @Benchmark
    public TxnResponse rawCreateDelete() throws Exception {
        ByteSequence k = ByteSequence.from("/calico/resources/v3/projectcalico.org/ippools/raw-tmp", StandardCharsets.UTF_8);
        raw.getKVClient().txn().If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.version(0)))
                .Then(Op.put(k, rawValue, PutOption.DEFAULT)).Else(Op.get(k, GetOption.DEFAULT)).commit().get();
        return raw.getKVClient().txn().If(new Cmp(k, Cmp.Op.GREATER, CmpTarget.version(0)))
                .Then(Op.delete(k, DeleteOption.builder().withPrevKV(true).build())).Else(Op.get(k, GetOption.DEFAULT)).commit().get();
    }

    @Benchmark
    public Versioned calico4jCreateDelete() {
        ResourceKey k = ResourceKey.of(Kind.IP_POOL, "tmp");
        ds.create(k, pool);
        return ds.delete(k, 0);
    }

    /** The client's whole create path: validation, the overlap check (a list), the txn; then a delete. */
    @Benchmark
    public IpPool clientCreateDelete() {
        client.ipPools().create(ClientBenchmark.pool("tmp2", "172.16.0.0/24"));
        return client.ipPools().withName("tmp2").delete();
    }

    /** A watch replaying 2,000 stored changes (no writes while measured): µs per delivered event. */
    @Benchmark
    @OperationsPerInvocation(2_000)
    public long watchEvents() throws Exception {
        AtomicLong seen = new AtomicLong();
        Watch w = client.ipPools().watch(replayFrom, e -> seen.incrementAndGet());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (seen.get() < 2_000 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        } finally {
            w.close();
        }
        if (seen.get() < 2_000) {
            throw new IllegalStateException("watch delivered only " + seen.get() + " of 2000 events");
        }
        return seen.get();
    }
}
