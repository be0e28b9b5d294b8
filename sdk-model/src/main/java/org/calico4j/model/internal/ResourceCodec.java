package org.calico4j.model.internal;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.calico4j.model.Kind;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.Resource;

/**
 * Reads and writes one kind's JSON form. {@link #decode} reads a document whose kind and
 * apiVersion were already checked, collecting every decode problem into {@link DecodeErrors}.
 */
public abstract class ResourceCodec<R extends Resource> {
    private final Kind kind;
    private final String goSpec;
    private final List<String> topFields;

    protected ResourceCodec(Kind kind, boolean hasStatus) {
        this.kind = kind;
        this.goSpec = kind.kindName() + "Spec";
        List<String> top = new ArrayList<>(List.of("kind", "apiVersion", "metadata", "spec"));
        if (hasStatus) {
            top.add("status");
        }
        this.topFields = List.copyOf(top);
    }

    public final Kind kind() {
        return kind;
    }

    /** Decodes {@code doc}; the result is meaningful only when {@code errors} stayed empty. */
    public final R decode(JsonNode doc, DecodeErrors errors) {
        Fields top = Fields.of(doc, "", kind.kindName(), errors, topFields);
        ObjectMeta meta = top.optObject("metadata", "v1.ObjectMeta", MetaCodec::decode).orElseGet(() -> ObjectMeta.builder().build());
        return decode(top, meta);
    }

    /** Reads the spec (and status) from the top-level fields. */
    protected abstract R decode(Fields top, ObjectMeta meta);

    protected final String goSpecType() {
        return "v3." + goSpec;
    }

    protected final String goSpec() {
        return goSpec;
    }

    public final ObjectNode encode(R resource) {
        ObjectNode node = Out.object().node();
        node.put("apiVersion", Kind.API_VERSION);
        node.put("kind", kind.kindName());
        node.set("metadata", MetaCodec.encode(resource.metadata()));
        node.set("spec", encodeSpec(resource));
        encodeStatus(resource, node);
        return node;
    }

    /** Writes {@code resource}'s spec, property by property, as Calico marshals it. */
    protected abstract void writeSpec(R resource, Out out);

    private ObjectNode encodeSpec(R resource) {
        Out out = Out.object();
        writeSpec(resource, out);
        return out.node();
    }

    protected void encodeStatus(R resource, ObjectNode node) {
    }

    /** The JSON form of {@code resource}'s spec alone: what the CRD schema and CEL rules look at. */
    @SuppressWarnings("unchecked")
    public final ObjectNode encodeSpecOf(Resource resource) {
        return encodeSpec((R) resource);
    }

    /** {@code resource}'s spec, one property at a time in the order {@link #encodeSpecOf} holds them, to {@code sink}. */
    @SuppressWarnings("unchecked")
    public final void streamSpecOf(Resource resource, Out.PropertySink sink) {
        writeSpec((R) resource, Out.into(sink));
    }

    @SuppressWarnings("unchecked")
    public final ObjectNode encodeAny(Resource resource) {
        return encode((R) resource);
    }
}
