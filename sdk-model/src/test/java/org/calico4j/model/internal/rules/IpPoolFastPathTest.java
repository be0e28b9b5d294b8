package org.calico4j.model.internal.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.calico4j.model.BgpPeer;
import org.calico4j.model.BgpPeerSpec;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.Resource;
import org.calico4j.model.internal.Codecs;
import org.calico4j.model.validation.ValidationContext;
import org.calico4j.model.validation.Violation;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's shortcut for a pool in its stored form ({@link IpPoolRules#takenAsIs}) against every step it skips
 * ({@link Pipeline#steps}): over pools generated at each rule's edges (CIDRs strict or not, canonical or not, link-local,
 * smaller than a block; block sizes at and past each limit; modes, selectors, uses and assignment modes valid and not;
 * names, namespaces and labels Calico refuses) and stored pools edited one field at a time, against contexts of every
 * kind (a create beside overlapping pools, an update of a pool whose CIDR, block size or uses differ, a stored object
 * of another kind), the shortcut takes a pool only when the steps accept it unchanged, and the pipeline answers as the
 * steps do, violations in the same order. So for the second shortcut, a pool that the defaulting step (with the
 * context's checks) brings into stored form, tested without a context: the steps then accept exactly the defaulted
 * pool. The tests hold the shortcuts' conditions sound and show they cover what the steps accept; that
 * {@link Pipeline#run} takes them is shown by {@code ClientBenchmark.validateCreate} and {@code validateUpdate}.
 */
class IpPoolFastPathTest {
    private static final String[] CIDRS = {"10.0.0.0/16", "10.0.0.0/24", "10.0.0.0/26", "10.0.0.0/30", "10.0.0.1/24",
        "169.254.0.0/16", "169.254.3.0/24", "0.0.0.0/0", "10.1.0.0/20", "fd00::/64", "fd00:0::/64", "fe80::/64",
        "fd00::/120", "fd00::/127", "FD00::/64", "bogus", "10.0.0.0", ""};
    private static final int[] BLOCKS = {0, 0, 19, 20, 24, 26, 26, 30, 32, 33, 115, 116, 122, 122, 128, 129, -1};
    private static final String[] MODES = {"", "Never", "Never", "Never", "Always", "CrossSubnet", "never", "Sometimes"};
    private static final String[] SELECTORS = {"", "all()", "all()", "has(x)", "global()", "a == 'b' && global()",
        "bad((", "!has(y)"};
    private static final String[] NAMESPACE_SELECTORS = {"", "", "", "all()", "bad((", "global()", "has(ns)"};
    private static final List<List<String>> USES = List.of(List.of(), List.of("Workload"), List.of("Tunnel"),
            List.of("Workload", "Tunnel"), List.of("LoadBalancer"), List.of("LoadBalancer", "Workload"), List.of("Bogus"),
            List.of("Workload", "Workload"));
    private static final String[] ASSIGNMENT = {null, "Automatic", "Manual", "manual", ""};
    private static final String[] NAMES = {"pool-a", "pool-a", "pool-b", "Pool_A", "p", "a".repeat(253), "a".repeat(254)};

    @Test
    void theShortcutTakesOnlyWhatEveryStepAcceptsUnchangedAndThePipelineAnswersAsTheSteps() {
        Random r = new Random(20261205L);
        List<IpPool> stored = new ArrayList<>();
        int taken = 0;
        int acceptedUnchanged = 0;
        int takenOfThose = 0;
        int defaultedTaken = 0;
        int acceptedDefaulted = 0;
        int defaultedTakenOfThose = 0;
        for (int i = 0; i < 40_000; i++) {
            IpPool pool = i % 2 == 0 || stored.isEmpty() ? generate(r) : editOneField(stored.get(r.nextInt(stored.size())), r);
            ValidationContext ctx = context(pool, stored, r);
            Pipeline.Outcome steps = Pipeline.steps(pool, ctx);
            Pipeline.Outcome run = Pipeline.run(pool, ctx);
            assertEquals(text(steps.violations()), text(run.violations()), () -> "violations of " + pool);
            assertEquals(steps.resource(), run.resource(), () -> "outcome of " + pool);
            boolean unchanged = steps.violations().isEmpty() && steps.resource().equals(pool);
            if (IpPoolRules.takenAsIs(pool, ctx) && pool.metadata().namespace().isEmpty()) {
                taken++;
                // What is left to the meta check is all the steps may object to; with no objection, the pool stands.
                assertTrue(onlyMeta(steps.violations()) && (unchanged || !steps.violations().isEmpty()),
                        () -> "taken as is, but the steps say " + steps + ": " + pool);
            }
            if (unchanged) {
                acceptedUnchanged++;
                takenOfThose += IpPoolRules.takenAsIs(pool, ctx) ? 1 : 0;
            }
            // The second shortcut: defaulting (with the context's checks) brought the pool to a form the context-free
            // steps after it take as it is; they must then accept exactly the defaulted pool.
            IpPool defaulted = pool.metadata().namespace().isEmpty()
                    ? IpPoolRules.defaultAndCheck(pool, ctx, new Collector(pool.kind(), pool.name())).orElse(null) : null;
            boolean defaultedTakenHere = defaulted != null && IpPoolRules.takenAsIs(defaulted, ValidationContext.empty());
            if (defaultedTakenHere) {
                defaultedTaken++;
                assertTrue(onlyMeta(steps.violations()) && (!steps.violations().isEmpty() || steps.resource().equals(defaulted)),
                        () -> "taken once defaulted (" + defaulted + "), but the steps say " + steps + ": " + pool);
            }
            if (steps.violations().isEmpty() && !steps.resource().equals(pool)) {
                acceptedDefaulted++;
                defaultedTakenOfThose += defaultedTakenHere ? 1 : 0;
            }
            if (steps.violations().isEmpty() && stored.size() < 200) {
                stored.add((IpPool) steps.resource());
            }
        }
        int t = taken;
        int a = acceptedUnchanged;
        int to = takenOfThose;
        // Both outcomes must be common, and the shortcut must serve nearly every pool the steps keep as it is.
        assertTrue(t > 3_000 && a > 3_000 && to >= a * 0.9, () -> t + " taken, " + a + " accepted unchanged, " + to
                + " of those taken");
        int dt = defaultedTaken;
        int ad = acceptedDefaulted;
        int dto = defaultedTakenOfThose;
        // So for the pools the steps accept with defaults added (a create as a user writes it) and the second shortcut.
        assertTrue(dt > 1_000 && ad > 1_000 && dto >= ad * 0.9, () -> dt + " taken once defaulted, " + ad
                + " accepted with defaults, " + dto + " of those taken");
    }

    private static boolean onlyMeta(List<Violation> vs) {
        return vs.stream().allMatch(v -> v.field().startsWith("Metadata."));
    }

    private static IpPool generate(Random r) {
        IpPoolSpec.Builder s = IpPoolSpec.builder().cidr(pick(CIDRS, r)).blockSize(BLOCKS[r.nextInt(BLOCKS.length)])
                .ipipMode(pick(MODES, r)).vxlanMode(pick(MODES, r)).nodeSelector(pick(SELECTORS, r))
                .namespaceSelector(pick(NAMESPACE_SELECTORS, r)).allowedUses(USES.get(r.nextInt(USES.size())))
                .natOutgoing(r.nextBoolean()).disabled(r.nextInt(5) == 0).disableBGPExport(r.nextInt(5) == 0);
        String mode = pick(ASSIGNMENT, r);
        if (mode != null) {
            s.assignmentMode(mode);
        }
        return IpPool.builder().metadata(meta(r)).spec(s.build()).build();
    }

    private static ObjectMeta meta(Random r) {
        ObjectMeta.Builder m = ObjectMeta.builder().name(pick(NAMES, r));
        if (r.nextInt(20) == 0) {
            m.namespace("ns");
        }
        if (r.nextInt(20) == 0) {
            m.labels(Map.of(r.nextBoolean() ? "bad key!" : "rack", "r1"));
        }
        if (r.nextInt(20) == 0) {
            m.annotations(Map.of(r.nextBoolean() ? "bad key!" : "note", "x"));
        }
        return m.build();
    }

    /** A stored pool with one field changed (or none), as an update edits what it read. */
    private static IpPool editOneField(IpPool p, Random r) {
        IpPoolSpec.Builder s = IpPoolSpec.builder().from(p.spec());
        switch (r.nextInt(12)) {
            case 0 -> s.cidr(pick(CIDRS, r));
            case 1 -> s.blockSize(BLOCKS[r.nextInt(BLOCKS.length)]);
            case 2 -> s.ipipMode(pick(MODES, r));
            case 3 -> s.vxlanMode(pick(MODES, r));
            case 4 -> s.nodeSelector(pick(SELECTORS, r));
            case 5 -> s.namespaceSelector(pick(NAMESPACE_SELECTORS, r));
            case 6 -> s.allowedUses(USES.get(r.nextInt(USES.size())));
            case 7 -> s.disabled(!p.spec().disabled()).disableBGPExport(r.nextInt(4) == 0);
            case 8 -> {
                return p.withMetadata(meta(r));
            }
            case 9 -> s.assignmentMode(Optional.ofNullable(pick(ASSIGNMENT, r)));
            default -> s.natOutgoing(!p.spec().natOutgoing());
        }
        return p.withSpec(s.build());
    }

    /** A create beside some stored pools, or an update of a stored pool (as it is or edited), or of another kind. */
    private static ValidationContext context(IpPool pool, List<IpPool> stored, Random r) {
        List<IpPool> existing = new ArrayList<>();
        for (int k = 0; k < r.nextInt(4) && !stored.isEmpty(); k++) {
            existing.add(stored.get(r.nextInt(stored.size())));
        }
        Resource previous;
        switch (r.nextInt(6)) {
            case 0:
            case 1:
                previous = null;
                break;
            case 2:
                previous = BgpPeer.builder().name(pool.name()).spec(BgpPeerSpec.builder().build()).build();
                break;
            case 3:
                previous = stored.isEmpty() ? null : stored.get(r.nextInt(stored.size()));
                break;
            default:
                previous = r.nextInt(3) == 0 ? editOneField(pool, r) : pool;
                break;
        }
        Resource prev = previous;
        return new ValidationContext() {
            @Override
            public List<IpPool> existingPools() {
                return existing;
            }

            @Override
            public Optional<Resource> previous() {
                return Optional.ofNullable(prev);
            }
        };
    }

    private static <T> T pick(T[] values, Random r) {
        return values[r.nextInt(values.length)];
    }

    private static List<String> text(List<Violation> vs) {
        List<String> out = new ArrayList<>();
        for (Violation v : vs) {
            out.add(v.field() + " | " + v.value() + " | " + v.reason());
        }
        return out;
    }

    @Test
    void aStoredPoolEditedIsTakenAsTheSameInstance() {
        IpPool stored = (IpPool) Pipeline.steps(IpPool.builder().name("pool-a")
                .spec(IpPoolSpec.builder().cidr("10.0.0.0/16").build()).build(), ValidationContext.empty()).resource();
        IpPool edited = stored.withSpec(stored.spec().withNatOutgoing(true));
        ValidationContext update = new ValidationContext() {
            @Override
            public Optional<Resource> previous() {
                return Optional.of(stored);
            }
        };
        assertTrue(IpPoolRules.takenAsIs(edited, update));
        assertSame(edited, Pipeline.run(edited, update).resource());
    }

    /**
     * The rules of the IPPool CRD schema that {@link IpPoolRules#takenAsIs} writes out by hand: a schema refreshed from
     * a new Calico release with a rule added or changed fails here, pointing at the shortcut to bring along.
     */
    @Test
    void theShortcutKnowsEveryRuleOfTheIpPoolSchema() {
        List<String> rules = new ArrayList<>();
        collect(Codecs.schema(org.calico4j.model.Kind.IP_POOL).root(), "spec", rules);
        java.util.Collections.sort(rules);
        assertEquals(List.of(
                "spec required=[\"cidr\"]",
                "spec.allowedUses.items enum=[\"Workload\",\"Tunnel\",\"LoadBalancer\"]",
                "spec.assignmentMode default=\"Automatic\"",
                "spec.assignmentMode enum=[\"Automatic\",\"Manual\"]",
                "spec.blockSize maximum=128",
                "spec.blockSize minimum=0",
                "spec.ipipMode enum=[\"Never\",\"Always\",\"CrossSubnet\"]",
                "spec.vxlanMode enum=[\"Never\",\"Always\",\"CrossSubnet\"]"), rules);
        assertEquals(Enums.ENCAP, java.util.Set.of("Never", "Always", "CrossSubnet"), "the Go modes are the CRD's");
    }

    private static void collect(com.fasterxml.jackson.databind.JsonNode schema, String path, List<String> out) {
        for (String k : List.of("enum", "pattern", "maxLength", "minLength", "minimum", "maximum", "maxItems", "minItems",
                "required", "default", "x-kubernetes-validations", "additionalProperties", "format")) {
            if (schema.has(k) && !(k.equals("format") && schema.get(k).asText().equals("cidr"))) {
                out.add(path + " " + k + "=" + schema.get(k));
            }
        }
        if (schema.has("items")) {
            collect(schema.get("items"), path + ".items", out);
        }
        schema.path("properties").properties().forEach(e -> collect(e.getValue(), path + "." + e.getKey(), out));
    }
}
