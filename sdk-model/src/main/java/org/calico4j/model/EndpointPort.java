package org.calico4j.model;

import org.immutables.value.Value;

/**
 * A named port of a {@link HostEndpointSpec}.
 *
 * <pre>{@code
 * EndpointPort.builder().name("ssh").protocol("TCP").port(22).build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class EndpointPort {
    EndpointPort() {
    }

    /**
     * An empty builder for a {@link EndpointPort}.
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

    /**
     * The port's name, as named ports refer to it.
     *
     * @return the name
     */
    @Value.Default
    public String name() {
        return "";
    }

    /**
     * The protocol: {@code TCP}, {@code UDP} or {@code SCTP}.
     *
     * @return the protocol
     */
    @Value.Default
    public String protocol() {
        return "";
    }

    /**
     * The port number.
     *
     * @return the port
     */
    @Value.Default
    public int port() {
        return 0;
    }


    /** Builds a {@link EndpointPort}. */
    public static class Builder extends ImmutableEndpointPort.Builder {
        /** Creates an empty builder, as {@link EndpointPort#builder()} does. */
        public Builder() {
        }

    }
}
