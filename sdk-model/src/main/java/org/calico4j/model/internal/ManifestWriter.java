package org.calico4j.model.internal;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.calico4j.model.Kind;
import org.calico4j.model.Resource;

/** calicoctl's output forms: sorted keys, Go's {@code MarshalIndent} layout for JSON. */
public final class ManifestWriter {
    private static final ObjectWriter JSON;

    static {
        ObjectMapper m = new ObjectMapper().configure(JsonNodeFeature.WRITE_PROPERTIES_SORTED, true);
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        JSON = m.writer(pp);
    }

    private ManifestWriter() {
    }

    /** The JSON tree of the resources: the resource, a typed list, or an array of mixed kinds. */
    public static JsonNode tree(List<? extends Resource> resources) {
        if (resources.size() == 1) {
            return Codecs.encode(resources.get(0));
        }
        Kind kind = resources.isEmpty() ? null : resources.get(0).kind();
        for (Resource r : resources) {
            if (r.kind() != kind) {
                ArrayNode a = JsonNodeFactory.instance.arrayNode();
                resources.forEach(x -> a.add(Codecs.encode(x)));
                return a;
            }
        }
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        list.put("apiVersion", Kind.API_VERSION);
        list.put("kind", kind == null ? "List" : kind.listKind());
        ArrayNode items = list.putArray("items");
        resources.forEach(x -> items.add(Codecs.encode(x)));
        list.putObject("metadata");
        return list;
    }

    /** A typed {@code <Kind>List} with the list's resourceVersion, as {@code calicoctl get <kind>} prints it. */
    public static ObjectNode listTree(Kind kind, List<? extends Resource> resources, String resourceVersion) {
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        list.put("apiVersion", Kind.API_VERSION);
        list.put("kind", kind.listKind());
        ArrayNode items = list.putArray("items");
        resources.forEach(x -> items.add(Codecs.encode(x)));
        ObjectNode meta = list.putObject("metadata");
        if (!resourceVersion.isEmpty()) {
            meta.put("resourceVersion", resourceVersion);
        }
        return list;
    }

    public static String jsonOf(JsonNode tree) {
        try {
            return JSON.writeValueAsString(tree) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    public static String yaml(List<? extends Resource> resources) {
        JsonNode t = tree(resources);
        if (t.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode n : t) {
                if (sb.length() > 0) {
                    sb.append("---\n");
                }
                sb.append(YamlEmitter.write(n));
            }
            return sb.toString();
        }
        return YamlEmitter.write(t);
    }

    public static String json(List<? extends Resource> resources) {
        try {
            return JSON.writeValueAsString(tree(resources)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
