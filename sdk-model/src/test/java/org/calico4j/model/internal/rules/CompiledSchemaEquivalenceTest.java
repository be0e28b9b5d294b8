package org.calico4j.model.internal.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.calico4j.model.Kind;
import org.calico4j.model.internal.Codecs;
import org.calico4j.model.validation.Violation;
import org.junit.jupiter.api.Test;

/**
 * {@link CompiledSchema} against the interpreter it replaced (session 10's {@code CrdRules}, kept below as the oracle):
 * over values generated from each kind's real CRD schema, valid and not (wrong types, values off the enum, out of
 * range, too long, missing required fields, unknown keys), both give the same violations in the same order and fill
 * the same defaults.
 */
class CompiledSchemaEquivalenceTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Every kind with a CRD schema. */
    private static final List<Kind> KINDS = List.of(Kind.IP_POOL, Kind.BGP_PEER, Kind.BGP_CONFIGURATION, Kind.BGP_FILTER,
            Kind.FELIX_CONFIGURATION, Kind.IP_RESERVATION, Kind.NODE);
    private static final String[] TEXTS = {"", "a", "Auto", "Enabled", "Disabled", "Info", "Debug", "Never", "Always",
        "CrossSubnet", "10.0.0.0/8", "fd00::/64", "192.168.1.1", "65000", "1.2.3.4:179", "x".repeat(300), "rr == 'true'",
        "Accept", "Reject", "In", "NotIn", "Equal", "Import", "Export", "default", "1m", "10s", "eth+", "-1"};

    @Test
    void theCompiledSchemaAnswersAsTheInterpreterOnGeneratedValuesOfEveryKind() {
        Random r = new Random(20261205L);
        int violations = 0;
        int defaulted = 0;
        for (Kind kind : KINDS) {
            JsonNode schema = Codecs.schema(kind).root();
            CompiledSchema compiled = CompiledSchema.compile(schema);
            for (int i = 0; i < 1_500; i++) {
                JsonNode value = generate(schema, r, 0);
                JsonNode forOld = value.deepCopy();
                JsonNode forNew = value.deepCopy();
                boolean oldChanged = Interpreter.applyDefaults(forOld, schema);
                boolean newChanged = compiled.applyDefaults(forNew);
                assertEquals(oldChanged, newChanged, () -> kind + " defaults of " + value);
                assertEquals(forOld, forNew, () -> kind + " defaults of " + value);
                Collector oldC = new Collector(kind, "x");
                Collector newC = new Collector(kind, "x");
                Interpreter.check(forOld, schema, "spec", oldC);
                compiled.check(forNew, "spec", newC);
                assertEquals(text(oldC.violations()), text(newC.violations()), () -> kind + " check of " + value);
                violations += newC.size();
                defaulted += newChanged ? 1 : 0;
            }
        }
        // The generator must reach both outcomes often, or the comparison says little.
        int v = violations;
        int d = defaulted;
        assertEquals(true, v > 2_000 && d > 500, () -> violations(v, d));
    }

    /**
     * The streamed check ({@link CompiledSchema#stream}, which the pipeline uses for the kinds whose spec it streams)
     * against the tree's: every generated object of every kind, its properties handed over one at a time in the tree's
     * order, gives the tree's violations in the tree's order, and declines (so the tree is checked) exactly when a
     * schema default would be added.
     */
    @Test
    void theStreamedCheckAnswersAsTheTreeOnGeneratedObjectsOfEveryKind() {
        Random r = new Random(20261206L);
        int violations = 0;
        int declined = 0;
        for (Kind kind : KINDS) {
            JsonNode schema = Codecs.schema(kind).root();
            CompiledSchema compiled = CompiledSchema.compile(schema);
            assertEquals(true, compiled.streams(), () -> kind + " spec schema streams");
            for (int i = 0; i < 1_500; i++) {
                JsonNode value = generate(schema, r, 0);
                if (!value.isObject()) {
                    continue;
                }
                JsonNode tree = value.deepCopy();
                boolean defaulted = compiled.applyDefaults(tree);
                Collector treeC = new Collector(kind, "x");
                treeC.add("before", null, "a violation found earlier stays first");
                compiled.check(tree, "spec", treeC);
                Collector streamC = new Collector(kind, "x");
                streamC.add("before", null, "a violation found earlier stays first");
                CompiledSchema.Stream stream = compiled.stream("spec", streamC);
                value.properties().forEach(p -> stream.property(p.getKey(), p.getValue().deepCopy()));
                boolean stands = stream.finish();
                assertEquals(!defaulted, stands, () -> kind + " stream declines exactly when defaults are added: " + value);
                if (stands) {
                    assertEquals(text(treeC.violations()), text(streamC.violations()), () -> kind + " check of " + value);
                    violations += streamC.size() - 1;
                } else {
                    declined++;
                }
            }
        }
        int v = violations;
        int d = declined;
        assertEquals(true, v > 1_000 && d > 500, () -> violations(v, d));
    }

    private static String violations(int v, int d) {
        return v + " violations, " + d + " values defaulted";
    }

    private static List<String> text(List<Violation> vs) {
        List<String> out = new ArrayList<>();
        for (Violation v : vs) {
            out.add(v.field() + " | " + v.value() + " | " + v.reason());
        }
        return out;
    }

    /** A value for {@code schema}: mostly of its type and within its rules, sometimes not. */
    private static JsonNode generate(JsonNode schema, Random r, int depth) {
        if (r.nextInt(12) == 0 || depth > 6) {
            return scalar(r);
        }
        JsonNode en = schema.get("enum");
        if (en != null && en.isArray() && r.nextInt(4) != 0) {
            return en.get(r.nextInt(en.size())).deepCopy();
        }
        String type = schema.path("type").asText("");
        if (schema.has("properties") || type.equals("object")) {
            ObjectNode o = F.objectNode();
            JsonNode props = schema.get("properties");
            if (props != null) {
                for (Map.Entry<String, JsonNode> p : props.properties()) {
                    if (r.nextInt(3) == 0) {
                        o.set(p.getKey(), generate(p.getValue(), r, depth + 1));
                    }
                }
            }
            JsonNode additional = schema.get("additionalProperties");
            int extra = r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0;
            for (int k = 0; k < extra; k++) {
                o.set("extra" + k, additional != null && additional.isObject() ? generate(additional, r, depth + 1) : scalar(r));
            }
            return o;
        }
        if (type.equals("array") || schema.has("items")) {
            ArrayNode a = F.arrayNode();
            int n = r.nextInt(5);
            for (int k = 0; k < n; k++) {
                a.add(schema.has("items") ? generate(schema.get("items"), r, depth + 1) : scalar(r));
            }
            return a;
        }
        if (type.equals("integer") || type.equals("number")) {
            return number(schema, r);
        }
        if (type.equals("boolean")) {
            return F.booleanNode(r.nextBoolean());
        }
        return F.textNode(TEXTS[r.nextInt(TEXTS.length)]);
    }

    private static JsonNode number(JsonNode schema, Random r) {
        switch (r.nextInt(5)) {
            case 0:
                return schema.has("minimum") ? F.numberNode(schema.get("minimum").longValue() - r.nextInt(2)) : F.numberNode(-1);
            case 1:
                return schema.has("maximum") ? F.numberNode(schema.get("maximum").longValue() + r.nextInt(2)) : F.numberNode(70_000);
            case 2: // a fraction just past a limit: only a check that reads numbers as decimals sees it
                if (r.nextInt(4) == 0) { // or a whole number past any long: only a check that reads it as a decimal sees it
                    BigInteger big = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.TEN);
                    return F.numberNode(r.nextBoolean() ? big : big.negate());
                }
                if (schema.has("minimum")) {
                    return F.numberNode(schema.get("minimum").decimalValue().subtract(new BigDecimal("0.5")));
                }
                return schema.has("maximum") ? F.numberNode(schema.get("maximum").decimalValue().add(new BigDecimal("0.5")))
                        : F.numberNode(new BigDecimal("1.5"));
            case 3: // a whole number written as a decimal (5.0): not an integral node, read as a decimal
                return F.numberNode(new BigDecimal(r.nextInt(100) + ".0"));
            default:
                return F.numberNode(r.nextInt(100));
        }
    }

    private static JsonNode scalar(Random r) {
        switch (r.nextInt(5)) {
            case 0:
                return F.nullNode();
            case 1:
                return F.numberNode(r.nextInt(200) - 100);
            case 2:
                return F.booleanNode(r.nextBoolean());
            case 3:
                return F.arrayNode().add(TEXTS[r.nextInt(TEXTS.length)]);
            default:
                return F.textNode(TEXTS[r.nextInt(TEXTS.length)]);
        }
    }

    /** Session 10's {@code CrdRules} (git show 2ba018b), which read the schema's JSON on every call: the oracle. */
    private static final class Interpreter {
        private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

        /** Fills absent properties that have a schema default; true when anything was added. */
        static boolean applyDefaults(JsonNode value, JsonNode schema) {
            if (!value.isObject()) {
                if (value.isArray() && schema.path("items").isObject()) {
                    boolean changed = false;
                    for (JsonNode item : value) {
                        changed |= applyDefaults(item, schema.get("items"));
                    }
                    return changed;
                }
                return false;
            }
            boolean changed = false;
            ObjectNode obj = (ObjectNode) value;
            JsonNode props = schema.get("properties");
            if (props == null) {
                return false;
            }
            for (Map.Entry<String, JsonNode> p : props.properties()) {
                JsonNode v = obj.get(p.getKey());
                if (v == null) {
                    JsonNode def = p.getValue().get("default");
                    if (def != null) {
                        obj.set(p.getKey(), def.deepCopy());
                        changed = true;
                    }
                } else {
                    changed |= applyDefaults(v, p.getValue());
                }
            }
            return changed;
        }

        static void check(JsonNode value, JsonNode schema, String path, Collector c) {
            if (value.isNull()) {
                return;
            }
            JsonNode en = schema.get("enum");
            if (en != null && en.isArray()) {
                boolean found = false;
                for (JsonNode e : en) {
                    found |= e.equals(value);
                }
                if (!found) {
                    StringBuilder sb = new StringBuilder("supported values: ");
                    for (int i = 0; i < en.size(); i++) {
                        sb.append(i == 0 ? "" : ", ").append('"').append(en.get(i).asText()).append('"');
                    }
                    c.add(path, null, sb.toString());
                }
            }
            if (value.isTextual()) {
                String s = value.textValue();
                JsonNode pat = schema.get("pattern");
                if (pat != null && !pattern(pat.asText()).matcher(s).find()) {
                    c.add(path, null, path + " in body should match '" + pat.asText() + "'");
                }
                if (schema.has("maxLength") && s.length() > schema.get("maxLength").asInt()) {
                    c.add(path, null, "may not be more than " + schema.get("maxLength").asInt() + " bytes");
                }
                if (schema.has("minLength") && s.length() < schema.get("minLength").asInt()) {
                    c.add(path, null, path + " in body should be at least " + schema.get("minLength").asInt() + " chars long");
                }
            }
            if (value.isNumber()) {
                BigDecimal n = value.decimalValue();
                if (schema.has("minimum") && n.compareTo(schema.get("minimum").decimalValue()) < 0) {
                    c.add(path, null, path + " in body should be greater than or equal to " + schema.get("minimum").asText());
                }
                if (schema.has("maximum") && n.compareTo(schema.get("maximum").decimalValue()) > 0) {
                    c.add(path, null, path + " in body should be less than or equal to " + schema.get("maximum").asText());
                }
            }
            if (value.isArray()) {
                if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
                    c.add(path, null, "must have at most " + schema.get("maxItems").asInt() + " items");
                }
                if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
                    c.add(path, null, path + " in body should have at least " + schema.get("minItems").asInt() + " items");
                }
                JsonNode items = schema.get("items");
                if (items != null) {
                    for (int i = 0; i < value.size(); i++) {
                        check(value.get(i), items, path + "[" + i + "]", c);
                    }
                }
            }
            if (value.isObject()) {
                JsonNode required = schema.get("required");
                if (required != null) {
                    for (JsonNode r : required) {
                        if (!value.has(r.asText())) {
                            c.add(path + "." + r.asText(), null, "");
                        }
                    }
                }
                JsonNode props = schema.get("properties");
                JsonNode additional = schema.get("additionalProperties");
                for (Map.Entry<String, JsonNode> e : value.properties()) {
                    JsonNode sub = props == null ? null : props.get(e.getKey());
                    if (sub == null && additional != null && additional.isObject()) {
                        sub = additional;
                    }
                    if (sub != null) {
                        check(e.getValue(), sub, path + "." + e.getKey(), c);
                    }
                }
            }
        }

        private static Pattern pattern(String p) {
            return PATTERNS.computeIfAbsent(p, Pattern::compile);
        }
    }
}
