package org.calico4j.model;

import java.util.function.UnaryOperator;
import org.immutables.value.Value;

/**
 * Calico's {@code WorkloadEndpoint} (namespaced): one interface of a workload (a pod's {@code eth0})
 * on a node, with its addresses. Its name is derived from node, orchestrator, workload and endpoint
 * ({@link #nameFor}); the client fills it in when left empty.
 *
 * <pre>{@code
 * WorkloadEndpoint wep = WorkloadEndpoint.builder().metadata(ObjectMeta.builder().namespace("default").build())
 *     .spec(WorkloadEndpointSpec.builder().orchestrator("k8s").node("n1").pod("web-0").endpoint("eth0")
 *         .interfaceName("cali1").addIpNetworks("10.244.1.5/32").build()).build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class WorkloadEndpoint implements Resource {
    WorkloadEndpoint() {
    }

    /**
     * An empty builder for a {@link WorkloadEndpoint}.
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
        return Kind.WORKLOAD_ENDPOINT;
    }

    @Override
    public abstract ObjectMeta metadata();

    /**
     * The resource's {@code spec}: what it asks Calico for.
     *
     * @return the spec
     */
    public abstract WorkloadEndpointSpec spec();

    @Override
    public WorkloadEndpoint withMetadata(ObjectMeta metadata) {
        return ImmutableWorkloadEndpoint.copyOf(this).withMetadata(metadata);
    }

    /**
     * This value with {@code spec} replaced.
     *
     * @param spec the new {@code spec}
     * @return a copy with it
     */
    public WorkloadEndpoint withSpec(WorkloadEndpointSpec spec) {
        return ImmutableWorkloadEndpoint.copyOf(this).withSpec(spec);
    }

    /**
     * This resource with its spec edited through a builder:
     * {@code r.editSpec(s -> s.someField(v))}.
     *
     * @param edit changes a builder that holds the current spec
     * @return a copy with the edited spec
     */
    public WorkloadEndpoint editSpec(UnaryOperator<WorkloadEndpointSpec.Builder> edit) {
        return withSpec(edit.apply(spec().toBuilder()).build());
    }

    /**
     * This resource with its metadata edited through a builder: {@code r.editMetadata(m ->
     * m.putLabels("k", "v"))}.
     *
     * @param edit changes a builder that holds the current metadata
     * @return a copy with the edited metadata
     */
    public WorkloadEndpoint editMetadata(UnaryOperator<ObjectMeta.Builder> edit) {
        return withMetadata(edit.apply(metadata().toBuilder()).build());
    }

    /**
     * Calico's name for an endpoint ({@code libcalico-go/lib/names}): node, orchestrator, then the pod
     * ({@code k8s}), container ID ({@code cni}), {@code libnetwork} again, or the workload, then the
     * endpoint, joined by {@code -} with each {@code -} inside a part doubled. Empty when a part is missing.
     *
     * @param s the endpoint's spec
     * @return the name, or "" when a part is missing
     */
    public static String nameFor(WorkloadEndpointSpec s) {
        String third;
        switch (s.orchestrator()) {
            case "k8s":
                third = s.pod();
                break;
            case "cni":
                third = s.containerID();
                break;
            case "libnetwork":
                third = "libnetwork";
                break;
            default:
                third = s.workload();
        }
        String[] parts = {s.node(), s.orchestrator(), third, s.endpoint()};
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (p.isEmpty()) {
                return "";
            }
            sb.append(sb.length() == 0 ? "" : "-").append(p.replace("-", "--"));
        }
        return sb.toString();
    }

    /** Builds a {@link WorkloadEndpoint}. */
    public static class Builder extends ImmutableWorkloadEndpoint.Builder {
        /** Creates an empty builder, as {@link WorkloadEndpoint#builder()} does. */
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
