package org.calico4j.dataplane.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A small trie answers by scanning its few CIDRs, a big one by walking the trie: both must give what a
 * plain longest-prefix search over every CIDR gives, while the size moves across the threshold both ways.
 */
class CidrTrieTest {
    /** The reference: the longest CIDR in {@code all} holding {@code ip}. */
    private static @Nullable String longest(Map<Cidr, String> all, IpAddress ip) {
        Cidr best = null;
        for (Cidr c : all.keySet()) {
            if (c.containsAddress(ip) && (best == null || c.prefixLength() > best.prefixLength())) {
                best = c;
            }
        }
        return best == null ? null : all.get(best);
    }

    private static Cidr randomCidr(Random rnd) {
        if (rnd.nextInt(4) == 0) {
            int len = rnd.nextInt(129);
            return Cidr.of(IpAddress.parse("fd00:" + Integer.toHexString(rnd.nextInt(4)) + "::" + Integer.toHexString(rnd.nextInt(8))),
                    len).network();
        }
        // Few distinct values per octet, so that prefixes nest and overlap often.
        int len = 8 + rnd.nextInt(25);
        IpAddress a = IpAddress.parse("10." + rnd.nextInt(3) + "." + rnd.nextInt(3) * 64 + "." + rnd.nextInt(4) * 64);
        return Cidr.of(a, len).network();
    }

    private static IpAddress randomAddress(Random rnd) {
        if (rnd.nextInt(4) == 0) {
            return IpAddress.parse("fd00:" + Integer.toHexString(rnd.nextInt(4)) + "::" + Integer.toHexString(rnd.nextInt(8)));
        }
        return IpAddress.parse("10." + rnd.nextInt(3) + "." + (rnd.nextInt(3) * 64 + rnd.nextInt(2)) + "." + (rnd.nextInt(4) * 64
                + rnd.nextInt(2)));
    }

    @Test
    void scanAndWalkAgreeWithAPlainSearchAcrossTheThreshold() {
        Random rnd = new Random(20261205);
        int scanned = 0;
        int walked = 0;
        for (int run = 0; run < 200; run++) {
            CidrTrie<String> trie = new CidrTrie<>();
            Map<Cidr, String> all = new LinkedHashMap<>();
            for (int step = 0; step < 60; step++) {
                Cidr c = randomCidr(rnd);
                // Grow past the threshold, then shrink below it again.
                if (step < 30 ? rnd.nextInt(4) > 0 : rnd.nextInt(4) == 0) {
                    String v = c + "#" + step;
                    trie.put(c, v);
                    all.put(c, v);
                } else if (!all.isEmpty()) {
                    Cidr gone = rnd.nextBoolean() ? all.keySet().iterator().next() : c;
                    trie.remove(gone);
                    all.remove(gone);
                }
                assertEquals(all.size(), trie.size(), "size after step " + step);
                if (all.size() <= CidrTrie.FEW) {
                    scanned++;
                } else {
                    walked++;
                }
                for (int probe = 0; probe < 20; probe++) {
                    IpAddress ip = randomAddress(rnd);
                    String expected = longest(all, ip);
                    assertEquals(expected, trie.longestMatch(ip), () -> "longest match of " + ip + " in " + all.keySet());
                    assertEquals(expected != null, trie.contains(ip), () -> "contains " + ip + " in " + all.keySet());
                }
            }
            trie.clear();
            assertEquals(0, trie.size());
            assertEquals(null, trie.longestMatch(IpAddress.parse("10.0.0.0")));
        }
        assertTrue(scanned > 1000 && walked > 1000, "both paths exercised: " + scanned + " scanned, " + walked + " walked");
    }

    @Test
    void aHostAddressAndTheWholeSpaceAreFoundBySizeNotOrderOfInsertion() {
        CidrTrie<String> trie = new CidrTrie<>();
        trie.put(Cidr.parse("0.0.0.0/0"), "any");
        trie.put(Cidr.parse("10.0.0.7/32"), "host");
        trie.put(Cidr.parse("10.0.0.0/24"), "net");
        assertEquals("host", trie.longestMatch(IpAddress.parse("10.0.0.7")));
        assertEquals("net", trie.longestMatch(IpAddress.parse("10.0.0.8")));
        assertEquals("any", trie.longestMatch(IpAddress.parse("192.0.2.1")));
        assertEquals(null, trie.longestMatch(IpAddress.parse("::1")));
        trie.put(Cidr.parse("10.0.0.7/32"), "host again");
        assertEquals(3, trie.size());
        assertEquals("host again", trie.longestMatch(IpAddress.parse("10.0.0.7")));
    }
}
