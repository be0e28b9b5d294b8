package org.calico4j.model.internal.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jspecify.annotations.Nullable;

/**
 * The CRD schema part of what Calico's create path enforces in-process (etcd mode): schema defaults, then enum /
 * pattern / length / range / item-count / required checks, with errors that carry the JSON path as their name and no
 * value, as Calico reports them. One node of a schema is read once into what every write asks of it: the enum
 * values, the compiled pattern, the limits as numbers, the properties by name, and whether anything below can default
 * or fail at all, so a subtree without either is not walked. It reads the same keywords, in the same order, as
 * reading the schema's JSON on each write did ({@code CompiledSchemaEquivalenceTest} compares the two).
 */
final class CompiledSchema {
    private final JsonNode @Nullable [] enumValues;
    private final @Nullable String enumReason;
    private final @Nullable Pattern pattern;
    private final @Nullable String patternText;
    private final int maxLength;
    private final int minLength;
    private final @Nullable BigDecimal minimum;
    private final @Nullable String minimumText;
    private final @Nullable BigDecimal maximum;
    private final @Nullable String maximumText;
    private final int maxItems;
    private final int minItems;
    private final @Nullable CompiledSchema items;
    private final String @Nullable [] required;
    /** By name, in schema order (the order defaults are filled in). */
    private final @Nullable Map<String, CompiledSchema> properties;
    /** This node's own {@code default}, filled in when its property is absent. */
    private final @Nullable JsonNode defaultValue;
    private final @Nullable CompiledSchema additional;
    /** Whether a default sits at or below this node, where {@link #applyDefaults} looks for one. */
    private final boolean defaultsBelow;
    /** Whether any rule sits at or below this node, where {@link #check} looks for one. */
    private final boolean rulesBelow;

    private CompiledSchema(JsonNode schema) {
        JsonNode en = schema.get("enum");
        if (en != null && en.isArray()) {
            enumValues = new JsonNode[en.size()];
            StringBuilder sb = new StringBuilder("supported values: ");
            for (int i = 0; i < en.size(); i++) {
                enumValues[i] = en.get(i);
                sb.append(i == 0 ? "" : ", ").append('"').append(en.get(i).asText()).append('"');
            }
            enumReason = sb.toString();
        } else {
            enumValues = null;
            enumReason = null;
        }
        JsonNode pat = schema.get("pattern");
        patternText = pat == null ? null : pat.asText();
        pattern = patternText == null ? null : Pattern.compile(patternText);
        maxLength = schema.has("maxLength") ? schema.get("maxLength").asInt() : -1;
        minLength = schema.has("minLength") ? schema.get("minLength").asInt() : -1;
        minimum = schema.has("minimum") ? schema.get("minimum").decimalValue() : null;
        minimumText = schema.has("minimum") ? schema.get("minimum").asText() : null;
        maximum = schema.has("maximum") ? schema.get("maximum").decimalValue() : null;
        maximumText = schema.has("maximum") ? schema.get("maximum").asText() : null;
        maxItems = schema.has("maxItems") ? schema.get("maxItems").asInt() : -1;
        minItems = schema.has("minItems") ? schema.get("minItems").asInt() : -1;
        JsonNode it = schema.get("items");
        items = it == null ? null : new CompiledSchema(it);
        JsonNode req = schema.get("required");
        if (req != null) {
            List<String> names = new ArrayList<>();
            for (JsonNode r : req) {
                names.add(r.asText());
            }
            required = names.toArray(String[]::new);
        } else {
            required = null;
        }
        defaultValue = schema.get("default");
        JsonNode props = schema.get("properties");
        boolean anyDefault = false;
        boolean rules = false;
        if (props != null) {
            properties = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> p : props.properties()) {
                CompiledSchema sub = new CompiledSchema(p.getValue());
                properties.put(p.getKey(), sub);
                anyDefault |= sub.defaultValue != null || sub.defaultsBelow;
                rules |= sub.rulesBelow;
            }
        } else {
            properties = null;
        }
        JsonNode add = schema.get("additionalProperties");
        additional = add != null && add.isObject() ? new CompiledSchema(add) : null;
        // Defaults are looked for below an object's properties and an array's items (when the items are a schema).
        defaultsBelow = anyDefault || (it != null && it.isObject() && items.defaultsBelow);
        rulesBelow = rules || enumValues != null || pattern != null || maxLength >= 0 || minLength >= 0 || minimum != null
                || maximum != null || maxItems >= 0 || minItems >= 0 || required != null
                || (items != null && items.rulesBelow) || (additional != null && additional.rulesBelow);
    }

    /** Reads {@code schema} once; the result is immutable and shared by every write of its kind. */
    static CompiledSchema compile(JsonNode schema) {
        return new CompiledSchema(schema);
    }

    /** Fills absent properties that have a schema default; true when anything was added. */
    boolean applyDefaults(JsonNode value) {
        if (!defaultsBelow) {
            return false;
        }
        if (!value.isObject()) {
            if (value.isArray() && items != null) {
                boolean changed = false;
                for (JsonNode item : value) {
                    changed |= items.applyDefaults(item);
                }
                return changed;
            }
            return false;
        }
        if (properties == null) {
            return false;
        }
        boolean changed = false;
        ObjectNode obj = (ObjectNode) value;
        for (Map.Entry<String, CompiledSchema> p : properties.entrySet()) {
            CompiledSchema sub = p.getValue();
            if (sub.defaultValue == null && !sub.defaultsBelow) {
                continue;
            }
            JsonNode v = obj.get(p.getKey());
            if (v == null) {
                if (sub.defaultValue != null) {
                    obj.set(p.getKey(), sub.defaultValue.deepCopy());
                    changed = true;
                }
            } else {
                changed |= sub.applyDefaults(v);
            }
        }
        return changed;
    }

    /** Checks {@code value} against this node, naming violations from {@code root} (e.g. {@code spec}) down. */
    void check(JsonNode value, String root, Collector c) {
        check(value, new Path(null, root, -1), c);
    }

    /** Checks {@code value} against this node; {@code path} names it in a violation and is spelt out only for one. */
    private void check(JsonNode value, Path path, Collector c) {
        if (!rulesBelow || value.isNull()) {
            return;
        }
        if (enumValues != null) {
            boolean found = false;
            for (JsonNode e : enumValues) {
                found |= e.equals(value);
            }
            if (!found) {
                c.add(path.text(), null, enumReason);
            }
        }
        if (value.isTextual()) {
            String s = value.textValue();
            if (pattern != null && !pattern.matcher(s).find()) {
                String p = path.text();
                c.add(p, null, p + " in body should match '" + patternText + "'");
            }
            if (maxLength >= 0 && s.length() > maxLength) {
                c.add(path.text(), null, "may not be more than " + maxLength + " bytes");
            }
            if (minLength >= 0 && s.length() < minLength) {
                String p = path.text();
                c.add(p, null, p + " in body should be at least " + minLength + " chars long");
            }
        }
        if (value.isNumber() && (minimum != null || maximum != null)) {
            BigDecimal n = value.decimalValue();
            if (minimum != null && n.compareTo(minimum) < 0) {
                String p = path.text();
                c.add(p, null, p + " in body should be greater than or equal to " + minimumText);
            }
            if (maximum != null && n.compareTo(maximum) > 0) {
                String p = path.text();
                c.add(p, null, p + " in body should be less than or equal to " + maximumText);
            }
        }
        if (value.isArray()) {
            if (maxItems >= 0 && value.size() > maxItems) {
                c.add(path.text(), null, "must have at most " + maxItems + " items");
            }
            if (minItems >= 0 && value.size() < minItems) {
                String p = path.text();
                c.add(p, null, p + " in body should have at least " + minItems + " items");
            }
            if (items != null && items.rulesBelow) {
                for (int i = 0; i < value.size(); i++) {
                    items.check(value.get(i), new Path(path, null, i), c);
                }
            }
        }
        if (value.isObject()) {
            if (required != null) {
                for (String r : required) {
                    if (!value.has(r)) {
                        c.add(path.text() + "." + r, null, "");
                    }
                }
            }
            if (properties == null && additional == null) {
                return;
            }
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                CompiledSchema sub = properties == null ? null : properties.get(e.getKey());
                if (sub == null) {
                    sub = additional;
                }
                if (sub != null && sub.rulesBelow) {
                    sub.check(e.getValue(), new Path(path, e.getKey(), -1), c);
                }
            }
        }
    }

    /** Where a value sits ({@code spec.a.b[2]}): a property or an item below its parent, spelt out on demand. */
    private static final class Path {
        private final @Nullable Path parent;
        private final @Nullable String key;
        private final int index;

        Path(@Nullable Path parent, @Nullable String key, int index) {
            this.parent = parent;
            this.key = key;
            this.index = index;
        }

        String text() {
            StringBuilder sb = new StringBuilder();
            append(sb);
            return sb.toString();
        }

        private void append(StringBuilder sb) {
            if (parent == null) {
                sb.append(key);
                return;
            }
            parent.append(sb);
            if (key != null) {
                sb.append('.').append(key);
            } else {
                sb.append('[').append(index).append(']');
            }
        }
    }
}
