package org.calico4j.model.internal.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.RandomResources;
import org.calico4j.model.Resource;
import org.calico4j.model.internal.Codecs;
import org.calico4j.model.validation.Validator;
import org.calico4j.model.validation.Violation;
import org.junit.jupiter.api.Test;

/**
 * The spec streamed property by property ({@code ResourceCodec.streamSpecOf}), as the pipeline checks the kinds without
 * CEL rules, against the spec's tree ({@code encodeSpecOf}).
 */
class StreamedSpecTest {
    @Test
    void everyCodecStreamsTheTreesPropertiesOnceEachInTheTreesOrder() {
        RandomResources random = new RandomResources(20261205L);
        for (int i = 0; i < 3_000; i++) {
            Resource r = random.any();
            ObjectNode tree = Codecs.forKind(r.kind()).encodeSpecOf(r);
            ObjectNode rebuilt = JsonNodeFactory.instance.objectNode();
            List<String> names = new ArrayList<>();
            Codecs.forKind(r.kind()).streamSpecOf(r, (name, value) -> {
                names.add(name);
                rebuilt.set(name, value);
            });
            List<String> treeNames = new ArrayList<>();
            tree.fieldNames().forEachRemaining(treeNames::add);
            assertEquals(treeNames, names, () -> r.kind() + " property order of " + tree);
            assertEquals(tree, rebuilt, () -> r.kind() + " property values of " + tree);
        }
    }

    /**
     * A pool or reservation Calico accepts, in the form it is stored (defaulted), is checked on the stream alone: the
     * stream does not decline for the tree (which would make every write pay for both), and agrees with the tree.
     * Random ones, accepted or not, give the tree's violations whenever the stream's outcome stands.
     */
    @Test
    void poolsAndReservationsAreCheckedOnTheStreamAndAgreeWithTheTree() {
        RandomResources random = new RandomResources(20261206L);
        Random r = new Random(20261206L);
        int pools = 0;
        int reservations = 0;
        int withViolations = 0;
        for (int i = 0; i < 4_000; i++) {
            Resource res = i % 2 == 1 ? random.reservation() : i % 4 == 0 ? random.ipPool() : plausiblePool(r);
            Validator.Result result = Validator.standard().result(res);
            if (result.isValid()) {
                pools += i % 2 == 0 ? 1 : 0;
                reservations += i % 2 == 0 ? 0 : 1;
                Collector c = new Collector(res.kind(), res.name());
                assertTrue(stream(result.resource(), c), () -> res.kind() + " stored form streams: " + result.resource());
                assertEquals(List.of(), c.violations(), () -> res.kind() + " stored form: " + result.resource());
            }
            Collector streamed = new Collector(res.kind(), res.name());
            if (stream(res, streamed)) {
                Collector tree = new Collector(res.kind(), res.name());
                ObjectNode spec = Codecs.forKind(res.kind()).encodeSpecOf(res);
                CompiledSchema schema = CompiledSchema.compile(Codecs.schema(res.kind()).root());
                assertEquals(false, schema.applyDefaults(spec), () -> res.kind() + " " + spec);
                schema.check(spec, "spec", tree);
                assertEquals(text(tree.violations()), text(streamed.violations()), () -> res.kind() + " " + spec);
                withViolations += streamed.isEmpty() ? 0 : 1;
            }
        }
        int p = pools;
        int rs = reservations;
        int v = withViolations;
        assertTrue(p > 100 && rs > 100 && v > 200, () -> p + " pools, " + rs + " reservations accepted, " + v
                + " streamed with violations");
    }

    /** A pool with a valid CIDR and modes, selectors and uses from Calico's sets: most are accepted. */
    private static IpPool plausiblePool(Random r) {
        String[] cidrs = {"10.0.0.0/16", "192.168.0.0/24", "fd00:1::/64", "172.16.0.0/12", "10.1.0.0/28"};
        String[] modes = {"", "Never", "Never", "Always", "CrossSubnet"};
        String[] selectors = {"", "all()", "rack == 'a'", "has(edge)"};
        List<List<String>> uses = List.of(List.of(), List.of("Workload"), List.of("Workload", "Tunnel"), List.of("Tunnel"));
        String cidr = cidrs[r.nextInt(cidrs.length)];
        IpPoolSpec.Builder b = IpPoolSpec.builder().cidr(cidr).natOutgoing(r.nextBoolean()).disabled(r.nextInt(4) == 0)
                .ipipMode(cidr.contains(":") ? "" : modes[r.nextInt(modes.length)]).vxlanMode(modes[r.nextInt(2)])
                .nodeSelector(selectors[r.nextInt(selectors.length)]).allowedUses(uses.get(r.nextInt(uses.size())))
                .blockSize(r.nextBoolean() ? 0 : cidr.contains(":") ? 122 : 24 + r.nextInt(5));
        if (r.nextBoolean()) {
            b.assignmentMode(r.nextBoolean() ? "Automatic" : "Manual");
        }
        return IpPool.builder().name("pool-" + r.nextInt(100)).spec(b.build()).build();
    }

    private static boolean stream(Resource r, Collector c) {
        CompiledSchema.Stream s = CompiledSchema.compile(Codecs.schema(r.kind()).root()).stream("spec", c);
        Codecs.forKind(r.kind()).streamSpecOf(r, s);
        return s.finish();
    }

    private static List<String> text(List<Violation> vs) {
        List<String> out = new ArrayList<>();
        for (Violation v : vs) {
            out.add(v.field() + " | " + v.value() + " | " + v.reason());
        }
        return out;
    }
}
