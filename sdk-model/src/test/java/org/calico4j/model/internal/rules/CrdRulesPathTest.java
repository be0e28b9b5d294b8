package org.calico4j.model.internal.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.calico4j.model.Kind;
import org.calico4j.model.validation.Violation;
import org.junit.jupiter.api.Test;

/**
 * The schema checks name where each broken rule sits, as the API server does ({@code spec.a.b[2]}); the path is
 * spelt out only for a violation, so nested fields, array items and required fields are checked here.
 */
class CrdRulesPathTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> check(String value, String schema) throws Exception {
        Collector c = new Collector(Kind.IP_POOL, "p");
        CompiledSchema.compile(JSON.readTree(schema)).check(JSON.readTree(value), "spec", c);
        return c.violations().stream().map(v -> v.field() + " | " + v.reason()).toList();
    }

    @Test
    void eachViolationNamesItsPathAndTheValidOnesNone() throws Exception {
        String schema = """
                {"type": "object", "properties": {
                  "name": {"type": "string", "pattern": "^x"},
                  "uses": {"type": "array", "maxItems": 2, "items": {"type": "string", "enum": ["A", "B"]}},
                  "outer": {"type": "object", "required": ["k"], "properties": {
                    "inner": {"type": "array", "items": {"type": "object", "properties": {
                      "n": {"type": "integer", "minimum": 1}}}}}},
                  "labels": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 3}}}}
                """;
        assertEquals(List.of(), check("""
                {"name": "xy", "uses": ["A", "B"], "outer": {"k": 1, "inner": [{"n": 1}, {"n": 5}]}, "labels": {"a": "abc"}}
                """, schema));
        assertEquals(List.of(
                "spec.name | spec.name in body should match '^x'",
                "spec.uses | must have at most 2 items",
                "spec.uses[2] | supported values: \"A\", \"B\"",
                "spec.outer.k | ",
                "spec.outer.inner[1].n | spec.outer.inner[1].n in body should be greater than or equal to 1",
                "spec.labels.long | may not be more than 3 bytes"), check("""
                {"name": "y", "uses": ["A", "B", "C"], "outer": {"inner": [{"n": 1}, {"n": 0}]}, "labels": {"a": "abc", "long": "abcd"}}
                """, schema));
    }

    @Test
    void theViolationsCarryNoValue() throws Exception {
        Collector c = new Collector(Kind.IP_POOL, "p");
        CompiledSchema.compile(JSON.readTree("{\"properties\": {\"a\": {\"enum\": [\"c\"]}}}")).check(JSON.readTree("{\"a\": \"b\"}"), "spec", c);
        Violation v = c.violations().get(0);
        assertEquals("spec.a", v.field());
        assertEquals(java.util.Optional.empty(), v.value());
    }

    @Test
    void defaultsAreFilledAtEveryDepthAndOnlyWhereAbsent() throws Exception {
        JsonNode schema = JSON.readTree("""
                {"properties": {
                  "mode": {"type": "string", "default": "Auto"},
                  "plain": {"type": "object", "properties": {"x": {"type": "string"}}},
                  "peers": {"type": "array", "items": {"type": "object", "properties": {
                    "ref": {"type": "object", "properties": {"name": {"type": "string", "default": ""}}}}}}}}
                """);
        JsonNode value = JSON.readTree("""
                {"plain": {}, "peers": [{"ref": {}}, {"ref": {"name": "given"}}, {}]}
                """);
        CompiledSchema compiled = CompiledSchema.compile(schema);
        assertEquals(true, compiled.applyDefaults(value));
        assertEquals(JSON.readTree("""
                {"plain": {}, "peers": [{"ref": {"name": ""}}, {"ref": {"name": "given"}}, {}], "mode": "Auto"}
                """), value);
        assertEquals(false, compiled.applyDefaults(value), "a second pass finds nothing to add");
    }

    /**
     * A declared property is checked against its own schema even when it has no rules, never against
     * {@code additionalProperties}; a value of another type than the schema's is checked only by the rules for its type;
     * no default is filled inside {@code additionalProperties}.
     */
    @Test
    void aDeclaredPropertyNeverFallsBackToAdditionalPropertiesAndTypesSelectTheRules() throws Exception {
        String schema = """
                {"properties": {"free": {"type": "string"}, "n": {"type": "integer", "minimum": 5},
                  "list": {"type": "array", "maxItems": 1, "items": {"type": "string"}}},
                 "additionalProperties": {"type": "string", "maxLength": 2,
                   "properties": {"d": {"type": "string", "default": "x"}}}}
                """;
        assertEquals(List.of(), check("{\"free\": \"longer than two\", \"n\": \"text\", \"list\": {\"a\": 1}}", schema));
        assertEquals(List.of("spec.other | may not be more than 2 bytes", "spec.n | spec.n in body should be greater than or equal to 5"),
                check("{\"other\": \"abc\", \"n\": 4}", schema));
        JsonNode value = JSON.readTree("{\"other\": {}}");
        assertEquals(false, CompiledSchema.compile(JSON.readTree(schema)).applyDefaults(value));
        assertEquals(JSON.readTree("{\"other\": {}}"), value);
    }

    /**
     * Cases the real schemas lack: an enum of texts that a number or boolean spells ({@code 1} is not {@code "1"}), and a
     * required name declared nowhere or streamed as a name not written as a literal (found by text, not identity).
     */
    @Test
    void enumsCompareTypesAndTheStreamFindsRequiredNamesByText() throws Exception {
        assertEquals(List.of("spec.a | supported values: \"1\", \"true\""), check("{\"a\": 1}",
                "{\"properties\": {\"a\": {\"enum\": [\"1\", \"true\"]}}}"));
        assertEquals(List.of("spec.a | supported values: \"1\", \"true\""), check("{\"a\": true}",
                "{\"properties\": {\"a\": {\"enum\": [\"1\", \"true\"]}}}"));
        assertEquals(List.of(), check("{\"a\": \"true\"}", "{\"properties\": {\"a\": {\"enum\": [\"1\", \"true\"]}}}"));
        CompiledSchema schema = CompiledSchema.compile(JSON.readTree(
                "{\"required\": [\"x\", \"a\"], \"properties\": {\"a\": {\"maxLength\": 1}}, \"additionalProperties\": {}}"));
        Collector c = new Collector(Kind.IP_POOL, "p");
        CompiledSchema.Stream stream = schema.stream("spec", c);
        stream.property(new String(new char[] {'x'}), JSON.readTree("1"));
        stream.property(new String(new char[] {'a'}), JSON.readTree("\"ab\""));
        assertEquals(true, stream.finish());
        assertEquals(List.of("spec.a | may not be more than 1 bytes"), c.violations().stream().map(v -> v.field() + " | "
                + v.reason()).toList(), "both required names were seen; the declared one's rule applies");
        CompiledSchema declared = CompiledSchema.compile(JSON.readTree("{\"required\": [\"a\"], \"properties\": {\"a\": {}}}"));
        Collector none = new Collector(Kind.IP_POOL, "p");
        CompiledSchema.Stream s2 = declared.stream("spec", none);
        s2.property(new String(new char[] {'a'}), JSON.readTree("1"));
        assertEquals(true, s2.finish());
        assertEquals(List.of(), none.violations(), "a declared required name, not a literal, is seen");
    }
}
