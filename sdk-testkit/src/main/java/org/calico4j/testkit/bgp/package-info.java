/**
 * The simulated BGP fabric: every speaker's routes (nodes and external routers) from the nodes'
 * BGP intent, with Calico's sessions, route reflection, eBGP AS-path loop prevention and next hops.
 *
 * <pre>{@code
 * Map<Cidr, BgpRoute> tor = cluster.bgpRoutes("tor");
 * }</pre>
 */
@NullMarked
package org.calico4j.testkit.bgp;

import org.jspecify.annotations.NullMarked;
