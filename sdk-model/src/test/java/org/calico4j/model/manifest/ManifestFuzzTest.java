package org.calico4j.model.manifest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.calico4j.model.CalicoException;
import org.calico4j.model.Resource;
import org.calico4j.model.conformance.ConformanceVectors;
import org.calico4j.model.validation.ManifestValidation;
import org.calico4j.model.validation.ValidationException;
import org.calico4j.model.validation.Validator;
import org.junit.jupiter.api.Test;

/**
 * 10,000 seeded mutations of valid manifests (wrong types, missing and unknown fields, junk,
 * huge values, deep nesting, text damage): nothing but a manifest or validation error may
 * escape, and an error caused by a named field names it.
 */
class ManifestFuzzTest {
    private static final int CASES = 10_000;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private record Mutation(String text, String fieldNamed) {
    }

    @Test
    void onlyCalicoErrorsEscapeAndTheyNameTheField() throws Exception {
        List<JsonNode> seeds = seeds();
        int rejected = 0;
        for (int seed = 0; seed < CASES; seed++) {
            Random r = new Random(seed);
            Mutation m = mutate(seeds.get(r.nextInt(seeds.size())).deepCopy(), r);
            ManifestValidation.Report report;
            try {
                report = ManifestValidation.run(m.text(), "fuzz-" + seed, Validator.standard());
                Manifest parsed = null;
                try {
                    parsed = Manifest.parse(m.text());
                } catch (ManifestException expected) {
                    assertFalse(expected.problems().isEmpty(), "seed " + seed);
                }
                if (parsed != null) {
                    for (Resource res : parsed.resources()) {
                        try {
                            Validator.standard().validate(res);
                        } catch (ValidationException expected) {
                            assertFalse(expected.violations().isEmpty(), "seed " + seed);
                        }
                    }
                }
            } catch (CalicoException e) {
                throw new AssertionError("seed " + seed + ": unexpected " + e.getClass().getSimpleName() + " from a lenient call", e);
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("seed " + seed + ": " + e + " escaped for input:\n" + head(m.text()), e);
            }
            if (!report.isValid()) {
                rejected++;
                String all = String.join("\n", report.errors());
                assertFalse(all.contains("Exception"), "seed " + seed + " leaks a Java exception name: " + all);
                // A decode error caused by the mutated field must name it. (A wrong-typed scalar may
                // legitimately decode, as YAML scalars become text for string fields; the
                // validator's errors then name the field in Calico's words.)
                boolean decodeFailure = all.startsWith("fuzz-");
                if (m.fieldNamed() != null && decodeFailure && report.accepted().isEmpty()) {
                    assertTrue(all.contains(m.fieldNamed()) || all.toLowerCase().contains(m.fieldNamed().toLowerCase()),
                            "seed " + seed + ": error does not name field '" + m.fieldNamed() + "':\n" + all + "\n" + head(m.text()));
                }
            }
        }
        assertTrue(rejected > CASES / 2, "mutations too gentle: only " + rejected + " rejected");
    }

    private static String head(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
    }

    private static List<JsonNode> seeds() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (ConformanceVectors.ManifestCase c : ConformanceVectors.manifestCases()) {
            if (c.accept()) {
                String text = ConformanceVectors.read(c.manifest());
                out.addAll(YAML.readerFor(JsonNode.class).<JsonNode>readValues(text).readAll());
            }
        }
        out.removeIf(n -> n == null || !n.isObject());
        return out;
    }

    /** Applies one mutation; returns the manifest text and, where the mutation targets one named field, its name. */
    private static Mutation mutate(JsonNode doc, Random r) throws IOException {
        List<Object[]> slots = new ArrayList<>();
        collect(doc, slots);
        Object[] slot = slots.get(r.nextInt(slots.size()));
        ObjectNode parent = (ObjectNode) slot[0];
        String key = (String) slot[1];
        String named = null;
        int kind = r.nextInt(9);
        switch (kind) {
            case 0: // wrong type
                parent.set(key, wrongType(parent.get(key), r));
                named = key;
                break;
            case 1: // missing field
                parent.remove(key);
                break;
            case 2: // unknown field
                String junkKey = "junk" + r.nextInt(1000);
                parent.put(junkKey, r.nextInt());
                named = junkKey;
                break;
            case 3: // junk text value
                parent.put(key, junk(r));
                break;
            case 4: // huge value
                parent.set(key, huge(r));
                break;
            case 5: // deep nesting
                parent.set(key, deep(r.nextInt(900) + 10, r));
                break;
            case 6: // case-changed key (calicoctl matches keys case-insensitively)
                JsonNode v = parent.remove(key);
                parent.set(key.toUpperCase(), v);
                break;
            default:
                break;
        }
        String text = r.nextBoolean() ? YAML.writeValueAsString(doc) : JSON.writeValueAsString(doc);
        if (kind == 7) { // damage the text itself
            StringBuilder sb = new StringBuilder(text);
            for (int i = 0; i < 1 + r.nextInt(5); i++) {
                int at = r.nextInt(sb.length());
                String damage = "{}[]:,-\"'#&*!|>%@`\n\t \u0000\u00e9";
                sb.setCharAt(at, damage.charAt(r.nextInt(damage.length())));
            }
            text = sb.toString();
        } else if (kind == 8) { // several documents, one of them a list
            text = "---\n" + text + "\n---\n- " + JSON.writeValueAsString(doc) + "\n";
        }
        return new Mutation(text, named);
    }

    private static void collect(JsonNode n, List<Object[]> slots) {
        if (n.isObject()) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                slots.add(new Object[] {n, e.getKey()});
                collect(e.getValue(), slots);
            }
        } else if (n.isArray()) {
            n.forEach(c -> collect(c, slots));
        }
    }

    private static JsonNode wrongType(JsonNode old, Random r) {
        JsonNode[] options = {F.textNode("not-a-" + r.nextInt(10)), F.numberNode(r.nextInt()), F.booleanNode(r.nextBoolean()),
                F.arrayNode().add(1).add("x"), F.objectNode().put("nested", "value"), F.numberNode(1.5)};
        JsonNode pick;
        do {
            pick = options[r.nextInt(options.length)];
        } while (old != null && pick.getNodeType() == old.getNodeType());
        return pick;
    }

    private static String junk(Random r) {
        String[] junk = {"", " ", "!!", "%%%", "\u0000", "\uffff", "../../etc/passwd", "$(rm -rf /)", "'; DROP", "has(",
                "10.0.0.0/33", "::::", "1.2.3", "-1", "NaN", "1e999", "\u202e", "a".repeat(300)};
        return junk[r.nextInt(junk.length)];
    }

    private static JsonNode huge(Random r) {
        switch (r.nextInt(4)) {
            case 0: return F.textNode("x".repeat(100_000 + r.nextInt(100_000)));
            case 1: return F.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
            case 2: return F.numberNode(1e308);
            default:
                ArrayNode a = F.arrayNode();
                for (int i = 0; i < 10_000; i++) {
                    a.add("v" + i);
                }
                return a;
        }
    }

    private static JsonNode deep(int depth, Random r) {
        JsonNode n = F.textNode("bottom");
        for (int i = 0; i < depth; i++) {
            n = r.nextBoolean() ? F.arrayNode().add(n) : F.objectNode().set("d", n);
        }
        return n;
    }
}
