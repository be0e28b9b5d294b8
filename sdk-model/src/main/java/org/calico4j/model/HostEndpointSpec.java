package org.calico4j.model;

import java.util.List;

import org.immutables.value.Value;

/**
 * The spec of a {@link HostEndpoint}: a host interface (or its expected addresses) Calico polices.
 *
 * <pre>{@code
 * HostEndpointSpec.builder().node("n1").interfaceName("eth0").addExpectedIPs("10.0.0.11").build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class HostEndpointSpec {
    HostEndpointSpec() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this value's fields, to change some of them:
     * {@code x.toBuilder().someField(v).build()}.
     */
    public Builder toBuilder() {
        return builder().from(this);
    }

    @Value.Default
    public String node() {
        return "";
    }

    @Value.Default
    public String interfaceName() {
        return "";
    }

    public abstract List<String> expectedIPs();

    public abstract List<String> profiles();

    public abstract List<EndpointPort> ports();


    /** Builds a {@link HostEndpointSpec}. */
    public static class Builder extends ImmutableHostEndpointSpec.Builder {
        /** Creates an empty builder, as {@link HostEndpointSpec#builder()} does. */
        public Builder() {
        }

    }
}
