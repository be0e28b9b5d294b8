package org.calico4j.model.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.calico4j.model.GoDuration;
import org.calico4j.model.JsonValue;
import org.calico4j.model.net.AsNumber;
import org.calico4j.model.net.Port;

/**
 * Writes a Go-shaped struct as Calico marshals it: {@code omitempty} zero values ("" / false / 0 /
 * empty lists) left out, pointers written whenever set, AS numbers and single ports as numbers.
 */
public final class Out {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final ObjectNode node;

    private Out(ObjectNode node) {
        this.node = node;
    }

    public static Out object() {
        return new Out(F.objectNode());
    }

    public ObjectNode node() {
        return node;
    }

    public Out str(String name, String value) {
        if (!value.isEmpty()) {
            node.put(name, value);
        }
        return this;
    }

    public Out optStr(String name, Optional<String> value) {
        value.ifPresent(v -> node.put(name, v));
        return this;
    }

    public Out bool(String name, boolean value) {
        if (value) {
            node.put(name, true);
        }
        return this;
    }

    public Out optBool(String name, Optional<Boolean> value) {
        value.ifPresent(v -> node.put(name, v));
        return this;
    }

    public Out integer(String name, long value) {
        if (value != 0) {
            node.put(name, value);
        }
        return this;
    }

    public Out optInt(String name, Optional<Integer> value) {
        value.ifPresent(v -> node.put(name, v));
        return this;
    }

    public Out optLong(String name, Optional<Long> value) {
        value.ifPresent(v -> node.put(name, v));
        return this;
    }

    public Out optAsNumber(String name, Optional<AsNumber> value) {
        value.ifPresent(v -> node.put(name, v.value()));
        return this;
    }

    public Out optPort(String name, Optional<Port> value) {
        value.ifPresent(v -> node.set(name, port(v)));
        return this;
    }

    public Out ports(String name, List<Port> value) {
        if (!value.isEmpty()) {
            ArrayNode a = node.putArray(name);
            value.forEach(p -> a.add(port(p)));
        }
        return this;
    }

    static JsonNode port(Port p) {
        return p.isSingle() ? F.numberNode(p.minPort()) : F.textNode(p.toString());
    }

    public Out optDuration(String name, Optional<GoDuration> value) {
        value.ifPresent(v -> node.put(name, v.toString()));
        return this;
    }

    public Out strings(String name, List<String> value) {
        if (!value.isEmpty()) {
            ArrayNode a = node.putArray(name);
            value.forEach(a::add);
        }
        return this;
    }

    public Out map(String name, Map<String, String> value) {
        if (!value.isEmpty()) {
            ObjectNode o = node.putObject(name);
            value.forEach(o::put);
        }
        return this;
    }

    public <T> Out opt(String name, Optional<T> value, Function<T, ObjectNode> writer) {
        value.ifPresent(v -> node.set(name, writer.apply(v)));
        return this;
    }

    /** A non-pointer struct: always written, even when empty ({@code spec: {}}). */
    public Out object(String name, ObjectNode value) {
        node.set(name, value);
        return this;
    }

    public <T> Out list(String name, List<T> value, Function<T, ObjectNode> writer) {
        if (!value.isEmpty()) {
            ArrayNode a = node.putArray(name);
            value.forEach(v -> a.add(writer.apply(v)));
        }
        return this;
    }

    public Out json(String name, Optional<JsonValue> value) {
        value.ifPresent(v -> node.set(name, v.toJsonNode()));
        return this;
    }

    public Out jsons(String name, List<JsonValue> value) {
        if (!value.isEmpty()) {
            ArrayNode a = node.putArray(name);
            value.forEach(v -> a.add(v.toJsonNode()));
        }
        return this;
    }

    public Out extra(Map<String, JsonValue> extra) {
        extra.forEach((k, v) -> node.set(k, v.toJsonNode()));
        return this;
    }
}
