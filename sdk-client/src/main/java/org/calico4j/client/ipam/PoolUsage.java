package org.calico4j.client.ipam;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

import org.calico4j.model.net.Cidr;
import org.jspecify.annotations.Nullable;

/**
 * How much of one IP pool is in use, block by block (what {@code calicoctl ipam show} prints).
 * Blocks in no pool are grouped under a usage with no pool.
 *
 * <pre>{@code
 * for (PoolUsage u : ipam.usage()) System.out.println(u.pool() + " " + u.inUse() + "/" + u.capacity());
 * }</pre>
 *
 * @param poolCidr the pool, or null for the blocks that are in no pool
 * @param capacity addresses in the pool (for the orphan group: in its blocks)
 * @param inUse    allocated addresses
 * @param blocks   the pool's blocks, by CIDR
 */
public record PoolUsage(@Nullable Cidr poolCidr, BigInteger capacity, long inUse, List<BlockUsage> blocks) {
    /**
     * Copies the collections, so the value stays immutable.
     *
     * @param poolCidr the pool, or null for the blocks that are in no pool
     * @param capacity addresses in the pool (for the orphan group: in its blocks)
     * @param inUse allocated addresses
     * @param blocks the pool's blocks, by CIDR
     */
    public PoolUsage {
        blocks = List.copyOf(blocks);
    }

    /**
     * The pool.
     *
     * @return its CIDR, or empty for the blocks that are in no pool
     */
    public Optional<Cidr> pool() {
        return Optional.ofNullable(poolCidr);
    }

    /**
     * One block's use.
     *
     * @param cidr     the block
     * @param host     the host it is affine to, if any
     * @param capacity its addresses
     * @param inUse    allocated
     */
    public record BlockUsage(Cidr cidr, @Nullable String host, int capacity, int inUse) {
    }
}
