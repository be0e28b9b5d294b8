package org.calico4j.model;

import java.util.List;
import java.util.Optional;

import org.immutables.value.Value;

/**
 * The spec of a {@link WorkloadEndpoint}: where the workload runs, its interface and addresses.
 *
 * <pre>{@code
 * WorkloadEndpointSpec.builder().orchestrator("k8s").node("n1").pod("web-0").endpoint("eth0").interfaceName("cali1").addIpNetworks("10.244.1.5/32").build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class WorkloadEndpointSpec {
    WorkloadEndpointSpec() {
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
    public String orchestrator() {
        return "";
    }

    @Value.Default
    public String workload() {
        return "";
    }

    @Value.Default
    public String node() {
        return "";
    }

    @Value.Default
    public String containerID() {
        return "";
    }

    @Value.Default
    public String pod() {
        return "";
    }

    @Value.Default
    public String endpoint() {
        return "";
    }

    @Value.Default
    public String serviceAccountName() {
        return "";
    }

    public abstract List<String> ipNetworks();

    public abstract List<IpNat> ipNATs();

    @Value.Default
    public String ipv4Gateway() {
        return "";
    }

    @Value.Default
    public String ipv6Gateway() {
        return "";
    }

    public abstract List<String> profiles();

    @Value.Default
    public String interfaceName() {
        return "";
    }

    @Value.Default
    public String mac() {
        return "";
    }

    public abstract List<WorkloadEndpointPort> ports();

    public abstract List<String> allowSpoofedSourcePrefixes();

    public abstract Optional<JsonValue> qosControls();


    /** Builds a {@link WorkloadEndpointSpec}. */
    public static class Builder extends ImmutableWorkloadEndpointSpec.Builder {
        /** Creates an empty builder, as {@link WorkloadEndpointSpec#builder()} does. */
        public Builder() {
        }

    }
}
