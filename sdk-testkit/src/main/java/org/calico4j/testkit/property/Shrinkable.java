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

    public Shrinkable(T value, Supplier<List<Shrinkable<T>>> shrinks) {
        this.value = value;
        this.shrinks = shrinks;
    }

    public static <T> Shrinkable<T> of(T value) {
        return new Shrinkable<>(value, List::of);
    }

    public T value() {
        return value;
    }

    /** Candidates smaller than this value, simplest first. */
    public List<Shrinkable<T>> shrinks() {
        return shrinks.get();
    }

    public <R> Shrinkable<R> map(Function<? super T, ? extends R> f) {
        return new Shrinkable<R>(f.apply(value), () -> shrinks().stream().map(s -> s.<R>map(f)).toList());
    }

    @Override
    public String toString() {
        return String.valueOf(value);
    }
}
