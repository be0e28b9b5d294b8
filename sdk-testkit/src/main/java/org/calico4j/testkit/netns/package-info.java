/**
 * A simulated cluster built for real in Linux network namespaces, with real BIRD 2 speakers, so that the
 * simulator's answers can be checked against the kernel's and BIRD's.
 *
 * <pre>{@code
 * try (RealBirdCluster real = RealBirdCluster.start(sim)) {
 *     real.awaitConverged();
 *     real.send("client", "web-0").delivered();
 * }
 * }</pre>
 */
@NullMarked
package org.calico4j.testkit.netns;

import org.jspecify.annotations.NullMarked;
