package org.calico4j.model.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import org.calico4j.model.GoDuration;
import org.calico4j.model.JsonValue;
import org.calico4j.model.net.AsNumber;
import org.calico4j.model.net.Port;
import org.jspecify.annotations.Nullable;

/**
 * Strict reading of one JSON object into a Go-shaped struct, the way calicoctl's decoder
 * ({@code sigs.k8s.io/yaml} + {@code encoding/json} with unknown fields disallowed) reads it:
 * keys match field names exactly or else case-insensitively, unknown keys are errors, a value of
 * the wrong JSON type is an error worded as Go words it, {@code null} means "not set", and YAML
 * scalars are turned into text where the target is a string.
 */
public final class Fields {
    private static final BigInteger MAX_UINT32 = BigInteger.valueOf(0xFFFF_FFFFL);

    private final String path;
    private final String goStruct;
    private final DecodeErrors errors;
    private final Map<String, JsonNode> values;

    private Fields(String path, String goStruct, DecodeErrors errors, Map<String, JsonNode> values) {
        this.path = path;
        this.goStruct = goStruct;
        this.errors = errors;
        this.values = values;
    }

    /**
     * Reads {@code node} (an object) as the Go struct {@code goStruct} whose JSON field names are
     * {@code names}; {@code path} is the dotted JSON path of the struct ("" at top level).
     */
    public static Fields of(JsonNode node, String path, String goStruct, DecodeErrors errors, List<String> names) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        List<String> unknown = null;
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = e.getKey();
            String field = match(key, names);
            if (field == null) {
                if (unknown == null) {
                    unknown = new ArrayList<>();
                }
                unknown.add(key);
            } else if (!e.getValue().isNull()) {
                values.put(field, e.getValue());
            } else {
                values.remove(field);
            }
        }
        if (unknown != null) {
            // calicoctl's decoder sees keys in sorted order and reports the first; we report all, first first.
            Collections.sort(unknown);
            for (String u : unknown) {
                errors.unknownField(u);
            }
        }
        return new Fields(path, goStruct, errors, values);
    }

    private static @Nullable String match(String key, List<String> names) {
        for (String n : names) {
            if (n.equals(key)) {
                return n;
            }
        }
        for (String n : names) {
            if (n.equalsIgnoreCase(key)) {
                return n;
            }
        }
        return null;
    }

    public String childPath(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    public boolean has(String field) {
        return values.containsKey(field);
    }

    public @Nullable JsonNode raw(String field) {
        return values.get(field);
    }

    public DecodeErrors errors() {
        return errors;
    }

    private void typeError(String field, JsonNode v, String goType) {
        errors.add("cannot unmarshal " + jsonKind(v, false) + " into Go struct field " + goStruct + "."
                + childPath(field) + " of type " + goType);
    }

    private void numberError(String field, JsonNode v, String goType) {
        errors.add("cannot unmarshal number " + v.asText() + " into Go struct field " + goStruct + "."
                + childPath(field) + " of type " + goType);
    }

    /** Go's name for the JSON type of {@code v} in unmarshal errors. */
    static String jsonKind(JsonNode v, boolean withNumber) {
        if (v.isTextual()) {
            return "string";
        }
        if (v.isNumber()) {
            return withNumber ? "number " + v.asText() : "number";
        }
        if (v.isBoolean()) {
            return "bool";
        }
        if (v.isArray()) {
            return "array";
        }
        if (v.isObject()) {
            return "object";
        }
        return "null";
    }

    /** A Go {@code string}; YAML numbers and booleans become their text, as sigs.k8s.io/yaml does. */
    public String string(String field) {
        return optString(field).orElse("");
    }

    public Optional<String> optString(String field) {
        JsonNode v = values.get(field);
        if (v == null) {
            return Optional.empty();
        }
        String s = scalarText(v);
        if (s == null) {
            typeError(field, v, "string");
            return Optional.empty();
        }
        return Optional.of(s);
    }

    static @Nullable String scalarText(JsonNode v) {
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isIntegralNumber() || v.isBoolean()) {
            return v.asText();
        }
        if (v.isFloatingPointNumber()) {
            double d = v.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e21 ? Long.toString((long) d) : Double.toString(d);
        }
        return null;
    }

    public boolean bool(String field) {
        return optBool(field).orElse(false);
    }

    public Optional<Boolean> optBool(String field) {
        JsonNode v = values.get(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            typeError(field, v, "bool");
            return Optional.empty();
        }
        return Optional.of(v.booleanValue());
    }

    /** A Go integer of the given type ({@code int}, {@code int32}, {@code uint8}, {@code uint16}, {@code int64}...). */
    public Optional<Long> optInteger(String field, String goType) {
        JsonNode v = values.get(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isNumber()) {
            typeError(field, v, goType);
            return Optional.empty();
        }
        if (!v.isIntegralNumber()) {
            numberError(field, v, goType);
            return Optional.empty();
        }
        BigInteger b = v.bigIntegerValue();
        if (b.compareTo(BigInteger.valueOf(min(goType))) < 0 || b.compareTo(BigInteger.valueOf(max(goType))) > 0) {
            numberError(field, v, goType);
            return Optional.empty();
        }
        return Optional.of(b.longValue());
    }

    public int integer(String field, String goType) {
        return optInteger(field, goType).map(Long::intValue).orElse(0);
    }

    public Optional<Integer> optInt(String field, String goType) {
        return optInteger(field, goType).map(Long::intValue);
    }

    private static long min(String goType) {
        switch (goType) {
            case "int8": return Byte.MIN_VALUE;
            case "int16": return Short.MIN_VALUE;
            case "int32": return Integer.MIN_VALUE;
            case "int":
            case "int64": return Long.MIN_VALUE;
            default: return 0;
        }
    }

    private static long max(String goType) {
        switch (goType) {
            case "int8": return Byte.MAX_VALUE;
            case "uint8": return 255;
            case "int16": return Short.MAX_VALUE;
            case "uint16": return 65535;
            case "int32": return Integer.MAX_VALUE;
            case "uint32": return 0xFFFF_FFFFL;
            default: return Long.MAX_VALUE;
        }
    }

    /**
     * {@code numorstring.ASNumber}: a number in uint32 range, or a plain/dotted string. Its
     * decoder falls back to a string decode, hence Go's odd "of type string" for bad numbers.
     */
    public Optional<AsNumber> optAsNumber(String field) {
        JsonNode v = values.get(field);
        if (v == null) {
            return Optional.empty();
        }
        if (v.isIntegralNumber() && v.bigIntegerValue().signum() >= 0 && v.bigIntegerValue().compareTo(MAX_UINT32) <= 0) {
            return Optional.of(AsNumber.of(v.longValue()));
        }
        if (!v.isTextual()) {
            typeError(field, v, "string");
            return Optional.empty();
        }
        Optional<AsNumber> a = AsNumber.tryParse(v.textValue());
        if (a.isEmpty()) {
            errors.add(childPath(field) + ": invalid AS Number format (" + v.textValue() + ")");
        }
        return a;
    }

    /** {@code numorstring.Protocol}: a uint8 number or a name, as text ("" when absent). */
    public String protocol(String field) {
        JsonNode v = values.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isIntegralNumber() && v.bigIntegerValue().signum() >= 0 && v.bigIntegerValue().compareTo(BigInteger.valueOf(255)) <= 0) {
            return Integer.toString(v.intValue());
        }
        if (v.isNumber()) {
            numberError(field, v, "uint8");
        } else {
            typeError(field, v, "numorstring.Protocol");
        }
        return "";
    }

    /** {@code numorstring.Port}: a uint16 number, or a string (number, {@code min:max}, or a name). */
    public Optional<Port> optPort(String field) {
        JsonNode v = values.get(field);
        return v == null ? Optional.empty() : port(v, field);
    }

    private Optional<Port> port(JsonNode v, String field) {
        if (v.isTextual()) {
            try {
                return Optional.of(Port.parse(v.textValue()));
            } catch (IllegalArgumentException e) {
                errors.add(childPath(field) + ": " + e.getMessage());
                return Optional.empty();
            }
        }
        if (v.isIntegralNumber() && v.bigIntegerValue().signum() >= 0
                && v.bigIntegerValue().compareTo(BigInteger.valueOf(65535)) <= 0) {
            return Optional.of(Port.of(v.intValue()));
        }
        if (v.isNumber()) {
            numberError(field, v, "uint16");
        } else {
            typeError(field, v, "uint16");
        }
        return Optional.empty();
    }

    public List<Port> portList(String field) {
        JsonNode v = array(field, "[]numorstring.Port");
        if (v == null) {
            return List.of();
        }
        List<Port> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isNull()) {
                port(item, field).ifPresent(out::add);
            }
        }
        return out;
    }

    /** The array value of {@code field}, or null when absent or (reported) not an array. */
    private @Nullable JsonNode array(String field, String goType) {
        JsonNode v = values.get(field);
        if (v != null && !v.isArray()) {
            typeError(field, v, goType);
            return null;
        }
        return v;
    }

    /** An element of slice {@code goType} (e.g. {@code []string}) of the wrong JSON type. */
    private void itemError(String field, JsonNode item, String goType) {
        errors.add("cannot unmarshal " + jsonKind(item, false) + " into Go struct field " + goStruct + "."
                + childPath(field) + " of type " + goType.substring(2));
    }

    /** {@code metav1.Duration}: a Go duration string. */
    public Optional<GoDuration> optDuration(String field) {
        JsonNode v = values.get(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            typeError(field, v, "string");
            return Optional.empty();
        }
        try {
            return Optional.of(GoDuration.parse(v.textValue()));
        } catch (IllegalArgumentException | ArithmeticException e) {
            errors.add(childPath(field) + ": " + (e instanceof ArithmeticException
                    ? "time: invalid duration \"" + v.textValue() + "\"" : e.getMessage()));
            return Optional.empty();
        }
    }

    /** A Go {@code []string} (or slice of a string type). */
    public List<String> stringList(String field, String goType) {
        JsonNode v = array(field, goType);
        if (v == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode item : v) {
            String s = item.isNull() ? "" : scalarText(item);
            if (s == null) {
                itemError(field, item, goType);
            } else {
                out.add(s);
            }
        }
        return out;
    }

    /** A Go {@code map[string]string}. */
    public Map<String, String> stringMap(String field) {
        JsonNode v = values.get(field);
        if (v == null) {
            return Map.of();
        }
        if (!v.isObject()) {
            typeError(field, v, "map[string]string");
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            String s = e.getValue().isNull() ? "" : scalarText(e.getValue());
            if (s == null) {
                errors.add("cannot unmarshal " + jsonKind(e.getValue(), false) + " into Go struct field " + goStruct + "."
                        + childPath(field) + "." + e.getKey() + " of type string");
            } else {
                out.put(e.getKey(), s);
            }
        }
        return out;
    }

    /** A nested Go struct (or pointer to one), decoded by {@code decoder}. */
    public <T> Optional<T> optObject(String field, String goType, Function<NestedContext, T> decoder) {
        JsonNode v = values.get(field);
        // A bare key (YAML `spec:`) is null to calicoctl, and Go's json.Unmarshal leaves a struct untouched
        // for null; the YAML reader hands it over as null or as an empty string.
        if (v == null || v.isNull() || (v.isTextual() && v.textValue().isEmpty())) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            typeError(field, v, goType);
            return Optional.empty();
        }
        return Optional.of(decoder.apply(new NestedContext(v, childPath(field), errors)));
    }

    /** A Go slice of structs. */
    public <T> List<T> objectList(String field, String goType, Function<NestedContext, T> decoder) {
        JsonNode v = array(field, goType);
        if (v == null) {
            return List.of();
        }
        List<T> out = new ArrayList<>(v.size());
        for (JsonNode item : v) {
            if (item.isNull()) {
                continue;
            }
            if (!item.isObject()) {
                itemError(field, item, goType);
                continue;
            }
            out.add(decoder.apply(new NestedContext(item, childPath(field), errors)));
        }
        return out;
    }

    /** Any JSON value, kept as is. */
    public Optional<JsonValue> optJson(String field) {
        JsonNode v = values.get(field);
        return v == null ? Optional.empty() : Optional.of(JsonValue.of(v));
    }

    public List<JsonValue> jsonList(String field, String goType) {
        JsonNode v = array(field, goType);
        if (v == null) {
            return List.of();
        }
        List<JsonValue> out = new ArrayList<>();
        v.forEach(item -> out.add(JsonValue.of(item)));
        return out;
    }

    /** The object of a nested struct, with its JSON path, ready for {@link Fields#of}. */
    public static final class NestedContext {
        private final JsonNode node;
        private final String path;
        private final DecodeErrors errors;

        NestedContext(JsonNode node, String path, DecodeErrors errors) {
            this.node = node;
            this.path = path;
            this.errors = errors;
        }

        public Fields fields(String goStruct, List<String> names) {
            return Fields.of(node, path, goStruct, errors, names);
        }

        public JsonNode node() {
            return node;
        }

        public String path() {
            return path;
        }

        public DecodeErrors errors() {
            return errors;
        }
    }
}
