/**
 * The iptables + ipset dataplane, equivalent to Felix v3.32.1's for NAT-outgoing: the nat table's
 * {@code cali-} chains with Felix's {@code cali:} rule hashes, the pool IP sets, written with
 * {@code ipset restore} and {@code iptables-restore --noflush}; routes and tunnel devices through
 * {@code org.calico4j.dataplane.linux.NodeNetwork}.
 *
 * <pre>{@code
 * try (IptablesDataplane dp = IptablesDataplane.builder("n1").build()) {
 *     dp.resync(state);
 * }
 * }</pre>
 */
@NullMarked
package org.calico4j.dataplane.iptables;

import org.jspecify.annotations.NullMarked;
