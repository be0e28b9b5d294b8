package org.calico4j.testkit.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Injects fields of type {@link org.calico4j.testkit.SimulatedCluster} and
 * {@link org.calico4j.client.CalicoClient} (an in-memory one): a static field gets one instance shared
 * by the class, an instance field a fresh one per test. Each is closed through the JUnit store when its
 * scope ends; tests running in parallel each get their own.
 *
 * <pre>{@code
 * @CalicoTestkit
 * class OutboundTest {
 *     SimulatedCluster cluster;
 *     @Test void natOutgoing() { cluster.addNode("n1", "10.0.0.11/24"); ... }
 * }
 * }</pre>
 */
@Inherited
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(CalicoExtension.class)
public @interface CalicoTestkit {
    /** {@return whether injected clusters run a real {@code NodeAgent} per node ({@link org.calico4j.testkit.SimulatedCluster#withNodeAgents()})} */
    boolean nodeAgents() default false;
}
