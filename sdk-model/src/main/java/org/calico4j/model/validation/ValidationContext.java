package org.calico4j.model.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.calico4j.model.IpPool;
import org.calico4j.model.Resource;
import org.calico4j.model.net.Cidr;

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

    /**
     * The stored pools whose CIDR overlaps {@code network} (same IP version; one contains the other),
     * in name order; by default {@link #existingPools()} filtered, which a datastore with an index of
     * pool ranges answers without listing every pool.
     */
    default List<IpPool> poolsOverlapping(Cidr network) {
        List<IpPool> out = new ArrayList<>();
        for (IpPool other : existingPools()) {
            Optional<Cidr> oc = other.spec().parsedCidr();
            if (oc.isPresent() && oc.get().version() == network.version()
                    && (network.containsAddress(oc.get().network().address()) || oc.get().network().containsAddress(network.address()))) {
                out.add(other);
            }
        }
        return out;
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
