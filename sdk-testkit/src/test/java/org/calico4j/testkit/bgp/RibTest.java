package org.calico4j.testkit.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** A speaker's Adj-RIB-In keeps a LinkedHashMap's answers and order, in its array form and after growing into a map. */
class RibTest {
    private record Item(long key, int version) {
    }

    @Test
    void behavesAsALinkedHashMapThroughRandomPutsAndRemoves() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        for (int round = 0; round < 200; round++) {
            BgpFabric.Rib<Item> rib = new BgpFabric.Rib<>(Item::key);
            Map<Long, Item> expected = new LinkedHashMap<>();
            int keys = 1 + rnd.nextInt(round % 3 == 0 ? 6 : round % 3 == 1 ? 20 : 300); // the array form, past it, and an index that grows
            for (int op = 0; op < 300; op++) {
                long k = (long) rnd.nextInt(keys) << 32 | rnd.nextInt(2);
                String where = "seed " + seed + ", round " + round + ", op " + op;
                if (rnd.nextInt(3) == 0) {
                    assertEquals(expected.remove(k), rib.remove(k), where);
                } else {
                    Item it = new Item(k, op);
                    assertEquals(expected.put(k, it), rib.put(it), where);
                }
                assertEquals(new ArrayList<>(expected.values()), new ArrayList<>(rib.paths()), where);
            }
            assertEquals(List.copyOf(expected.values()), List.copyOf(rib.paths()));
        }
    }

    @Test
    void theKeyIndexAnswersAsAHashMapThroughGrowthAndRemovals() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        for (int round = 0; round < 100; round++) {
            BgpFabric.KeyIndex index = new BgpFabric.KeyIndex();
            Map<Long, Integer> expected = new java.util.HashMap<>();
            int keys = 1 + rnd.nextInt(2000);
            // Keys as the fabric makes them (sender << 32 | path id), and some equal in their low bits, so runs collide and wrap.
            long[] pool = new long[keys];
            for (int k = 0; k < keys; k++) {
                pool[k] = round % 2 == 0 ? (long) rnd.nextInt(5000) << 32 | rnd.nextInt(3) : (long) k << 40 | 7;
            }
            for (int op = 0; op < 6000; op++) {
                long k = pool[rnd.nextInt(keys)];
                String where = "seed " + seed + ", round " + round + ", op " + op;
                if (rnd.nextInt(3) == 0) {
                    expected.remove(k);
                    index.remove(k);
                } else {
                    int v = rnd.nextInt(10_000);
                    expected.put(k, v);
                    index.put(k, v);
                }
                long probe = pool[rnd.nextInt(keys)];
                assertEquals(expected.getOrDefault(probe, -1), index.get(probe), where);
                assertEquals(expected.size(), index.size(), where);
            }
            for (long k : pool) {
                assertEquals(expected.getOrDefault(k, -1), index.get(k), "seed " + seed + ", round " + round + ", key " + k);
            }
        }
    }
}
