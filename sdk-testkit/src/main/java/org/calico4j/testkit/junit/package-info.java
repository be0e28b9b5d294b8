/**
 * JUnit 5 support: {@link org.calico4j.testkit.junit.CalicoTestkit} injects a fresh
 * {@link org.calico4j.testkit.SimulatedCluster} or {@link org.calico4j.client.CalicoClient} into fields.
 *
 * <pre>{@code
 * @CalicoTestkit
 * class MyTest { SimulatedCluster cluster; static CalicoClient shared; }
 * }</pre>
 */
@NullMarked
package org.calico4j.testkit.junit;

import org.jspecify.annotations.NullMarked;
