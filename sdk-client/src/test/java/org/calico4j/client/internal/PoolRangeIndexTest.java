package org.calico4j.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.calico4j.client.memory.MemoryDatastore;
import org.calico4j.client.spi.ListResult;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Versioned;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Kind;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.validation.ValidationContext;
import org.junit.jupiter.api.Test;

/** The pool range index answers overlap queries exactly as filtering a list of every pool does, also while writers race. */
class PoolRangeIndexTest {
    private static IpPool pool(String name, String cidr) {
        return IpPool.builder().name(name).spec(IpPoolSpec.builder().cidr(cidr).build()).build();
    }

    /** A random v4 or v6 CIDR, host bits sometimes set, from a small space so that overlaps are common. */
    private static String cidr(Random r) {
        if (r.nextInt(4) == 0) {
            return "fd00:" + Integer.toHexString(r.nextInt(4)) + ":" + Integer.toHexString(r.nextInt(4)) + "::/" + (28 + r.nextInt(24));
        }
        return "10." + r.nextInt(4) + "." + r.nextInt(256) + "." + (r.nextInt(3) == 0 ? r.nextInt(256) : 0) + "/" + (8 + r.nextInt(25));
    }

    /** What the validator saw before the index: every pool listed, then filtered. */
    private static List<String> byListing(MemoryDatastore ds, Cidr network) {
        ValidationContext listing = new ValidationContext() {
            @Override
            public List<IpPool> existingPools() {
                List<IpPool> out = new ArrayList<>();
                ListResult l = ds.list(Kind.IP_POOL, 0);
                for (Versioned v : l.items()) {
                    out.add((IpPool) v.value());
                }
                return out;
            }
        };
        return listing.poolsOverlapping(network).stream().map(p -> p.name() + "=" + p.spec().cidr()).toList();
    }

    private static List<String> byIndex(MemoryDatastore ds, Cidr network) {
        return ds.poolsOverlapping(network).stream().map(p -> p.name() + "=" + p.spec().cidr()).toList();
    }

    /** The range's ends: a pool at the query's first or last address, of any length up to a host route, is inside it. */
    @Test
    void poolsAtTheEdgesOfTheQueriedRangeAreFound() {
        try (MemoryDatastore ds = MemoryDatastore.create()) {
            String[] edges = {"10.0.0.0/32", "10.0.0.255/32", "10.0.0.254/31", "10.0.1.0/32", "9.255.255.255/32",
                "10.0.0.0/8", "fd00::ff/128", "fd00::/128", "fd00::100/128", "0.0.0.0/0", "::/0"};
            for (int i = 0; i < edges.length; i++) {
                ds.create(ResourceKey.of(Kind.IP_POOL, "e" + i), pool("e" + i, edges[i]));
            }
            for (String q : List.of("10.0.0.0/24", "10.0.0.255/32", "10.0.0.0/32", "10.0.0.128/25", "fd00::/120",
                    "fd00::ff/128", "10.0.0.0/8", "0.0.0.0/0", "::/0", "255.255.255.255/32")) {
                Cidr n = Cidr.parse(q);
                assertEquals(byListing(ds, n), byIndex(ds, n), q);
            }
            assertEquals(List.of("e0=10.0.0.0/32", "e1=10.0.0.255/32", "e2=10.0.0.254/31", "e5=10.0.0.0/8", "e9=0.0.0.0/0"),
                    byIndex(ds, Cidr.parse("10.0.0.0/24")));
        }
    }

    @Test
    void overlapsAreThoseAListOfEveryPoolGivesThroughCreatesUpdatesAndDeletes() {
        Random r = new Random(20261204);
        try (MemoryDatastore ds = MemoryDatastore.withHistory(50)) {
            int checked = 0;
            for (int step = 0; step < 3_000; step++) {
                ResourceKey k = ResourceKey.of(Kind.IP_POOL, "p" + r.nextInt(60));
                Versioned cur = ds.get(k).orElse(null);
                switch (r.nextInt(3)) {
                    case 0 -> {
                        if (cur == null) {
                            ds.create(k, pool(k.name(), cidr(r)));
                        }
                    }
                    case 1 -> {
                        if (cur != null) {
                            ds.update(k, pool(k.name(), cidr(r)), cur.revision());
                        }
                    }
                    default -> {
                        if (cur != null) {
                            ds.delete(k, 0);
                        }
                    }
                }
                Cidr q = Cidr.parse(cidr(r));
                List<String> expected = byListing(ds, q.network());
                assertEquals(expected, byIndex(ds, q.network()), "overlapping " + q + " after step " + step);
                checked += expected.isEmpty() ? 0 : 1;
            }
            assertEquals(true, checked > 500, "the random pools must overlap often enough to mean something: " + checked);
        }
    }

    @Test
    void writersRacingLeaveTheIndexEqualToTheStore() throws Exception {
        try (MemoryDatastore ds = MemoryDatastore.withHistory(100)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    long seed = t;
                    fs.add(pool.submit(() -> {
                        Random r = new Random(seed);
                        for (int i = 0; i < 2_000; i++) {
                            ResourceKey k = ResourceKey.of(Kind.IP_POOL, "p" + r.nextInt(40));
                            try {
                                if (r.nextBoolean()) {
                                    ds.create(k, pool(k.name(), cidr(r)));
                                } else {
                                    ds.delete(k, 0);
                                }
                            } catch (RuntimeException e) {
                                // exists / not found: another writer got there first
                            }
                            Cidr q = Cidr.parse(cidr(r)).network();
                            ds.poolsOverlapping(q); // readers interleave with writers
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            Random r = new Random(7);
            for (int i = 0; i < 500; i++) {
                Cidr q = Cidr.parse(cidr(r)).network();
                assertEquals(byListing(ds, q), byIndex(ds, q), "overlapping " + q);
            }
        }
    }
}
