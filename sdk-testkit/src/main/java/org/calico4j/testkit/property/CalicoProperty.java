package org.calico4j.testkit.property;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A JUnit 5 test method that is a property: its parameter annotated {@link GeneratedBy} is drawn
 * {@link #tries()} times from the generator the annotation names, and a failure is reported with the
 * seed and the smallest counterexample.
 *
 * <pre>{@code
 * @CalicoProperty(tries = 200)
 * void doublingNeverShrinks(@GeneratedBy("smallInts") int n) { assertTrue(2 * n >= n); }
 * static Gen<Integer> smallInts() { return Gen.integers(0, 1000); }
 * }</pre>
 *
 * <p>Each try, and each shrink step, runs on fresh testkit objects: a {@code SimulatedCluster} or
 * {@code CalicoClient} parameter of the method, and the instance fields of those types that
 * {@code @CalicoTestkit} injects, are new for every call and closed after it (with node agents when
 * {@code @CalicoTestkit(nodeAgents = true)}); a static field stays shared by the whole class, as it
 * is for plain tests.
 *
 * <pre>{@code
 * @CalicoProperty void anyNodeName(@GeneratedBy("names") String n, SimulatedCluster cluster) {
 *     cluster.addNode(n, "10.0.0.11/24");   // a new cluster each time: no AlreadyExistsException on try 2
 * }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Test
@ExtendWith(PropertyExtension.class)
public @interface CalicoProperty {
    /** {@return how many values to try} */
    int tries() default PropertyRunner.DEFAULT_TRIES;

    /** {@return a fixed seed; 0 = random (or {@code -Dcalico4j.seed=})} */
    long seed() default 0;
}
