package org.calico4j.model.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

/**
 * Builds a document's tree from a YAML parser, resolving anchors and aliases ({@code &a} /
 * {@code *a}) and merge keys ({@code <<: *base}) as Go's YAML decoder does, where Jackson's own
 * tree reader would store an alias as its name. An alias copies what its anchor holds; copies are
 * counted against {@link #MAX_ALIAS_NODES}, so a "billion laughs" document is refused, not expanded.
 */
final class YamlTrees {
    /** Nodes that aliases may copy into one document, in all, unless told otherwise. */
    static final int MAX_ALIAS_NODES = org.calico4j.model.manifest.YamlLimits.DEFAULT_MAX_ALIAS_NODES;
    private static final String MERGE = "<<";

    private final ObjectMapper mapper;
    private final Map<String, JsonNode> anchors = new HashMap<>();
    private final long maxCopies;
    private long copied;

    private YamlTrees(ObjectMapper mapper, long maxCopies) {
        this.mapper = mapper;
        this.maxCopies = maxCopies;
    }

    /** Reads the value at the parser's current token (a document's first token). */
    static JsonNode read(ObjectMapper mapper, JsonParser p) throws IOException {
        return read(mapper, p, MAX_ALIAS_NODES);
    }

    /** As {@link #read(ObjectMapper, JsonParser)}, with aliases copying at most {@code maxCopies} nodes in all. */
    static JsonNode read(ObjectMapper mapper, JsonParser p, long maxCopies) throws IOException {
        return new YamlTrees(mapper, maxCopies).value(p);
    }

    private JsonNode value(JsonParser p) throws IOException {
        YAMLParser yaml = p instanceof YAMLParser y ? y : null;
        if (yaml != null && yaml.isCurrentAlias()) {
            String name = p.getText();
            JsonNode target = anchors.get(name);
            if (target == null) {
                throw error(p, "unknown anchor '" + name + "' referenced");
            }
            copied += size(target, maxCopies - copied + 1);
            if (copied > maxCopies) {
                throw error(p, "document contains excessive aliasing (aliases copy more than " + maxCopies + " nodes)");
            }
            return target.deepCopy();
        }
        JsonToken t = p.currentToken();
        String anchor = yaml == null ? null
                : t.isScalarValue() && yaml instanceof AnchorYamlFactory.Parser a ? a.scalarAnchor() : yaml.getObjectId();
        JsonNode node;
        if (t == JsonToken.START_OBJECT) {
            node = object(p);
        } else if (t == JsonToken.START_ARRAY) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                a.add(value(p));
            }
            node = a;
        } else {
            node = mapper.readTree(p); // a scalar exactly as Jackson reads it
        }
        if (anchor != null) {
            anchors.put(anchor, node);
        }
        return node;
    }

    private ObjectNode object(JsonParser p) throws IOException {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        List<JsonNode> merges = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            JsonNode v = value(p);
            if (MERGE.equals(key)) {
                merges.add(v);
            } else {
                o.set(key, v);
            }
        }
        // Explicit keys win over merged ones; of merged ones, the earlier source wins.
        for (JsonNode m : merges) {
            for (JsonNode source : m.isArray() ? m : List.of(m)) {
                if (!source.isObject()) {
                    throw error(p, "map merge requires map or sequence of maps as the value");
                }
                source.properties().forEach(e -> {
                    if (!o.has(e.getKey())) {
                        o.set(e.getKey(), e.getValue());
                    }
                });
            }
        }
        return o;
    }

    /** The nodes in {@code n}, counted no further than {@code stop}: an anchor may hold a huge tree. */
    private static long size(JsonNode n, long stop) {
        long s = 1;
        for (JsonNode c : n) {
            if (s >= stop) {
                break;
            }
            s += size(c, stop - s);
        }
        return s;
    }

    private static JsonParseException error(JsonParser p, String msg) {
        JsonLocation at = p.currentLocation();
        return new JsonParseException(p, msg, at);
    }
}
