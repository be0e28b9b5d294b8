package org.calico4j.testkit.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class GenTest {
    @Test
    void theSameSeedGivesTheSameValues() {
        Gen<List<Integer>> g = Gen.listOf(Gen.integers(-50, 50), 0, 10);
        assertEquals(g.sample(new Random(7)), g.sample(new Random(7)));
        List<List<Integer>> many = new ArrayList<>();
        Random r = new Random(7);
        for (int i = 0; i < 20; i++) {
            many.add(g.sample(r));
        }
        assertTrue(many.stream().distinct().count() > 10, "different draws differ");
    }

    @Test
    void valuesStayInTheirBounds() {
        Random r = new Random(1);
        for (int i = 0; i < 1000; i++) {
            int n = Gen.integers(-3, 5).sample(r);
            assertTrue(n >= -3 && n <= 5, Integer.toString(n));
            List<Integer> l = Gen.listOf(Gen.integers(0, 1), 2, 4).sample(r);
            assertTrue(l.size() >= 2 && l.size() <= 4);
            String id = Gen.identifiers(1, 8).sample(r);
            assertTrue(id.matches("[a-z][a-z0-9]{0,7}"), id);
        }
    }

    @Test
    void aFailingIntegerShrinksToTheBoundary() {
        PropertyRunner.PropertyFailure f = assertThrows(PropertyRunner.PropertyFailure.class, () ->
                PropertyRunner.check(Gen.integers(0, 100_000)).seed(3).forAll(n -> assertTrue(n < 57, "too big")));
        assertEquals(57, f.counterexample());
        assertTrue(f.getMessage().contains("seed 3; replay with -Dcalico4j.seed=3"), f.getMessage());
        assertTrue(f.getMessage().contains("smallest counterexample"), f.getMessage());
    }

    @Test
    void aFailingListShrinksToAMinimalList() {
        PropertyRunner.PropertyFailure f = assertThrows(PropertyRunner.PropertyFailure.class, () ->
                PropertyRunner.check(Gen.listOf(Gen.integers(0, 100), 0, 30)).seed(11).tries(500)
                        .forAll(l -> assertTrue(l.stream().mapToInt(Integer::intValue).sum() <= 100)));
        @SuppressWarnings("unchecked")
        List<Integer> min = (List<Integer>) f.counterexample();
        assertEquals(101, min.stream().mapToInt(Integer::intValue).sum(), "just over the bound: " + min);
        assertTrue(min.size() <= 2, "no more elements than needed: " + min);
    }

    @Test
    void flatMapAndFilterKeepShrinking() {
        Gen<List<Integer>> sized = Gen.integers(1, 20).flatMap(n -> Gen.listOf(Gen.integers(0, 9), n, n));
        PropertyRunner.PropertyFailure f = assertThrows(PropertyRunner.PropertyFailure.class, () ->
                PropertyRunner.check(sized).seed(5).forAll(l -> assertTrue(l.size() < 4)));
        assertEquals(List.of(0, 0, 0, 0), f.counterexample());
        Gen<Integer> even = Gen.integers(0, 1000).filter(n -> n % 2 == 0);
        PropertyRunner.check(even).seed(9).forAll(n -> assertEquals(0, n % 2));
        PropertyRunner.PropertyFailure g = assertThrows(PropertyRunner.PropertyFailure.class, () ->
                PropertyRunner.check(even).seed(9).forAll(n -> assertTrue(n < 10)));
        assertEquals(10, g.counterexample());
    }

    @Test
    void frequencyAndChoiceFollowTheirWeights() {
        Gen<String> g = Gen.frequency(9, Gen.constant("often"), 1, Gen.constant("rare"));
        Random r = new Random(2);
        int often = 0;
        for (int i = 0; i < 10_000; i++) {
            if (g.sample(r).equals("often")) {
                often++;
            }
        }
        assertTrue(often > 8500 && often < 9500, Integer.toString(often));
        assertEquals("a", Gen.oneOf(List.of("a", "b")).generate(new Random(4)).shrinks().stream().findFirst()
                .map(Shrinkable::value).orElse("a"));
        assertTrue(List.of(1, 2).contains(Gen.<Integer>choose(List.of(Gen.constant(1), Gen.constant(2))).sample(new Random(1))));
    }

    @Test
    void propertiesThatHoldPass() {
        PropertyRunner.forAll(Gen.pairs(Gen.integers(-1000, 1000), Gen.integers(-1000, 1000)),
                p -> assertEquals(p.first() + p.second(), p.second() + p.first()));
    }

    @CalicoProperty(tries = 300)
    void aPropertyAsATestMethod(@GeneratedBy("smallLists") List<Integer> l) {
        assertTrue(l.size() <= 5);
        assertTrue(l.stream().allMatch(x -> x >= 0 && x <= 9));
    }

    static Gen<List<Integer>> smallLists() {
        return Gen.listOf(Gen.integers(0, 9), 0, 5);
    }
}
