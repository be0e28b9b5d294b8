package org.calico4j.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.immutables.value.Value;

/**
 * Kubernetes-style object metadata ({@code metav1.ObjectMeta}) as Calico resources carry it.
 *
 * <pre>{@code
 * ObjectMeta m = ObjectMeta.builder().name("ippool-ext-1").putLabels("env", "prod").build();
 * }</pre>
 *
 * <p>Every standard field parses; on create, calicoctl keeps only name, namespace,
 * resourceVersion, labels and annotations, and the datastore sets uid and creationTimestamp.
 */
@Value.Immutable
@CalicoStyle
public abstract class ObjectMeta {
    ObjectMeta() {
    }

    /**
     * An empty builder for a {@link ObjectMeta}.
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
     * Metadata with just a name.
     *
     * @param name the resource's name
     * @return the metadata
     */
    public static ObjectMeta named(String name) {
        // A copy of the empty value with the name set: what the builder gives, without building.
        return EMPTY.withName(name);
    }

    private static final ImmutableObjectMeta EMPTY = (ImmutableObjectMeta) builder().build();

    /**
     * The resource's name, unique per kind (and namespace).
     *
     * @return the name, "" when unset
     */
    @Value.Default
    public String name() {
        return "";
    }

    /**
     * The prefix the server would generate a name from (Kubernetes' {@code generateName}), carried as is.
     *
     * @return the prefix, "" when unset
     */
    @Value.Default
    public String generateName() {
        return "";
    }

    /**
     * The namespace, for namespaced kinds (WorkloadEndpoint); "" for cluster-scoped ones.
     *
     * @return the namespace
     */
    @Value.Default
    public String namespace() {
        return "";
    }

    /**
     * Kubernetes' {@code selfLink}, carried as is.
     *
     * @return the link, "" when unset
     */
    @Value.Default
    public String selfLink() {
        return "";
    }

    /**
     * The unique ID the datastore gives the object on create.
     *
     * @return the UID, "" for a new object
     */
    @Value.Default
    public String uid() {
        return "";
    }

    /**
     * The datastore revision the object was read at; "" for a new object.
     *
     * @return the revision, "" for a new object
     */
    @Value.Default
    public String resourceVersion() {
        return "";
    }

    /**
     * Kubernetes' {@code generation}, carried as is.
     *
     * @return the generation, 0 when unset
     */
    @Value.Default
    public long generation() {
        return 0;
    }

    /**
     * RFC 3339 time, e.g. {@code 2026-11-26T10:00:00Z}; "" when unset.
     *
     * @return the time, "" when unset
     */
    @Value.Default
    public String creationTimestamp() {
        return "";
    }

    /**
     * When deletion was requested (RFC 3339), carried as is.
     *
     * @return the time, or empty
     */
    public abstract Optional<String> deletionTimestamp();

    /**
     * Kubernetes' deletion grace period, carried as is.
     *
     * @return the seconds, or empty
     */
    public abstract Optional<Long> deletionGracePeriodSeconds();

    /**
     * The labels selectors match against ({@code nodeSelector}, {@code peerSelector}, {@code list(selector)}).
     *
     * @return the labels, empty when none
     */
    public abstract Map<String, String> labels();

    /**
     * Free-form annotations, carried as is.
     *
     * @return the annotations, empty when none
     */
    public abstract Map<String, String> annotations();

    /**
     * Kubernetes' owner references, carried as is.
     *
     * @return the references, empty when none
     */
    public abstract List<JsonValue> ownerReferences();

    /**
     * Kubernetes' finalizers, carried as is.
     *
     * @return the finalizers, empty when none
     */
    public abstract List<String> finalizers();

    /**
     * Kubernetes' server-side-apply field ownership, carried as is.
     *
     * @return the entries, empty when none
     */
    public abstract List<JsonValue> managedFields();

    /**
     * This value with {@code name} replaced.
     *
     * @param name the new {@code name}
     * @return a copy with it
     */
    public ObjectMeta withName(String name) {
        return ImmutableObjectMeta.copyOf(this).withName(name);
    }

    /**
     * This value with {@code namespace} replaced.
     *
     * @param namespace the new {@code namespace}
     * @return a copy with it
     */
    public ObjectMeta withNamespace(String namespace) {
        return ImmutableObjectMeta.copyOf(this).withNamespace(namespace);
    }

    /**
     * This value with {@code resourceVersion} replaced.
     *
     * @param resourceVersion the new {@code resourceVersion}
     * @return a copy with it
     */
    public ObjectMeta withResourceVersion(String resourceVersion) {
        return ImmutableObjectMeta.copyOf(this).withResourceVersion(resourceVersion);
    }

    /**
     * This value with {@code uid} replaced.
     *
     * @param uid the new {@code uid}
     * @return a copy with it
     */
    public ObjectMeta withUid(String uid) {
        return ImmutableObjectMeta.copyOf(this).withUid(uid);
    }

    /**
     * This value with {@code creationTimestamp} replaced.
     *
     * @param creationTimestamp the new {@code creationTimestamp}
     * @return a copy with it
     */
    public ObjectMeta withCreationTimestamp(String creationTimestamp) {
        return ImmutableObjectMeta.copyOf(this).withCreationTimestamp(creationTimestamp);
    }

    /**
     * This value with {@code labels} replaced.
     *
     * @param labels the new {@code labels}
     * @return a copy with it
     */
    public ObjectMeta withLabels(Map<String, ? extends String> labels) {
        return ImmutableObjectMeta.copyOf(this).withLabels(labels);
    }

    /** Builds {@link ObjectMeta}; {@code ObjectMeta.builder().name("x").build()}. */
    public static class Builder extends ImmutableObjectMeta.Builder {
        /** Creates an empty builder, as {@link ObjectMeta#builder()} does. */
        public Builder() {
        }

    }
}
