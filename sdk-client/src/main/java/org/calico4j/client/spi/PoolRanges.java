package org.calico4j.client.spi;

import java.util.List;

import org.calico4j.model.IpPool;
import org.calico4j.model.net.Cidr;

/**
 * An optional capability of a {@link Datastore}: the stored IP pools whose CIDR overlaps a network,
 * answered from an index of pool ranges instead of a list of every pool. The client's create
 * checks a new pool against these (Calico lists every pool for the same check); a datastore
 * without it is listed.
 *
 * <pre>{@code
 * if (ds instanceof PoolRanges r) { List<IpPool> clash = r.poolsOverlapping(Cidr.parse("10.0.0.0/16")); }
 * }</pre>
 *
 * <p>Answers reflect every write committed before the call, as {@code list(IP_POOL, 0)} would.
 */
public interface PoolRanges {
    /**
     * The latest stored pools whose CIDR overlaps {@code network} (same IP version, one containing the other), in name order.
     *
     * @param network the CIDR to check
     * @return the overlapping pools; empty when none
     */
    List<IpPool> poolsOverlapping(Cidr network);
}
