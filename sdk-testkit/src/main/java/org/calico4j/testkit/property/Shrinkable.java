package org.calico4j.testkit.property;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A generated value with the smaller values it may shrink to (computed on demand), simplest first.
 *
 * <pre>{@code
 * Shrinkable<Integer> s = Gen.integers(0, 100).generate(new java.util.Random(1));
 * s.value(); s.shrinks();
 * }</pre>
 */
public final class Shrinkable<T> {
    private final T value;
    private final Supplier<List<Shrinkable<T>>> shrinks;

    /**
     * A value and its shrinks.
     *
     * @param value   the value
     * @param shrinks gives the candidates smaller than {@code value}, simplest first; called each time they are asked for
     */
    public Shrinkable(T value, Supplier<List<Shrinkable<T>>> shrinks) {
        this.value = value;
        this.shrinks = shrinks;
    }

    /**
     * A value that does not shrink.
     *
     * @param <T>   the value's type
     * @param value the value
     * @return the shrinkable
     */
    public static <T> Shrinkable<T> of(T value) {
        return new Shrinkable<>(value, List::of);
    }

    /** {@return the value} */
    public T value() {
        return value;
    }

    /**
     * Candidates smaller than this value, simplest first.
     *
     * @return the candidates, computed anew on each call
     */
    public List<Shrinkable<T>> shrinks() {
        return shrinks.get();
    }

    /**
     * This value and its shrinks passed through {@code f}.
     *
     * @param <R> the mapped type
     * @param f   the mapping
     * @return the mapped shrinkable
     */
    public <R> Shrinkable<R> map(Function<? super T, ? extends R> f) {
        return new Shrinkable<R>(f.apply(value), () -> shrinks().stream().map(s -> s.<R>map(f)).toList());
    }

    @Override
    public String toString() {
        return String.valueOf(value);
    }
}
