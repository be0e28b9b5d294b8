package org.calico4j.model.validation;

import java.util.List;
import java.util.Optional;

import org.calico4j.model.IpPool;
import org.calico4j.model.Resource;

/**
 * What Calico's client checks against the datastore on a write: other pools (overlap), BGP
 * filters (existence) and the stored object (immutable fields on update). The default is an
 * empty datastore and a create, which is what {@code calicoctl create} sees on a new cluster.
 *
 * <pre>{@code
 * Validator v = Validator.withContext(ValidationContext.empty());
 * }</pre>
 */
public interface ValidationContext {
    /** Pools already stored, other than the one being written. */
    default List<IpPool> existingPools() {
        return List.of();
    }

    default boolean bgpFilterExists(String name) {
        return false;
    }

    /** The stored version when this write is an update; empty for a create. */
    default Optional<Resource> previous() {
        return Optional.empty();
    }

    static ValidationContext empty() {
        return new ValidationContext() {
        };
    }
}
