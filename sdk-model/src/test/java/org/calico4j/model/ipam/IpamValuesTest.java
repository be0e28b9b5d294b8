package org.calico4j.model.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.calico4j.model.ObjectMeta;
import org.calico4j.model.net.Cidr;
import org.junit.jupiter.api.Test;

/** The IPAM values' cheap paths (hand-written name checks, versions sharing their fields) give what the plain ones gave. */
class IpamValuesTest {
    /** The rules as regular expressions, as they were checked before the hand-written checks. */
    private static final Pattern HOST = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+=-]{0,252}");

    @Test
    void hostAndHandleChecksAgreeWithTheirRegularExpressions() {
        List<String> fixed = List.of("", "a", "-", ".", "a.", ".a", "a-", "-a", "a--b", "a.-b", "a-.b", "a..b", "node-1",
                "node-1.example.com", "Node-1", "node_1", "0", "1.2.3.4", "a/b", "k8s-pod-network.c0ffee", "ñ", "a b",
                "vxlan-tunnel-addr-node-1", "h:1@x+y=z", "_a", "a".repeat(253), "a".repeat(254), "a.".repeat(126) + "a",
                "a.".repeat(127) + "a");
        for (String s : fixed) {
            assertEquals(HOST.matcher(s).matches() && s.length() <= 253, BlockAffinity.isValidHost(s), "host '" + s + "'");
            assertEquals(HANDLE.matcher(s).matches(), IpamHandle.isValidId(s), "handle '" + s + "'");
        }
        Random r = new Random(19);
        String alphabet = "ab09AZ.-_:@+=/ \u00e9";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(8);
            for (int j = 0; j < n; j++) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String s = sb.toString();
            assertEquals(HOST.matcher(s).matches(), BlockAffinity.isValidHost(s), "host '" + s + "'");
            assertEquals(HANDLE.matcher(s).matches(), IpamHandle.isValidId(s), "handle '" + s + "'");
        }
    }

    @Test
    void namedMetadataIsTheBuildersValue() {
        ObjectMeta m = ObjectMeta.named("10.0.0.0-26");
        assertEquals(ObjectMeta.builder().name("10.0.0.0-26").build(), m);
        assertEquals("", m.resourceVersion());
        assertTrue(m.labels().isEmpty());
    }

    @Test
    void aNewVersionOfABlockSharesNothingMutableAndIsCheckedAsTheConstructorChecks() {
        IpamBlock b = IpamBlock.empty(Cidr.parse("10.0.0.0/30"), "host:n1", "2026-01-01T00:00:00Z", 7);
        int[] alloc = {0, IpamBlock.FREE, IpamBlock.FREE, IpamBlock.FREE};
        int[] free = {1, 2, 3};
        TreeMap<Integer, Long> seq = new TreeMap<>(Map.of(0, 7L));
        IpamBlock next = b.nextVersion(alloc, free, List.of(AllocationAttribute.of("h1", Map.of())), seq);
        IpamBlock plain = new IpamBlock(ObjectMeta.named(b.name()), b.cidr(), "host:n1", "2026-01-01T00:00:00Z", alloc, free,
                List.of(AllocationAttribute.of("h1", Map.of())), 8, seq, false);
        assertEquals(plain, next);
        alloc[1] = 0;
        free[0] = 3;
        seq.put(1, 7L);
        assertEquals(plain, next, "the caller's arrays and map were copied");
        assertEquals(List.of(1, 2, 3), Arrays.stream(next.unallocated()).boxed().toList());
        assertThrows(IllegalArgumentException.class, () -> b.nextVersion(new int[] {0, -1, -1, -1}, new int[0], List.of(), Map.of()),
                "an allocation refers to a missing attribute");
        assertThrows(IllegalArgumentException.class, () -> b.nextVersion(new int[3], new int[0], List.of(), Map.of()),
                "wrong number of slots");
        assertThrows(IllegalArgumentException.class, () -> b.nextVersion(new int[] {-1, -1, -1, -1}, new int[] {4}, List.of(), Map.of()),
                "a free ordinal outside the block");

        IpamBlock stamped = next.withMetadata(next.metadata().withResourceVersion("42"));
        assertEquals("42", stamped.metadata().resourceVersion());
        assertEquals(next, stamped.withMetadata(ObjectMeta.named(b.name())));
        assertThrows(IllegalArgumentException.class, () -> next.withMetadata(ObjectMeta.named("10.0.0.4-30")),
                "a block renamed away from its CIDR is refused");
    }

    @Test
    void handlesOfOneBlockAndOfSeveralKeepTheirCountsInOrder() {
        Cidr a = Cidr.parse("10.0.0.0/26");
        Cidr b = Cidr.parse("10.0.0.64/26");
        IpamHandle h = IpamHandle.of("h1").plus(b, 2);
        assertEquals(Map.of(b, 2), h.blocks());
        IpamHandle two = h.plus(a, 1);
        assertEquals(List.of(a, b), List.copyOf(two.blocks().keySet()), "sorted by block");
        assertEquals(3, two.count());
        assertEquals(Map.of(a, 1), two.plus(b, -2).blocks());
        assertTrue(two.plus(b, -2).plus(a, -1).blocks().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> h.plus(b, -3));
        assertThrows(IllegalArgumentException.class, () -> new IpamHandle(ObjectMeta.named("h1"), Map.of(a, 0), false));
        assertThrows(IllegalArgumentException.class, () -> new IpamHandle(ObjectMeta.named("h1"), Map.of(a, 1, b, -1), false));
        IpamHandle stamped = two.withMetadata(two.metadata().withResourceVersion("3"));
        assertEquals(two.blocks(), stamped.blocks());
        assertSame(h.blocks(), h.withMetadata(h.metadata().withResourceVersion("3")).blocks(), "an immutable one-block map is kept");
        assertNotSame(two, stamped);
        assertFalse(stamped.deleted());
    }
}
