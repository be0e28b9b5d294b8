/**
 * Testing with calico4j without a real cluster: {@link org.calico4j.testkit.SimulatedCluster} (nodes with
 * node agents on in-memory dataplanes, external routers and hosts, a BGP fabric) answering "where does
 * this packet go, and with which source?" as a {@link org.calico4j.testkit.Trace}.
 *
 * <pre>{@code
 * try (SimulatedCluster c = SimulatedCluster.create()) {
 *     c.addNode("n1", "10.0.0.11/24");
 *     c.addHost("internet", "93.184.216.34");
 *     c.client().ipPools().create(pool);
 *     c.addWorkload("web-0", "n1");
 *     c.send("web-0", "internet").sourceSeenAtDestination();
 * }
 * }</pre>
 */
@NullMarked
package org.calico4j.testkit;

import org.jspecify.annotations.NullMarked;
