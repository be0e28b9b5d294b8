/**
 * Calico's block-based IPAM over any {@link org.calico4j.client.spi.Datastore}: hosts claim blocks of
 * each pool, hand out addresses from them, borrow from other hosts' blocks when theirs are full, and
 * every block write is a compare-and-swap, so concurrent allocators on many hosts never hand out one
 * address twice.
 *
 * <pre>{@code
 * IpamAssignments a = client.ipam().autoAssign(AutoAssignRequest.forHost("node-1").ipv4(2).handle("pod-a"));
 * client.ipam().releaseByHandle("pod-a");
 * }</pre>
 */
@NullMarked
package org.calico4j.client.ipam;

import org.jspecify.annotations.NullMarked;
