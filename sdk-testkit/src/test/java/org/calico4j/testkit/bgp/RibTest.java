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
            int keys = 1 + rnd.nextInt(round % 2 == 0 ? 6 : 20); // some stay in the array form, some grow past it
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
}
