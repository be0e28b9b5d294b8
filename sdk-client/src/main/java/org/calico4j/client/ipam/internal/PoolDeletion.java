package org.calico4j.client.ipam.internal;

import org.calico4j.client.ConflictException;
import org.calico4j.client.NotFoundException;
import org.calico4j.client.internal.Versions;
import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Versioned;
import org.calico4j.model.IpPool;
import org.calico4j.model.Kind;
import org.calico4j.model.net.Cidr;

/**
 * Deleting an IP pool as libcalico-go's {@code ipPools.Delete} does: disable it first so no new
 * addresses come from it, release every block affinity in it (empty blocks go, blocks in use keep
 * their addresses without an owner), then delete it. Addresses still allocated stay allocated.
 */
public final class PoolDeletion {
    private PoolDeletion() {
    }

    /** Deletes pool {@code name} if its revision is {@code revision} (0 = any); returns the deleted (disabled) pool. */
    public static Versioned delete(Datastore ds, String name, long revision) {
        ResourceKey key = ResourceKey.of(Kind.IP_POOL, name);
        Versioned cur = ds.get(key).orElseThrow(() -> new NotFoundException(key));
        if (revision != 0 && cur.revision() != revision) {
            throw new ConflictException(key, revision, Versions.withVersion(cur));
        }
        IpPool pool = (IpPool) cur.value();
        if (!pool.spec().disabled()) {
            IpPool disabled = pool.withSpec(pool.spec().withDisabled(true));
            cur = ds.update(key, disabled, cur.revision());
        }
        Cidr network = pool.spec().parsedCidr().orElse(null);
        if (network != null) {
            new DefaultIpam(ds).releasePoolAffinities(network);
        }
        return ds.delete(key, cur.revision());
    }
}
