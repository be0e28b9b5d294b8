package org.calico4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An immutable JSON value that calico4j carries without interpreting it: fields of
 * FelixConfiguration and Node outside calico4j's typed networking subset, resource status,
 * owner references. It is written back exactly as read.
 *
 * <pre>{@code
 * JsonValue v = JsonValue.parse("{\"a\": [1, 2]}");
 * v.toJsonNode().get("a").size();   // 2
 * }</pre>
 */
public final class JsonValue {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode node;

    private JsonValue(JsonNode node) {
        this.node = node;
    }

    /**
     * A value holding a copy of {@code node}.
     *
     * @param node a JSON tree
     * @return the value
     */
    public static JsonValue of(JsonNode node) {
        return new JsonValue(node.deepCopy());
    }

    /**
     * A value from JSON text.
     *
     * @param json JSON text
     * @return the value
     * @throws IllegalArgumentException when the text is not JSON
     */
    public static JsonValue parse(String json) {
        try {
            return new JsonValue(JSON.readTree(json));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("invalid JSON '" + json + "': " + e.getMessage(), e);
        }
    }

    /**
     * A copy of the value; changing it does not change this object.
     *
     * @return a copy of the tree
     */
    public JsonNode toJsonNode() {
        return node.deepCopy();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonValue && ((JsonValue) o).node.equals(node);
    }

    @Override
    public int hashCode() {
        return node.hashCode();
    }

    /** Compact JSON text. */
    @Override
    public String toString() {
        return node.toString();
    }
}
