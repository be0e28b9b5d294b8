/**
 * The in-memory dataplane: the reference implementation of {@link org.calico4j.dataplane.Dataplane}
 * and the engine of the simulator.
 *
 * <pre>{@code
 * MemoryDataplane dp = new MemoryDataplane("n1");
 * }</pre>
 */
@NullMarked
package org.calico4j.dataplane.memory;

import org.jspecify.annotations.NullMarked;
