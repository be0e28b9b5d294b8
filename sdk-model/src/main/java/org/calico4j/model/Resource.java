package org.calico4j.model;

/**
 * A Calico {@code projectcalico.org/v3} resource: kind, metadata and a spec.
 *
 * <pre>{@code
 * Resource r = manifest.resources().get(0);
 * System.out.println(r.kind() + "/" + r.name());
 * }</pre>
 */
public interface Resource {
    /**
     * The resource's kind.
     *
     * @return the kind
     */
    Kind kind();

    /**
     * The resource's metadata: name, namespace, labels, resourceVersion.
     *
     * @return the metadata
     */
    ObjectMeta metadata();

    /**
     * The resource's name, from its metadata.
     *
     * @return the name
     */
    default String name() {
        return metadata().name();
    }

    /**
     * The API version, {@code projectcalico.org/v3}.
     *
     * @return the API version
     */
    default String apiVersion() {
        return Kind.API_VERSION;
    }

    /**
     * The same resource with other metadata.
     *
     * @param metadata the new metadata
     * @return a copy with it
     */
    Resource withMetadata(ObjectMeta metadata);
}
