/**
 * What a node does with packets, computed from the datastore the way Felix does: the desired
 * {@link org.calico4j.dataplane.DataplaneState} of one node (pools, local workloads, routes with their
 * encapsulation, IP sets, NAT-outgoing settings), the {@link org.calico4j.dataplane.Dataplane} SPI that
 * realises it, and the {@link org.calico4j.dataplane.NodeAgent} that keeps one in step with a client.
 *
 * <pre>{@code
 * try (NodeAgent agent = NodeAgent.builder().client(client).node("n1").dataplane(new MemoryDataplane("n1")).start()) {
 *     agent.awaitRevision(client.datastore().revision(), Duration.ofSeconds(5));
 *     Verdict v = agent.dataplane().evaluate(Packet.tcp("10.244.1.5", "93.184.216.34", 443));
 * }
 * }</pre>
 */
@NullMarked
package org.calico4j.dataplane;

import org.jspecify.annotations.NullMarked;
