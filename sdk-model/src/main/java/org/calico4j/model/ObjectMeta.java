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

    /** Metadata with just a name. */
    public static ObjectMeta named(String name) {
        return builder().name(name).build();
    }

    @Value.Default
    public String name() {
        return "";
    }

    @Value.Default
    public String generateName() {
        return "";
    }

    @Value.Default
    public String namespace() {
        return "";
    }

    @Value.Default
    public String selfLink() {
        return "";
    }

    @Value.Default
    public String uid() {
        return "";
    }

    /**
     * The datastore revision the object was read at; "" for a new object.
     *
     * @return the {@code resourceVersion} value
     */
    @Value.Default
    public String resourceVersion() {
        return "";
    }

    @Value.Default
    public long generation() {
        return 0;
    }

    /**
     * RFC 3339 time, e.g. {@code 2026-11-26T10:00:00Z}; "" when unset.
     *
     * @return the {@code creationTimestamp} value
     */
    @Value.Default
    public String creationTimestamp() {
        return "";
    }

    public abstract Optional<String> deletionTimestamp();

    public abstract Optional<Long> deletionGracePeriodSeconds();

    public abstract Map<String, String> labels();

    public abstract Map<String, String> annotations();

    public abstract List<JsonValue> ownerReferences();

    public abstract List<String> finalizers();

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
