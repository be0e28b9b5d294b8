package org.calico4j.model.internal.rules;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The CRD schema part of what Calico's create path enforces in-process (etcd mode): schema
 * defaults, then enum / pattern / length / range / item-count / required checks. Errors carry
 * the JSON path as their name and no value, as Calico reports them.
 */
final class CrdRules {
    private CrdRules() {
    }

    /** Fills absent properties that have a schema default; true when anything was added. */
    static boolean applyDefaults(JsonNode value, CompiledSchema schema) {
        return schema.applyDefaults(value);
    }

    /** Checks {@code value} against {@code schema}, naming violations from {@code path} down. */
    static void check(JsonNode value, CompiledSchema schema, String path, Collector c) {
        schema.check(value, CompiledSchema.Path.root(path), c);
    }

    /** {@link #check(JsonNode, CompiledSchema, String, Collector)} against a schema read for this call. */
    static void check(JsonNode value, JsonNode schema, String path, Collector c) {
        check(value, CompiledSchema.compile(schema), path, c);
    }

    /** Helper for CEL-like rules: a string property that is present and non-empty. */
    static boolean set(JsonNode obj, String field) {
        JsonNode v = obj.get(field);
        return v != null && !v.isNull() && !(v.isTextual() && v.textValue().isEmpty());
    }

    static List<String> names(JsonNode obj) {
        List<String> out = new ArrayList<>();
        obj.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
