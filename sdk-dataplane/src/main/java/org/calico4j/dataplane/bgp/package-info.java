/**
 * BGP as Calico does it: each node's sessions and exports ({@link org.calico4j.dataplane.bgp.BgpIntent},
 * computed by {@link org.calico4j.dataplane.bgp.BgpIntents} with confd's rules), rendered as BIRD 2
 * configuration ({@link org.calico4j.dataplane.bgp.BirdConfig}) and run by a
 * {@link org.calico4j.dataplane.bgp.BirdController}.
 *
 * <pre>{@code
 * Map<String, BgpIntent> intents = BgpIntents.compute(resources, SecretResolver.none());
 * String conf = BirdConfig.render(intents.get("node-1"));
 * }</pre>
 */
@NullMarked
package org.calico4j.dataplane.bgp;

import org.jspecify.annotations.NullMarked;
