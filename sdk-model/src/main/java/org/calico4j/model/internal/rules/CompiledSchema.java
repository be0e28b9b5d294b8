package org.calico4j.model.internal.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.calico4j.model.internal.Out;
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
    /** The enum's values as text when every one is a string (a value is in it when it is a string among these). */
    private final String @Nullable [] enumTexts;
    private final @Nullable String enumReason;
    private final @Nullable Pattern pattern;
    private final @Nullable String patternText;
    private final int maxLength;
    private final int minLength;
    private final @Nullable BigDecimal minimum;
    private final @Nullable String minimumText;
    private final @Nullable BigDecimal maximum;
    private final @Nullable String maximumText;
    /** Whether each limit present is a whole number within {@code long}, compared as one to a whole value. */
    private final boolean longLimits;
    private final long minimumLong;
    private final long maximumLong;
    private final int maxItems;
    private final int minItems;
    private final @Nullable CompiledSchema items;
    private final String @Nullable [] required;
    /** By name, in schema order (the order defaults are filled in). */
    private final @Nullable Map<String, CompiledSchema> properties;
    /**
     * The same properties as arrays, names interned: a codec writes its property names as literals, the same interned
     * strings, so {@link Stream#property} finds most by identity before it hashes.
     */
    private final String[] propertyNames;
    private final CompiledSchema[] propertySchemas;
    /** For each of {@link #propertyNames}, its bit among {@link #required} (0 when not required). */
    private final long[] requiredBit;
    /** This node's own {@code default}, filled in when its property is absent. */
    private final @Nullable JsonNode defaultValue;
    private final @Nullable CompiledSchema additional;
    /** Whether a default sits at or below this node, where {@link #applyDefaults} looks for one. */
    private final boolean defaultsBelow;
    /** Whether any rule sits at or below this node, where {@link #check} looks for one. */
    private final boolean rulesBelow;
    /** How many of {@link #properties} have a default of their own. */
    private final int ownDefaults;

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
            boolean allText = true;
            for (JsonNode e : enumValues) {
                allText &= e.isTextual();
            }
            enumTexts = allText ? Arrays.stream(enumValues).map(JsonNode::textValue).toArray(String[]::new) : null;
        } else {
            enumValues = null;
            enumTexts = null;
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
        longLimits = (minimum == null || fitsLong(minimum)) && (maximum == null || fitsLong(maximum));
        minimumLong = minimum != null && longLimits ? minimum.longValueExact() : Long.MIN_VALUE;
        maximumLong = maximum != null && longLimits ? maximum.longValueExact() : Long.MAX_VALUE;
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
        int own = 0;
        if (props != null) {
            properties = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> p : props.properties()) {
                CompiledSchema sub = new CompiledSchema(p.getValue());
                properties.put(p.getKey(), sub);
                anyDefault |= sub.defaultValue != null || sub.defaultsBelow;
                rules |= sub.rulesBelow;
                own += sub.defaultValue != null ? 1 : 0;
            }
        } else {
            properties = null;
        }
        ownDefaults = own;
        int n = properties == null ? 0 : properties.size();
        propertyNames = new String[n];
        propertySchemas = new CompiledSchema[n];
        requiredBit = new long[n];
        int i = 0;
        if (properties != null) {
            for (Map.Entry<String, CompiledSchema> p : properties.entrySet()) {
                propertyNames[i] = p.getKey().intern();
                propertySchemas[i] = p.getValue();
                for (int k = 0; required != null && k < required.length && k < Long.SIZE; k++) {
                    requiredBit[i] |= required[k].equals(p.getKey()) ? 1L << k : 0;
                }
                i++;
            }
        }
        JsonNode add = schema.get("additionalProperties");
        additional = add != null && add.isObject() ? new CompiledSchema(add) : null;
        // Defaults are looked for below an object's properties and an array's items (when the items are a schema).
        defaultsBelow = anyDefault || (it != null && it.isObject() && items.defaultsBelow);
        rulesBelow = rules || enumValues != null || pattern != null || maxLength >= 0 || minLength >= 0 || minimum != null
                || maximum != null || maxItems >= 0 || minItems >= 0 || required != null
                || (items != null && items.rulesBelow) || (additional != null && additional.rulesBelow);
    }

    private static boolean fitsLong(BigDecimal d) {
        try {
            d.longValueExact();
            return true;
        } catch (ArithmeticException e) {
            return false;
        }
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
            if (enumTexts != null) {
                String text = value.isTextual() ? value.textValue() : null;
                for (int i = 0; text != null && !found && i < enumTexts.length; i++) {
                    found = enumTexts[i].equals(text);
                }
            } else {
                for (JsonNode e : enumValues) {
                    found |= e.equals(value);
                }
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
            boolean whole = longLimits && value.isIntegralNumber() && value.canConvertToLong();
            long n = whole ? value.longValue() : 0;
            BigDecimal d = whole ? null : value.decimalValue();
            if (minimum != null && (whole ? n < minimumLong : d.compareTo(minimum) < 0)) {
                String p = path.text();
                c.add(p, null, p + " in body should be greater than or equal to " + minimumText);
            }
            if (maximum != null && (whole ? n > maximumLong : d.compareTo(maximum) > 0)) {
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

    /**
     * Whether {@link #stream} can stand for {@link #applyDefaults} and {@link #check} of an object: no enum on the
     * object itself (the one rule that compares the whole object), and few enough required properties to track.
     */
    boolean streams() {
        return enumValues == null && (required == null || required.length <= Long.SIZE);
    }

    /**
     * Checks an object whose properties come one at a time ({@link Stream#property}), each name once, in the order
     * its tree would hold them, as {@link #check} checks the tree, naming violations from {@code root} down.
     */
    Stream stream(String root, Collector c) {
        if (!streams()) {
            throw new IllegalStateException("this schema node checks the whole object; check its tree");
        }
        return new Stream(new Path(null, root, -1), c);
    }

    /** One object streamed through this node: see {@link #stream}. */
    final class Stream implements Out.PropertySink {
        private final Path path;
        private final Collector c;
        private final int mark;
        private long requiredSeen;
        private int ownDefaultsSeen;
        private boolean defaultedBelow;

        private Stream(Path path, Collector c) {
            this.path = path;
            this.c = c;
            this.mark = c.size();
        }

        @Override
        public void property(String name, JsonNode value) {
            int at = -1;
            for (int i = 0; i < propertyNames.length; i++) {
                if (propertyNames[i] == name) {
                    at = i;
                    break;
                }
            }
            CompiledSchema sub;
            if (at >= 0) {
                sub = propertySchemas[at];
                requiredSeen |= requiredBit[at];
            } else {
                sub = properties == null ? null : properties.get(name);
                for (int i = 0; required != null && i < required.length; i++) {
                    requiredSeen |= required[i].equals(name) ? 1L << i : 0;
                }
            }
            if (defaultsBelow && sub != null) {
                ownDefaultsSeen += sub.defaultValue != null ? 1 : 0;
                defaultedBelow |= sub.defaultsBelow && sub.applyDefaults(value);
            }
            if (sub == null) {
                sub = additional;
            }
            if (sub != null && sub.rulesBelow) {
                sub.check(value, new Path(path, name, -1), c);
            }
        }

        /**
         * Ends the object: true when the outcome stands (the violations are those {@link #check} finds in the tree,
         * in its order); false when a schema default would be added, where the caller drops what was collected since
         * {@link #stream} and checks the defaulted tree instead.
         */
        boolean finish() {
            if (defaultedBelow || ownDefaultsSeen < ownDefaults) {
                return false;
            }
            if (required != null) {
                int at = mark;
                for (int i = 0; i < required.length; i++) {
                    if ((requiredSeen & (1L << i)) == 0) {
                        c.insert(at++, path.text() + "." + required[i], null, "");
                    }
                }
            }
            return true;
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
