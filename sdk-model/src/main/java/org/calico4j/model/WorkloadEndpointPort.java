package org.calico4j.model;

import org.immutables.value.Value;

/**
 * A named port of a {@link WorkloadEndpointSpec}; {@code protocol} is TCP, UDP, SCTP ... or a protocol number.
 *
 * <pre>{@code
 * WorkloadEndpointPort.builder().name("http").protocol("TCP").port(8080).build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class WorkloadEndpointPort {
    WorkloadEndpointPort() {
    }

    /**
     * An empty builder for a {@link WorkloadEndpointPort}.
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

    /**
     * The host port mapped to this port (Kubernetes {@code hostPort}).
     *
     * @return the port, 0 when none
     */
    @Value.Default
    public int hostPort() {
        return 0;
    }

    /**
     * The host address the host port is bound to.
     *
     * @return the address, "" for all
     */
    @Value.Default
    public String hostIP() {
        return "";
    }


    /** Builds a {@link WorkloadEndpointPort}. */
    public static class Builder extends ImmutableWorkloadEndpointPort.Builder {
        /** Creates an empty builder, as {@link WorkloadEndpointPort#builder()} does. */
        public Builder() {
        }

    }
}
