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
    Kind kind();

    ObjectMeta metadata();

    default String name() {
        return metadata().name();
    }

    default String apiVersion() {
        return Kind.API_VERSION;
    }

    /** The same resource with other metadata. */
    Resource withMetadata(ObjectMeta metadata);
}
