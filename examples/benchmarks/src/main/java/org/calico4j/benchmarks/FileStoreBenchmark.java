package org.calico4j.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.calico4j.client.file.FileDatastore;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Versioned;
import org.calico4j.model.IpPool;
import org.calico4j.model.Kind;
import org.calico4j.model.validation.Validator;
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
 * Durable writes per second on the embedded file store: each update is forced to disk before it
 * returns (one WAL record, fsync), as every acknowledged write must be.
 *
 * <pre>{@code
 * java -jar examples/benchmarks/target/benchmarks.jar FileStoreBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FileStoreBenchmark {
    private Path dir;
    private FileDatastore ds;
    private IpPool pool;
    private long counter;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("calico4j-bench");
        ds = FileDatastore.open(dir.resolve("store"));
        pool = Validator.standard().validate(ClientBenchmark.pool("p", "10.0.0.0/16"));
        ds.create(ResourceKey.of(Kind.IP_POOL, "p"), pool);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        ds.close();
        TempDirs.delete(dir);
    }

    @Benchmark
    public Versioned durableUpdate() {
        return ds.update(ResourceKey.of(Kind.IP_POOL, "p"), pool.withSpec(pool.spec().withNatOutgoing(++counter % 2 == 0)), 0);
    }
}
