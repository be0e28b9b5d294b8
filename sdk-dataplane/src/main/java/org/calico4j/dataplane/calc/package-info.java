/**
 * Felix's calculation for one node, incremental: datastore updates in, {@link org.calico4j.dataplane.DataplaneDelta}s out.
 *
 * <pre>{@code
 * Calculation calc = new Calculation("n1");
 * DataplaneDelta d = calc.update(ResourceKey.of(pool), pool);
 * }</pre>
 */
@NullMarked
package org.calico4j.dataplane.calc;

import org.jspecify.annotations.NullMarked;
