package org.calico4j.model.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.calico4j.model.JsonValue;
import org.jspecify.annotations.Nullable;

/**
 * One kind's spec schema, taken from Calico's v3.32.1 CRD (or Go type, for Node) and shipped as
 * a resource. calico4j uses it to know every field name Calico accepts, to type-check fields it
 * carries without modelling them, and for the CRD checks Calico runs on create (enum, pattern,
 * length and range limits).
 */
public final class Schema {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String kind;
    private final JsonNode spec;

    private Schema(String kind, JsonNode spec) {
        this.kind = kind;
        this.spec = spec;
    }

    /** Loads {@code schema/<file>.json} from the model's resources. */
    public static Schema load(String kind, String file) {
        String path = "/org/calico4j/model/schema/" + file + ".json";
        try (InputStream in = Schema.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("calico4j schema resource missing: " + path);
            }
            return new Schema(kind, JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    public String kind() {
        return kind;
    }

    public JsonNode root() {
        return spec;
    }

    /** The spec's property names, in CRD order. */
    public List<String> propertyNames() {
        List<String> names = new ArrayList<>();
        JsonNode props = spec.path("properties");
        props.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The schema of the items of array property {@code name}, as a schema of its own. */
    public Schema itemSchema(String name) {
        JsonNode p = property(name);
        if (p == null || !p.path("items").isObject()) {
            throw new IllegalStateException(kind + " schema has no array property " + name);
        }
        return new Schema(kind + "." + name, p.get("items"));
    }

    public @Nullable JsonNode property(String name) {
        JsonNode p = spec.path("properties").get(name);
        return p == null || p.isMissingNode() ? null : p;
    }

    /**
     * Reads the fields {@code names} that calico4j carries untyped, checking each against the
     * schema as Go's strict decoder would check the typed field.
     */
    public Map<String, JsonValue> decodeExtra(Fields f, List<String> names, String goStruct) {
        Map<String, JsonValue> out = new LinkedHashMap<>();
        for (String name : names) {
            JsonNode v = f.raw(name);
            if (v == null) {
                continue;
            }
            JsonNode prop = property(name);
            if (prop != null && !check(v, prop, f.childPath(name), goStruct, f.errors())) {
                continue;
            }
            out.put(name, JsonValue.of(v));
        }
        return out;
    }

    private static boolean check(JsonNode v, JsonNode prop, String path, String goStruct, DecodeErrors errors) {
        if (v.isNull()) {
            return true;
        }
        if (prop.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (v.isTextual() || v.isIntegralNumber()) {
                return true;
            }
            return fail(v, path, goStruct, "intstr.IntOrString", errors);
        }
        String type = prop.path("type").asText("");
        switch (type) {
            case "boolean":
                return v.isBoolean() || fail(v, path, goStruct, "bool", errors);
            case "integer":
                if (v.isIntegralNumber()) {
                    return true;
                }
                if (v.isNumber()) {
                    errors.add("cannot unmarshal number " + v.asText() + " into Go struct field " + goStruct + "."
                            + path + " of type int");
                    return false;
                }
                return fail(v, path, goStruct, "int", errors);
            case "number":
                return v.isNumber() || fail(v, path, goStruct, "float64", errors);
            case "string":
                // sigs.k8s.io/yaml turns YAML scalars into text for string fields.
                return v.isValueNode() || fail(v, path, goStruct, "string", errors);
            case "array":
                if (!v.isArray()) {
                    return fail(v, path, goStruct, "[]" + goName(prop.path("items")), errors);
                }
                boolean ok = true;
                for (JsonNode item : v) {
                    ok &= check(item, prop.path("items"), path, goStruct, errors);
                }
                return ok;
            case "object":
                if (!v.isObject()) {
                    return fail(v, path, goStruct, goName(prop), errors);
                }
                return checkObject(v, prop, path, errors);
            default:
                return true;
        }
    }

    private static boolean checkObject(JsonNode v, JsonNode prop, String path, DecodeErrors errors) {
        JsonNode props = prop.get("properties");
        JsonNode additional = prop.get("additionalProperties");
        boolean ok = true;
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            JsonNode sub = null;
            if (props != null) {
                sub = props.get(e.getKey());
                if (sub == null) {
                    for (Map.Entry<String, JsonNode> p : props.properties()) {
                        if (p.getKey().equalsIgnoreCase(e.getKey())) {
                            sub = p.getValue();
                            break;
                        }
                    }
                }
            }
            if (sub == null && additional != null && additional.isObject()) {
                sub = additional;
            }
            if (sub == null) {
                if (props != null || additional == null) {
                    errors.unknownField(e.getKey());
                    ok = false;
                }
                continue;
            }
            ok &= check(e.getValue(), sub, path + "." + e.getKey(), "struct", errors);
        }
        return ok;
    }

    private static String goName(JsonNode prop) {
        switch (prop.path("type").asText("")) {
            case "boolean": return "bool";
            case "integer": return "int";
            case "string": return "string";
            case "array": return "[]" + goName(prop.path("items"));
            case "object": return prop.has("properties") ? "struct" : "map[string]string";
            default: return "interface {}";
        }
    }

    private static boolean fail(JsonNode v, String path, String goStruct, String goType, DecodeErrors errors) {
        errors.add("cannot unmarshal " + Fields.jsonKind(v, false) + " into Go struct field " + goStruct + "." + path
                + " of type " + goType);
        return false;
    }
}
