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
import org.jspecify.annotations.Nullable;

/**
 * Writes a Go-shaped struct as Calico marshals it: {@code omitempty} zero values ("" / false / 0 /
 * empty lists) left out, pointers written whenever set, AS numbers and single ports as numbers.
 * It builds the object's tree, or hands each property, in write order, to a {@link PropertySink}
 * that checks it without a tree ({@link #into}); a property's value is the same node either way.
 */
public final class Out {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Takes an object's properties one at a time, in the order a tree would hold them. */
    @FunctionalInterface
    public interface PropertySink {
        void property(String name, JsonNode value);
    }

    private final @Nullable ObjectNode node;
    private final @Nullable PropertySink sink;

    private Out(@Nullable ObjectNode node, @Nullable PropertySink sink) {
        this.node = node;
        this.sink = sink;
    }

    /** Writes into a new object node ({@link #node}). */
    public static Out object() {
        return new Out(F.objectNode(), null);
    }

    /** Hands each property to {@code sink} instead of building the object. */
    public static Out into(PropertySink sink) {
        return new Out(null, sink);
    }

    public ObjectNode node() {
        if (node == null) {
            throw new IllegalStateException("properties streamed to a sink make no object node");
        }
        return node;
    }

    private void put(String name, JsonNode value) {
        if (sink != null) {
            sink.property(name, value);
        } else {
            node().set(name, value);
        }
    }

    public Out str(String name, String value) {
        if (!value.isEmpty()) {
            put(name, F.textNode(value));
        }
        return this;
    }

    public Out optStr(String name, Optional<String> value) {
        value.ifPresent(v -> put(name, F.textNode(v)));
        return this;
    }

    public Out bool(String name, boolean value) {
        if (value) {
            put(name, F.booleanNode(true));
        }
        return this;
    }

    public Out optBool(String name, Optional<Boolean> value) {
        value.ifPresent(v -> put(name, F.booleanNode(v)));
        return this;
    }

    public Out integer(String name, long value) {
        if (value != 0) {
            put(name, F.numberNode(value));
        }
        return this;
    }

    public Out optInt(String name, Optional<Integer> value) {
        value.ifPresent(v -> put(name, F.numberNode(v.intValue())));
        return this;
    }

    public Out optLong(String name, Optional<Long> value) {
        value.ifPresent(v -> put(name, F.numberNode(v.longValue())));
        return this;
    }

    public Out optAsNumber(String name, Optional<AsNumber> value) {
        value.ifPresent(v -> put(name, F.numberNode(v.value())));
        return this;
    }

    public Out optPort(String name, Optional<Port> value) {
        value.ifPresent(v -> put(name, port(v)));
        return this;
    }

    public Out ports(String name, List<Port> value) {
        if (!value.isEmpty()) {
            ArrayNode a = F.arrayNode(value.size());
            value.forEach(p -> a.add(port(p)));
            put(name, a);
        }
        return this;
    }

    static JsonNode port(Port p) {
        return p.isSingle() ? F.numberNode(p.minPort()) : F.textNode(p.toString());
    }

    public Out optDuration(String name, Optional<GoDuration> value) {
        value.ifPresent(v -> put(name, F.textNode(v.toString())));
        return this;
    }

    public Out strings(String name, List<String> value) {
        if (!value.isEmpty()) {
            ArrayNode a = F.arrayNode(value.size());
            value.forEach(a::add);
            put(name, a);
        }
        return this;
    }

    public Out map(String name, Map<String, String> value) {
        if (!value.isEmpty()) {
            ObjectNode o = F.objectNode();
            value.forEach(o::put);
            put(name, o);
        }
        return this;
    }

    public <T> Out opt(String name, Optional<T> value, Function<T, ObjectNode> writer) {
        value.ifPresent(v -> put(name, writer.apply(v)));
        return this;
    }

    /** A non-pointer struct: always written, even when empty ({@code spec: {}}). */
    public Out object(String name, ObjectNode value) {
        put(name, value);
        return this;
    }

    public <T> Out list(String name, List<T> value, Function<T, ObjectNode> writer) {
        if (!value.isEmpty()) {
            ArrayNode a = F.arrayNode(value.size());
            value.forEach(v -> a.add(writer.apply(v)));
            put(name, a);
        }
        return this;
    }

    public Out json(String name, Optional<JsonValue> value) {
        value.ifPresent(v -> put(name, v.toJsonNode()));
        return this;
    }

    public Out jsons(String name, List<JsonValue> value) {
        if (!value.isEmpty()) {
            ArrayNode a = F.arrayNode(value.size());
            value.forEach(v -> a.add(v.toJsonNode()));
            put(name, a);
        }
        return this;
    }

    public Out extra(Map<String, JsonValue> extra) {
        extra.forEach((k, v) -> put(k, v.toJsonNode()));
        return this;
    }
}
