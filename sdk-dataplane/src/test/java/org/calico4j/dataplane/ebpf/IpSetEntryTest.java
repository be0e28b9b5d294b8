package org.calico4j.dataplane.ebpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.calico4j.model.net.Cidr;
import org.junit.jupiter.api.Test;

/** {@code cali_v4_ip_sets} key layout ({@code felix/bpf/ipsets/map.go}, v3.32.1) and Felix's IP-set ID allocation. */
class IpSetEntryTest {
    @Test
    void packsPrefixSetIdAddressPortAndProtocol() {
        IpSetEntry e = new IpSetEntry(0x0102030405060708L, Cidr.parse("10.244.0.0/16"), 0, 0);
        // prefix 64+16=80 LE | set id BE | 10.244.0.0 | port 0 | proto 0 | pad
        assertEquals("50 00 00 00 01 02 03 04 05 06 07 08 0a f4 00 00 00 00 00 00", e.keyHex());
        assertEquals(IpSetEntry.KEY_SIZE, e.key().length);
    }

    @Test
    void aNamedPortMemberUsesTheFullKeyLength() {
        IpSetEntry e = new IpSetEntry(1L, Cidr.parse("10.244.1.5/32"), 8080, 6);
        // 64+32+16+8 = 120 = 0x78; port 8080 = 0x1f90 little-endian; TCP = 6
        assertEquals("78 00 00 00 00 00 00 00 00 00 00 01 0a f4 01 05 90 1f 06 00", e.keyHex());
    }

    @Test
    void refusesIpv6AndOutOfRangePorts() {
        assertThrows(IllegalArgumentException.class, () -> new IpSetEntry(1L, Cidr.parse("fd00::/64"), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new IpSetEntry(1L, Cidr.parse("10.0.0.0/8"), 70000, 6));
    }

    @Test
    void idsFollowFelixsIteratedHashIncludingItsKnownCollision() {
        // felix/idalloc/idalloc_test.go (v3.32.1): these two names collide on the n=0 hash.
        String a = "d17cf4aefa59f7de";
        String b = "db841982800ad28c";
        assertEquals(IpSetIds.trialHash(a, 0), IpSetIds.trialHash(b, 0));
        IpSetIds ids = new IpSetIds();
        long idA = ids.idOf(a);
        long idB = ids.idOf(b);
        assertNotEquals(idA, idB, "the second takes the next candidate");
        assertEquals(IpSetIds.trialHash(b, 1), idB);
        assertEquals(idA, new IpSetIds().idOf(b), "a fresh allocator gives b the n=0 hash");
        ids.release(a);
        assertEquals(idB, ids.idOf(b), "releasing a does not move b");
    }
}
