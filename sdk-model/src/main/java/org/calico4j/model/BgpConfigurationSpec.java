package org.calico4j.model;

import java.util.List;
import java.util.Optional;

import org.calico4j.model.net.AsNumber;
import org.immutables.value.Value;

/**
 * The spec of a {@link BgpConfiguration}, field for field as Calico's {@code BGPConfigurationSpec}.
 *
 * <pre>{@code
 * BgpConfigurationSpec s = BgpConfigurationSpec.builder().nodeToNodeMeshEnabled(false)
 *     .asNumber(AsNumber.of(63400)).build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class BgpConfigurationSpec {
    BgpConfigurationSpec() {
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
    public String logSeverityScreen() {
        return "";
    }
    public abstract Optional<Boolean> nodeToNodeMeshEnabled();
    public abstract Optional<AsNumber> asNumber();
    public abstract List<ServiceIpBlock> serviceLoadBalancerIPs();
    public abstract List<ServiceIpBlock> serviceExternalIPs();
    public abstract List<ServiceIpBlock> serviceClusterIPs();
    public abstract List<Community> communities();
    public abstract List<PrefixAdvertisement> prefixAdvertisements();
    /** 0 = not set (BIRD listens on 179). */
    @Value.Default
    public int listenPort() {
        return 0;
    }
    public abstract Optional<BgpPassword> nodeMeshPassword();
    public abstract Optional<GoDuration> nodeMeshMaxRestartTime();
    public abstract Optional<String> bindMode();
    public abstract List<String> ignoredInterfaces();
    @Value.Default
    public String localWorkloadPeeringIPV4() {
        return "";
    }
    @Value.Default
    public String localWorkloadPeeringIPV6() {
        return "";
    }
    public abstract Optional<String> serviceLoadBalancerAggregation();
    public abstract Optional<String> programClusterRoutes();
    public abstract Optional<Integer> ipv4NormalRoutePriority();
    public abstract Optional<Integer> ipv6NormalRoutePriority();

    /** Builds a {@link BgpConfigurationSpec}. */
    public static class Builder extends ImmutableBgpConfigurationSpec.Builder {
        /** Creates an empty builder, as {@link BgpConfigurationSpec#builder()} does. */
        public Builder() {
        }

    }
}
