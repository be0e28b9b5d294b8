package org.calico4j.dataplane.ebpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;

import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.junit.jupiter.api.Test;

/** Byte layout of {@code cali_v4_routes} entries against the worked examples of calico-dataplane.md §5 and scenario Case 25. */
class RouteEntryTest {
    private static byte[] hex(String s) {
        return HexFormat.ofDelimiter(" ").parseHex(s);
    }

    @Test
    void encodesTheCase25RemoteBlockExample() {
        // dataplane-scenarios.md Case 25: key for 10.244.2.0/26 = 1a 00 00 00 0a f4 02 00; value = 47 00 00 00 0a 00 00 0c.
        RouteEntry e = RouteEntry.withNextHop(Cidr.parse("10.244.2.0/26"), 0x047, IpAddress.parse("10.0.0.12"));
        assertEquals("1a 00 00 00 0a f4 02 00", e.keyHex());
        assertEquals("47 00 00 00 0a 00 00 0c", e.valueHex());
        assertEquals(IpAddress.parse("10.0.0.12"), e.nextHop());
    }

    @Test
    void aLocalWorkloadCarriesItsIfindexLittleEndian() {
        RouteEntry e = RouteEntry.withIfindex(Cidr.parse("10.244.1.5/32"), 0x00f, 7);
        assertEquals("20 00 00 00 0a f4 01 05", e.keyHex());
        assertEquals("0f 00 00 00 07 00 00 00", e.valueHex());
        assertEquals("local workload in-pool nat-out idx 7", e.describe());
        assertEquals("00 01 00 00", HexFormat.ofDelimiter(" ").formatHex(
                java.util.Arrays.copyOfRange(RouteEntry.withIfindex(Cidr.parse("10.0.0.1/32"), 0, 256).value(), 4, 8)));
    }

    @Test
    void flagBitsAreCalicos() {
        // felix/bpf/routes/map.go (v3.32.1) Flag* constants.
        assertEquals(0x001, RouteFlags.IN_POOL);
        assertEquals(0x002, RouteFlags.NAT_OUT);
        assertEquals(0x004, RouteFlags.WORKLOAD);
        assertEquals(0x008, RouteFlags.LOCAL);
        assertEquals(0x010, RouteFlags.HOST);
        assertEquals(0x020, RouteFlags.SAME_SUBNET);
        assertEquals(0x040, RouteFlags.TUNNELED);
        assertEquals(0x080, RouteFlags.NO_DSR);
        assertEquals(0x100, RouteFlags.BLACKHOLE_DROP);
        assertEquals(0x200, RouteFlags.BLACKHOLE_REJECT);
        assertEquals(0x400, RouteFlags.VXLAN);
        assertEquals(0x800, RouteFlags.SKIP_INGRESS_REDIRECT);
    }

    @Test
    void namesFollowCalicosRouteDump() {
        // felix/fv/bpf_test.go (v3.32.1) expectedRouteDumpWithTunnelAddr, with the flags calico-dataplane.md §5.2 gives each line.
        assertEquals("remote in-pool nat-out", RouteFlags.describe(0x003));
        assertEquals("local workload in-pool nat-out", RouteFlags.describe(0x00f));
        assertEquals("remote workload in-pool nat-out tunneled", RouteFlags.describe(0x047));
        assertEquals("local host", RouteFlags.describe(0x018));
        assertEquals("remote host", RouteFlags.describe(0x010));
        assertEquals("remote host in-pool nat-out tunneled", RouteFlags.describe(0x053));
        assertEquals("remote workload in-pool nat-out tunneled nh 10.0.0.12",
                RouteEntry.withNextHop(Cidr.parse("10.244.2.0/26"), 0x047, IpAddress.parse("10.0.0.12")).describe());
        assertEquals("blackhole-drop", RouteFlags.describe(0x100), "no local/remote for a blackhole");
        assertEquals("remote workload in-pool nat-out same-subnet tunneled", RouteFlags.describe(0x067));
        assertEquals("remote workload in-pool nat-out tunneled vxlan", RouteFlags.describe(0x447));
    }

    @Test
    void decodesWhatItEncodes() {
        RouteEntry e = RouteEntry.withNextHop(Cidr.parse("10.244.3.0/26"), 0x047, IpAddress.parse("10.0.1.13"));
        assertEquals(e, RouteEntry.decode(e.key(), e.value()));
        RouteEntry def = RouteEntry.decode(hex("00 00 00 00 00 00 00 00"), hex("02 00 00 00 00 00 00 00"));
        assertEquals(Cidr.parse("0.0.0.0/0"), def.prefix());
        assertEquals(RouteFlags.NAT_OUT, def.flags());
    }

    @Test
    void refusesMalformedEntriesNamingTheProblem() {
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class,
                () -> RouteEntry.decode(hex("21 00 00 00 0a 00 00 00"), hex("00 00 00 00 00 00 00 00")));
        assertTrue(len.getMessage().contains("prefix length 33"), len.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RouteEntry.decode(hex("20 00 00 00"), hex("00 00 00 00 00 00 00 00")));
        IllegalArgumentException v6 = assertThrows(IllegalArgumentException.class, () -> RouteEntry.of(Cidr.parse("fd00::/64"), 1));
        assertTrue(v6.getMessage().contains("fd00::/64"), v6.getMessage());
    }

    @Test
    void natOutgoingDecisionIsCalicos() {
        // felix/bpf-gpl/routes.h cali_rt_flags_should_perform_nat_outgoing (calico-dataplane.md §5.3).
        assertTrue(RouteFlags.shouldNatOutgoing(0, false), "outside every pool and not a host");
        assertFalse(RouteFlags.shouldNatOutgoing(0x003, false), "in a pool");
        assertFalse(RouteFlags.shouldNatOutgoing(0x047, false), "remote workload in a pool");
        assertTrue(RouteFlags.shouldNatOutgoing(0x010, false), "remote host");
        assertFalse(RouteFlags.shouldNatOutgoing(0x010, true), "remote host, hosts excluded");
        assertFalse(RouteFlags.shouldNatOutgoing(0x018, false), "local host never");
        assertTrue(RouteFlags.shouldNatOutgoing(0x002, false), "LoadBalancer-only pool: no in-pool");
    }
}
