package org.calico4j.testkit.property;

import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Runs a property over generated values: {@code tries} values from a seed (printed on failure, and
 * taken from {@code -Dcalico4j.seed=} when set, so a failure replays), and on failure shrinks the value
 * greedily to a minimal one that still fails.
 *
 * <pre>{@code
 * PropertyRunner.forAll(Gen.integers(1, 100), n -> assertTrue(n < 1000));
 * PropertyRunner.check(gen).tries(500).seed(42).forAll(value -> ...);
 * }</pre>
 */
public final class PropertyRunner {
    /** Tries when none are given. */
    public static final int DEFAULT_TRIES = 100;
    private static final int MAX_SHRINK_STEPS = 1000;

    private PropertyRunner() {
    }

    /**
     * Runs {@code property} on {@value #DEFAULT_TRIES} values of {@code gen}.
     *
     * @param <T>      the values' type
     * @param gen      the values' generator
     * @param property the property; it fails by throwing
     * @throws PropertyFailure when it fails, with the smallest counterexample found
     */
    public static <T> void forAll(Gen<T> gen, Consumer<T> property) {
        check(gen).forAll(property);
    }

    /**
     * A run over {@code gen} to configure: {@value #DEFAULT_TRIES} tries, the seed from {@code -Dcalico4j.seed=} or random.
     *
     * @param <T> the values' type
     * @param gen the values' generator
     * @return the run, not started
     * @throws NumberFormatException if {@code calico4j.seed} is set but not a number
     */
    public static <T> Check<T> check(Gen<T> gen) {
        return new Check<>(gen, DEFAULT_TRIES, seedFromProperty());
    }

    static Long seedFromProperty() {
        String s = System.getProperty("calico4j.seed");
        return s == null || s.isBlank() ? null : Long.parseLong(s.trim());
    }

    /**
     * A configured run; immutable.
     *
     * @param <T> the values' type
     */
    public static final class Check<T> {
        private final Gen<T> gen;
        private final int tries;
        private final Long seed;

        Check(Gen<T> gen, int tries, Long seed) {
            this.gen = gen;
            this.tries = tries;
            this.seed = seed;
        }

        /**
         * This run with another number of tries.
         *
         * @param n how many values to try, at least 1
         * @return the new run
         * @throws IllegalArgumentException if {@code n < 1}
         */
        public Check<T> tries(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("tries must be positive: " + n);
            }
            return new Check<>(gen, n, seed);
        }

        /**
         * This run with a fixed seed (replaying a failure).
         *
         * @param s the seed
         * @return the new run
         */
        public Check<T> seed(long s) {
            return new Check<>(gen, tries, s);
        }

        /**
         * Runs {@code property} (which fails by throwing) on each generated value.
         *
         * @param property the property
         * @throws PropertyFailure when it fails, with the seed and the smallest counterexample found
         */
        public void forAll(Consumer<T> property) {
            long s = seed != null ? seed : new Random().nextLong();
            Random r = new Random(s);
            for (int i = 1; i <= tries; i++) {
                Shrinkable<T> v = gen.generate(r);
                Throwable failure = failure(property, v.value());
                if (failure != null) {
                    Shrunk<T> min = shrink(property, v, failure);
                    throw new PropertyFailure("property failed on try " + i + " of " + tries + " (seed " + s
                            + "; replay with -Dcalico4j.seed=" + s + ")\n  smallest counterexample (" + min.steps + " shrink steps): "
                            + min.value.value() + "\n  original: " + v.value() + "\n  failure: " + min.failure, min.failure, s,
                            min.value.value());
                }
            }
        }

        private static <T> Throwable failure(Consumer<T> property, T value) {
            try {
                property.accept(value);
                return null;
            } catch (Throwable t) {
                if (t instanceof VirtualMachineError) {
                    throw (VirtualMachineError) t;
                }
                return t;
            }
        }

        private record Shrunk<T>(Shrinkable<T> value, Throwable failure, int steps) {
        }

        private static <T> Shrunk<T> shrink(Consumer<T> property, Shrinkable<T> start, Throwable firstFailure) {
            Shrinkable<T> current = start;
            Throwable failure = firstFailure;
            int steps = 0;
            boolean progress = true;
            while (progress && steps < MAX_SHRINK_STEPS) {
                progress = false;
                List<Shrinkable<T>> candidates = current.shrinks();
                for (Shrinkable<T> c : candidates) {
                    Throwable f = failure(property, c.value());
                    if (f != null) {
                        current = c;
                        failure = f;
                        steps++;
                        progress = true;
                        break;
                    }
                }
            }
            return new Shrunk<>(current, failure, steps);
        }
    }

    /** A property that does not hold: the seed, the smallest counterexample, and its failure as the cause. */
    public static final class PropertyFailure extends AssertionError {
        private static final long serialVersionUID = 1L;
        /** The seed that replays the failure (part of the serialized form). */
        private final long seed;
        private final transient Object counterexample;

        PropertyFailure(String message, Throwable cause, long seed, Object counterexample) {
            super(message, cause);
            this.seed = seed;
            this.counterexample = counterexample;
        }

        /** {@return the seed that replays the failure} */
        public long seed() {
            return seed;
        }

        /** {@return the smallest failing value found (not serialized: null after deserialization)} */
        public Object counterexample() {
            return counterexample;
        }
    }
}
