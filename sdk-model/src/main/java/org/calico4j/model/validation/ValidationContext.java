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
    /**
     * Pools already stored, other than the one being written.
     *
     * @return the pools, empty by default
     */
    default List<IpPool> existingPools() {
        return List.of();
    }

    /**
     * The stored pools whose CIDR overlaps {@code network} (same IP version; one contains the other),
     * in name order; by default {@link #existingPools()} filtered, which a datastore with an index of
     * pool ranges answers without listing every pool.
     *
     * @param network the CIDR to check
     * @return the overlapping pools; empty when none
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

    /**
     * Whether a BGPFilter of this name is stored (BGPPeer filters must name existing ones).
     *
     * @param name a BGPFilter name
     * @return true when it exists; false by default
     */
    default boolean bgpFilterExists(String name) {
        return false;
    }

    /**
     * The stored version when this write is an update; empty for a create.
     *
     * @return the stored resource, empty by default
     */
    default Optional<Resource> previous() {
        return Optional.empty();
    }

    /**
     * An empty datastore and a create: what {@code calicoctl create} sees on a new cluster.
     *
     * @return the context
     */
    static ValidationContext empty() {
        return new ValidationContext() {
        };
    }
}
