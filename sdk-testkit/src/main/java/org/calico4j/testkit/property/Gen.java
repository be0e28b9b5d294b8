package org.calico4j.testkit.property;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A seeded, reproducible generator of values with integrated shrinking: every combinator keeps the
 * ways a value can get smaller, so a failing property is reported with a minimal counterexample.
 *
 * <pre>{@code
 * Gen<List<Integer>> ports = Gen.listOf(Gen.integers(1, 65535), 0, 5);
 * Gen<String> names = Gen.identifiers(1, 12).map(s -> "node-" + s);
 * }</pre>
 */
@FunctionalInterface
public interface Gen<T> {
    /**
     * One value, drawn from {@code random}, with its shrinks.
     *
     * @param random the source of randomness; the same seed gives the same value
     * @return the value and its shrinks
     */
    Shrinkable<T> generate(Random random);

    /**
     * One plain value (no shrinking), for building fixtures.
     *
     * @param random the source of randomness
     * @return the value
     */
    default T sample(Random random) {
        return generate(random).value();
    }

    /**
     * Values of this generator passed through {@code f}; shrinks are mapped too.
     *
     * @param <R> the mapped type
     * @param f   the mapping, applied to every value and shrink
     * @return the mapped generator
     */
    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return r -> generate(r).map(f);
    }

    /**
     * A generator chosen by the value of this one. The inner value is drawn from its own seed, so when the
     * outer value shrinks the inner one is drawn again the same way.
     *
     * @param <R> the inner type
     * @param f   the generator to use for a value of this one
     * @return the combined generator
     */
    default <R> Gen<R> flatMap(Function<? super T, Gen<R>> f) {
        return r -> {
            Shrinkable<T> outer = generate(r);
            long seed = r.nextLong();
            return bind(outer, f, seed);
        };
    }

    private static <T, R> Shrinkable<R> bind(Shrinkable<T> outer, Function<? super T, Gen<R>> f, long seed) {
        Shrinkable<R> inner = f.apply(outer.value()).generate(new Random(seed));
        return withOuter(inner, outer, f, seed);
    }

    private static <T, R> Shrinkable<R> withOuter(Shrinkable<R> inner, Shrinkable<T> outer, Function<? super T, Gen<R>> f, long seed) {
        return new Shrinkable<>(inner.value(), () -> {
            List<Shrinkable<R>> out = new ArrayList<>();
            for (Shrinkable<T> o : outer.shrinks()) {
                out.add(bind(o, f, seed));
            }
            for (Shrinkable<R> i : inner.shrinks()) {
                out.add(withOuter(i, outer, f, seed));
            }
            return out;
        });
    }

    /**
     * Only values satisfying {@code keep} (drawing again up to 1,000 times; shrinks are filtered too).
     *
     * @param keep the test a value must pass
     * @return the filtered generator; drawing from it throws {@link IllegalStateException} after 1,000 rejections in a row
     */
    default Gen<T> filter(Predicate<? super T> keep) {
        return r -> {
            for (int i = 0; i < 1000; i++) {
                Shrinkable<T> s = generate(r);
                if (keep.test(s.value())) {
                    return filtered(s, keep);
                }
            }
            throw new IllegalStateException("filter rejected 1,000 values in a row: loosen the filter or the generator");
        };
    }

    private static <T> Shrinkable<T> filtered(Shrinkable<T> s, Predicate<? super T> keep) {
        return new Shrinkable<>(s.value(), () -> s.shrinks().stream().filter(x -> keep.test(x.value())).map(x -> filtered(x, keep)).toList());
    }

    /**
     * Always {@code value}, which does not shrink.
     *
     * @param <T>   the value's type
     * @param value the value
     * @return the generator
     */
    static <T> Gen<T> constant(T value) {
        return r -> Shrinkable.of(value);
    }

    /**
     * Integers in [min, max], shrinking towards the value nearest 0 in the range.
     *
     * @param min the least value, inclusive
     * @param max the greatest value, inclusive
     * @return the generator
     * @throws IllegalArgumentException if {@code min > max}
     */
    static Gen<Integer> integers(int min, int max) {
        if (min > max) {
            throw new IllegalArgumentException("min " + min + " > max " + max);
        }
        int target = min > 0 ? min : Math.min(max, 0);
        return r -> integer(min + (int) (r.nextDouble() * ((long) max - min + 1)), target);
    }

    private static Shrinkable<Integer> integer(int value, int target) {
        return new Shrinkable<>(value, () -> {
            List<Shrinkable<Integer>> out = new ArrayList<>();
            long diff = (long) value - target;
            if (diff == 0) {
                return out;
            }
            out.add(integer(target, target));
            // Halfway steps towards the target, then one step.
            for (long d = diff / 2; d != 0; d /= 2) {
                long candidate = value - d;
                if (candidate != target) {
                    out.add(integer((int) candidate, target));
                }
            }
            int step = value - Long.signum(diff);
            if (step != target) {
                out.add(integer(step, target));
            }
            return out;
        });
    }

    /**
     * True or false, shrinking towards false.
     *
     * @return the generator
     */
    static Gen<Boolean> booleans() {
        return r -> {
            boolean b = r.nextBoolean();
            return new Shrinkable<>(b, () -> b ? List.of(Shrinkable.of(false)) : List.of());
        };
    }

    /**
     * One of the values, shrinking towards the first.
     *
     * @param <T>    the values' type
     * @param values the values (copied; not empty)
     * @return the generator
     */
    static <T> Gen<T> oneOf(List<T> values) {
        List<T> vs = List.copyOf(values);
        return integers(0, vs.size() - 1).map(vs::get);
    }

    /**
     * One of the generators, shrinking towards the first.
     *
     * @param <T>  the values' type
     * @param gens the generators (copied; not empty)
     * @return the generator
     */
    static <T> Gen<T> choose(List<? extends Gen<? extends T>> gens) {
        List<Gen<? extends T>> gs = List.copyOf(gens);
        return integers(0, gs.size() - 1).flatMap(i -> r -> gs.get(i).generate(r).map(x -> (T) x));
    }

    /**
     * Generators weighted by frequency: {@code frequency(3, a, 1, b)} draws a three times as often as b.
     *
     * @param <T> the values' type
     * @param w1  weight of {@code g1}, at least 0
     * @param g1  the first generator (drawn for the lower draws, so shrinking goes towards it)
     * @param w2  weight of {@code g2}, at least 0
     * @param g2  the second generator
     * @return the generator
     */
    static <T> Gen<T> frequency(int w1, Gen<? extends T> g1, int w2, Gen<? extends T> g2) {
        return integers(1, w1 + w2).flatMap(n -> r -> (n <= w1 ? g1 : g2).generate(r).map(x -> (T) x));
    }

    /**
     * Lists of [min, max] elements; they shrink by dropping elements (halves, then one), then by shrinking each.
     *
     * @param <T>     the elements' type
     * @param element the elements' generator
     * @param min     the fewest elements
     * @param max     the most elements
     * @return the generator (lists are unmodifiable)
     */
    static <T> Gen<List<T>> listOf(Gen<T> element, int min, int max) {
        return r -> {
            int n = integers(min, max).sample(r);
            List<Shrinkable<T>> items = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                items.add(element.generate(r));
            }
            return list(items, min);
        };
    }

    private static <T> Shrinkable<List<T>> list(List<Shrinkable<T>> items, int min) {
        List<T> values = items.stream().map(Shrinkable::value).toList();
        return new Shrinkable<>(values, () -> {
            List<Shrinkable<List<T>>> out = new ArrayList<>();
            int n = items.size();
            for (int k = n / 2; k >= 1; k /= 2) {
                for (int from = 0; from + k <= n; from += k) {
                    if (n - k >= min) {
                        List<Shrinkable<T>> rest = new ArrayList<>(items.subList(0, from));
                        rest.addAll(items.subList(from + k, n));
                        out.add(list(rest, min));
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                for (Shrinkable<T> smaller : items.get(i).shrinks()) {
                    List<Shrinkable<T>> copy = new ArrayList<>(items);
                    copy.set(i, smaller);
                    out.add(list(copy, min));
                }
            }
            return out;
        });
    }

    /**
     * Lower-case DNS-label-like names of [min, max] characters, shrinking towards "a".
     *
     * @param min the shortest length (at least 1 is used)
     * @param max the longest length
     * @return the generator; a name never starts with a digit
     */
    static Gen<String> identifiers(int min, int max) {
        Gen<Character> chars = integers(0, 35).map(i -> i < 26 ? (char) ('a' + i) : (char) ('0' + i - 26));
        return listOf(chars, Math.max(1, min), max).map(cs -> {
            StringBuilder sb = new StringBuilder();
            cs.forEach(sb::append);
            return sb.charAt(0) >= '0' && sb.charAt(0) <= '9' ? "n" + sb.substring(1) : sb.toString();
        });
    }

    /**
     * Pairs of two generators' values.
     *
     * @param <A> the first value's type
     * @param <B> the second value's type
     * @param a   the first values' generator
     * @param b   the second values' generator
     * @return the generator
     */
    static <A, B> Gen<Pair<A, B>> pairs(Gen<A> a, Gen<B> b) {
        return a.flatMap(x -> b.map(y -> new Pair<>(x, y)));
    }

    /**
     * Two values.
     *
     * @param first  the first
     * @param second the second
     */
    record Pair<A, B>(A first, B second) {
    }
}
