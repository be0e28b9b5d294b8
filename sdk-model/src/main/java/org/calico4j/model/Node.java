package org.calico4j.model;

import java.util.function.UnaryOperator;
import java.util.Optional;

import org.immutables.value.Value;

/**
 * Calico's {@code Node}: a host's BGP identity and tunnel addresses.
 *
 * <pre>{@code
 * Node n = Node.builder().name("node1")
 *     .spec(NodeSpec.builder().bgp(NodeBgpSpec.builder().ipv4Address("10.0.0.5/16").build()).build()).build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class Node implements Resource {
    Node() {
    }

    /**
     * An empty builder for a {@link Node}.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this value's fields, to change some of them:
     * {@code x.toBuilder().someField(v).build()}.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return builder().from(this);
    }

    @Override
    public final Kind kind() {
        return Kind.NODE;
    }

    @Override
    public abstract ObjectMeta metadata();

    /**
     * The resource's {@code spec}: what it asks Calico for.
     *
     * @return the spec
     */
    public abstract NodeSpec spec();

    /**
     * Status written by Calico's controllers, carried as is.
     *
     * @return the status, or empty
     */
    public abstract Optional<JsonValue> status();

    @Override
    public Node withMetadata(ObjectMeta metadata) {
        return ImmutableNode.copyOf(this).withMetadata(metadata);
    }

    /**
     * This value with {@code spec} replaced.
     *
     * @param spec the new {@code spec}
     * @return a copy with it
     */
    public Node withSpec(NodeSpec spec) {
        return ImmutableNode.copyOf(this).withSpec(spec);
    }

    /**
     * This resource with its spec edited through a builder:
     * {@code r.editSpec(s -> s.someField(v))}.
     *
     * @param edit changes a builder that holds the current spec
     * @return a copy with the edited spec
     */
    public Node editSpec(UnaryOperator<NodeSpec.Builder> edit) {
        return withSpec(edit.apply(spec().toBuilder()).build());
    }

    /**
     * This resource with its metadata edited through a builder: {@code r.editMetadata(m ->
     * m.putLabels("k", "v"))}.
     *
     * @param edit changes a builder that holds the current metadata
     * @return a copy with the edited metadata
     */
    public Node editMetadata(UnaryOperator<ObjectMeta.Builder> edit) {
        return withMetadata(edit.apply(metadata().toBuilder()).build());
    }

    /** Builds a {@link Node}. */
    public static class Builder extends ImmutableNode.Builder {
        /** Creates an empty builder, as {@link Node#builder()} does. */
        public Builder() {
        }

        /**
         * Sets {@code metadata} to an ObjectMeta holding just this name.
         *
         * @param name the resource's name
         * @return this builder
         */
        public Builder name(String name) {
            metadata(ObjectMeta.named(name));
            return this;
        }
    }
}
