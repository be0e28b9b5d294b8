/**
 * Property-based testing without jqwik: seeded, reproducible generators ({@link org.calico4j.testkit.property.Gen})
 * with integrated shrinking, a runner ({@link org.calico4j.testkit.property.PropertyRunner}) that prints the seed and
 * the smallest counterexample, and {@link org.calico4j.testkit.property.CalicoProperty} for writing a property as a
 * JUnit 5 test method.
 *
 * <pre>{@code
 * PropertyRunner.forAll(Gen.integers(0, 1000), n -> assertTrue(n * 2 >= n));
 * }</pre>
 */
@NullMarked
package org.calico4j.testkit.property;

import org.jspecify.annotations.NullMarked;
