package org.calico4j.model.internal.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The CRD schema part of what Calico's create path enforces in-process (etcd mode): schema
 * defaults, then enum / pattern / length / range / item-count / required checks. Errors carry
 * the JSON path as their name and no value, as Calico reports them.
 */
final class CrdRules {
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private CrdRules() {
    }

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
