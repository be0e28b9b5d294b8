package org.calico4j.model.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetTypesTest {
    @ParameterizedTest
    @CsvSource({"2001:DB8:0:0::/48, 2001:db8::/48", "fd00:0:0:0:0:0:0:1/128, fd00::1/128", "10.0.0.0/8, 10.0.0.0/8",
            "::/0, ::/0", "1:0:0:1:0:0:0:1/64, 1:0:0:1::1/64", "::ffff:1.2.3.4/128, ::ffff:102:304/128"})
    void cidrsPrintInGoCanonicalForm(String in, String canonical) {
        assertEquals(canonical, Cidr.parse(in).toString());
        assertEquals(Cidr.parse(in), Cidr.parse(canonical));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0", "10.0.0.0/33", "010.0.0.0/8", "10.0.0/8", "fd00::1::2/64", "fe80::1%eth0/64",
            "10.0.0.0/-1", "10.0.0.0/", "/8", "1.2.3.4/8x", "1.2.3.256/32", "gggg::/16", "12345::/16"})
    void cidrParsingRejectsWhatGoRejects(String bad) {
        assertTrue(Cidr.tryParse(bad).isEmpty(), bad);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(bad));
        assertTrue(e.getMessage().contains(bad), "message quotes the input: " + e.getMessage());
    }

    @Test
    void cidrKeepsHostBitsButKnowsTheNetwork() {
        Cidr c = Cidr.parse("10.0.0.5/16");
        assertFalse(c.isStrictlyMasked());
        assertEquals("10.0.0.0/16", c.network().toString());
        assertEquals("10.0.0.5/16", c.toString());
        assertTrue(Cidr.parse("10.0.0.0/16").contains(Cidr.parse("10.0.3.0/26")));
        assertFalse(Cidr.parse("10.0.3.0/26").contains(Cidr.parse("10.0.0.0/16")));
        assertTrue(Cidr.parse("10.0.3.0/26").overlaps(Cidr.parse("10.0.0.0/16")));
        assertFalse(Cidr.parse("10.1.0.0/16").overlaps(Cidr.parse("10.0.0.0/16")));
        assertFalse(Cidr.parse("10.0.0.0/8").overlaps(Cidr.parse("::/0")));
        assertEquals("10.0.0.0/16", c.toIpAddress().toCanonicalString());
    }

    @Test
    void bareAddressesAreFullLengthCidrsWhereCalicoAllowsThem() {
        assertEquals("10.0.0.1/32", Cidr.tryParseCidrOrIp("10.0.0.1").orElseThrow().toString());
        assertEquals("cafe::1/128", Cidr.tryParseCidrOrIp("cafe::1").orElseThrow().toString());
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "4294967295, 4294967295", "1.10, 65546", "65535.65535, 4294967295", "00.01, 1"})
    void asNumbersParseLikeNumorstring(String in, long value) {
        assertEquals(value, AsNumber.parse(in).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.1", "65536.65535", "0.-1", "-1", "4294967296", "", "a", "1."})
    void asNumbersRejectWhatNumorstringRejects(String bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AsNumber.parse(bad));
        assertEquals("invalid AS Number format (" + bad + ")", e.getMessage());
    }

    @Test
    void asNumberDottedForm() {
        assertEquals("1.10", AsNumber.of(65546).toDotted());
        assertThrows(IllegalArgumentException.class, () -> AsNumber.of(-1));
    }

    @Test
    void portsParseAndPrintAsCalico() {
        assertEquals(Port.of(80), Port.parse("80"));
        assertEquals("80", Port.parse("80").toString());
        assertEquals(Port.range(32768, 65535), Port.parse("32768:65535"));
        assertEquals("http", Port.parse("http").name());
        assertEquals("invalid port format (70000)",
                assertThrows(IllegalArgumentException.class, () -> Port.parse("70000")).getMessage());
        assertEquals("minimum port number (2000) is greater than maximum port number (1000) in port range",
                assertThrows(IllegalArgumentException.class, () -> Port.parse("2000:1000")).getMessage());
        assertEquals("invalid maximum port number in range (1:70000)",
                assertThrows(IllegalArgumentException.class, () -> Port.parse("1:70000")).getMessage());
        assertEquals("invalid name for named port (a b)",
                assertThrows(IllegalArgumentException.class, () -> Port.parse("a b")).getMessage());
    }

    @Test
    void ipAddressesAreGoStrict() {
        assertTrue(IpAddress.isValid("::"));
        assertTrue(IpAddress.isValid("::ffff:1.2.3.4"));
        assertFalse(IpAddress.isValid("1.2.3.04"));
        assertFalse(IpAddress.isValid("1:2:3:4:5:6:7:8:9"));
        assertFalse(IpAddress.isValid("1::2::3"));
        assertFalse(IpAddress.isValid(":1::2"));
        assertEquals("fd00::1", IpAddress.parse("FD00:0::1").toString());
    }

    @Test
    void cidrsCountAndIndexTheirSubnetsAndAddresses() {
        Cidr pool = Cidr.parse("10.244.0.0/16");
        assertEquals(BigInteger.valueOf(1024), pool.subnetCount(26));
        assertEquals(Cidr.parse("10.244.0.64/26"), pool.subnet(26, BigInteger.ONE));
        assertEquals(Cidr.parse("10.244.255.192/26"), pool.subnet(26, BigInteger.valueOf(1023)));
        assertThrows(IllegalArgumentException.class, () -> pool.subnet(26, BigInteger.valueOf(1024)));
        assertThrows(IllegalArgumentException.class, () -> pool.subnet(8, BigInteger.ZERO));
        Cidr v6 = Cidr.parse("fd00::/48");
        assertEquals(BigInteger.ONE.shiftLeft(74), v6.subnetCount(122));
        assertEquals(Cidr.parse("fd00:0:0:ffff:ffff:ffff:ffff:ffc0/122"),
                v6.subnet(122, BigInteger.ONE.shiftLeft(74).subtract(BigInteger.ONE)));
        assertEquals(IpAddress.parse("10.244.1.5"), pool.addressAt(261));
        assertEquals(261, pool.offsetOf(IpAddress.parse("10.244.1.5")));
        assertEquals(IpAddress.parse("fd00::1:0"), v6.addressAt(65536));
        assertThrows(IllegalArgumentException.class, () -> pool.offsetOf(IpAddress.parse("10.245.0.0")));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/30").addressAt(4));
        assertEquals(IpAddress.parse("10.244.255.255"), pool.lastAddress());
        assertEquals(IpAddress.parse("fd00::ffff:ffff:ffff:ffff:ffff"), v6.lastAddress());
        assertEquals(IpAddress.parse("10.0.1.9"), Cidr.parse("10.0.0.250/23").addressAt(265), "counted from the network address, with carry");
    }

    @Test
    void offsetsAreTheHostBitsForEveryPrefixLength() {
        // Every length a block or pool can have, both versions: offsetOf inverts addressAt.
        for (String net : new String[] {"10.244.7.192/26", "10.244.0.0/23", "10.244.1.5/32", "10.0.0.0/8",
                "fd00::ffc0/122", "fd00:0:0:1::/70", "fd00::/64", "fd00::1/128"}) {
            Cidr c = Cidr.parse(net).network();
            int hostBits = c.address().bitLength() - c.prefixLength();
            long last = hostBits >= 62 ? (1L << 62) - 1 : (1L << hostBits) - 1;
            for (long off : new long[] {0, Math.min(1, last), last / 3, last}) {
                assertEquals(off, c.offsetOf(c.addressAt(off)), net + " offset " + off);
            }
        }
        Cidr wide = Cidr.parse("fd00::/56");
        assertThrows(IllegalArgumentException.class, () -> wide.offsetOf(IpAddress.parse("fd00:0:0:ff:4000::")),
                "an offset past 62 bits does not fit a long offset");
        assertEquals(1L << 61, wide.offsetOf(IpAddress.parse("fd00:0:0:0:2000::")));
    }

    /**
     * {@code Cidr.tryParse} keeps what it parsed by text: asked again, through more texts than it keeps, it answers as
     * the address and prefix written, for valid and invalid texts, IPv4 and IPv6, alike.
     */
    @Test
    void cidrTryParseAnswersAsWrittenAcrossMoreTextsThanItKeeps() {
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 10_000; i++) {
                String v4 = "10." + (i / 256) + "." + (i % 256) + "." + (i % 3) + "/" + (8 + i % 25);
                Cidr c = Cidr.tryParse(v4).orElseThrow();
                assertEquals(Cidr.of(IpAddress.parse("10." + (i / 256) + "." + (i % 256) + "." + (i % 3)), 8 + i % 25), c, v4);
                String v6 = "fd00:" + Integer.toHexString(i) + "::";
                assertEquals(Cidr.of(IpAddress.parse(v6), 32 + i % 97), Cidr.tryParse(v6 + "/" + (32 + i % 97)).orElseThrow(), v6);
                assertTrue(Cidr.tryParse("10.0.0." + i + "/" + (33 + i % 3)).isEmpty(), "prefix past 32");
                assertTrue(Cidr.tryParse("fd00::" + Integer.toHexString(i) + ":x/64").isEmpty(), "not an address");
            }
        }
    }

    /** Addresses order as unsigned numbers within a version (every byte, high bit set or not), IPv4 before IPv6. */
    @Test
    void addressesOrderAsUnsignedNumbers() {
        java.util.Random r = new java.util.Random(20261205L);
        for (int i = 0; i < 20_000; i++) {
            byte[] a = new byte[i % 2 == 0 ? 4 : 16];
            byte[] b = new byte[a.length];
            r.nextBytes(a);
            System.arraycopy(a, 0, b, 0, a.length);
            b[r.nextInt(b.length)] = (byte) r.nextInt(256); // often differing in one byte only, sometimes equal
            IpAddress x = IpAddress.ofBytes(a);
            IpAddress y = IpAddress.ofBytes(b);
            int expected = Integer.signum(new BigInteger(1, a).compareTo(new BigInteger(1, b)));
            assertEquals(expected, Integer.signum(x.compareTo(y)), x + " vs " + y);
            assertEquals(-expected, Integer.signum(y.compareTo(x)), y + " vs " + x);
        }
        assertTrue(IpAddress.parse("255.255.255.255").compareTo(IpAddress.parse("::")) < 0);
    }
}
