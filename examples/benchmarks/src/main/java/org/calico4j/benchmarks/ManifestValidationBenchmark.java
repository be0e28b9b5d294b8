package org.calico4j.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.calico4j.model.validation.ManifestValidation;
import org.calico4j.model.validation.Validator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Read + default + validate a manifest of N IPPools (calico4j's whole create path, as
 * {@code calico4j validate} runs it) against a plain Jackson parse of the same text into a tree.
 * Both run in one JMH run so that the ratio is read off one machine state.
 *
 * <pre>{@code
 * java -jar examples/benchmarks/target/benchmarks.jar ManifestValidationBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ManifestValidationBenchmark {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Param({"10000"})
    int pools;

    String manifest;

    @Setup
    public void setup() {
        manifest = manifestOf(pools);
        ManifestValidation.Report r = ManifestValidation.run(manifest, "bench", Validator.standard());
        if (!r.isValid() || r.accepted().size() != pools) {
            throw new IllegalStateException("benchmark manifest is not what it should be: " + r.errors());
        }
    }

    /** Pools of distinct /24s with a mix of the fields users set. */
    static String manifestOf(int n) {
        StringBuilder sb = new StringBuilder(n * 200);
        for (int i = 0; i < n; i++) {
            sb.append("---\napiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: pool-").append(i)
                    .append("\n  labels:\n    env: prod\nspec:\n  cidr: 10.").append(i / 256).append('.').append(i % 256)
                    .append(".0/24\n  natOutgoing: true\n  ipipMode: ").append(i % 3 == 0 ? "CrossSubnet" : "Never")
                    .append("\n  nodeSelector: rack == \"r").append(i % 8).append("\"\n");
        }
        return sb.toString();
    }

    @Benchmark
    public ManifestValidation.Report readDefaultValidate() {
        return ManifestValidation.run(manifest, "bench", Validator.standard());
    }

    @Benchmark
    public List<JsonNode> jacksonParseToTree() throws Exception {
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(manifest)) {
            return it.readAll();
        }
    }
}
