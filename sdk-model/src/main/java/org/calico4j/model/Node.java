package org.calico4j.model;

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

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public final Kind kind() {
        return Kind.NODE;
    }

    @Override
    public abstract ObjectMeta metadata();

    public abstract NodeSpec spec();

    /** Status written by Calico's controllers, carried as is. */
    public abstract Optional<JsonValue> status();

    @Override
    public Node withMetadata(ObjectMeta metadata) {
        return ImmutableNode.copyOf(this).withMetadata(metadata);
    }

    public Node withSpec(NodeSpec spec) {
        return ImmutableNode.copyOf(this).withSpec(spec);
    }

    /** Builds a {@link Node}. */
    public static class Builder extends ImmutableNode.Builder {
        public Builder name(String name) {
            metadata(ObjectMeta.named(name));
            return this;
        }
    }
}
