package org.calico4j.testkit.property;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A JUnit 5 test method that is a property: its one parameter, annotated {@link ForAll}, is drawn
 * {@link #tries()} times from the generator the annotation names, and a failure is reported with the
 * seed and the smallest counterexample.
 *
 * <pre>{@code
 * @Property(tries = 200)
 * void doublingNeverShrinks(@ForAll("smallInts") int n) { assertTrue(2 * n >= n); }
 * static Gen<Integer> smallInts() { return Gen.integers(0, 1000); }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Test
@ExtendWith(PropertyExtension.class)
public @interface Property {
    int tries() default Properties.DEFAULT_TRIES;

    /** A fixed seed; 0 = random (or {@code -Dcalico4j.seed=}). */
    long seed() default 0;
}
