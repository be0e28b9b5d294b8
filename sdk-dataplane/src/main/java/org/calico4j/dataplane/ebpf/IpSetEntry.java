package org.calico4j.dataplane.ebpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

import org.calico4j.model.net.Cidr;

/**
 * A key of Calico's IPv4 IP-sets map {@code cali_v4_ip_sets} (LPM trie, value {@code u32} 1): 20 packed
 * bytes, {@code u32} prefix length little-endian (64 + the CIDR's length, or 120 for a named-port
 * member), {@code u64} set ID big-endian, the address in network order, {@code u16} port
 * little-endian, {@code u8} protocol, one pad byte. Layout of {@code felix/bpf/ipsets/map.go}
 * {@code MakeBPFIPSetEntry}, v3.32.1.
 *
 * <pre>{@code
 * new IpSetEntry(0x1234L, Cidr.parse("10.244.0.0/16"), 0, 0).keyHex();
 * }</pre>
 *
 * @param setId    the set's 64-bit ID ({@link IpSetIds})
 * @param cidr     the member (IPv4)
 * @param port     named-port member's port, else 0
 * @param protocol named-port member's IP protocol (6, 17, 132), else 0
 */
public record IpSetEntry(long setId, Cidr cidr, int port, int protocol) {
    /** Bytes in a key. */
    public static final int KEY_SIZE = 20;
    /** Every member's value ({@code DummyValue}). */
    public static final byte[] VALUE = {1, 0, 0, 0};
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    /**
     * Masks {@code cidr} to its network.
     *
     * @param setId    the set's 64-bit ID ({@link IpSetIds})
     * @param cidr     the member (IPv4)
     * @param port     named-port member's port (0-65535), else 0
     * @param protocol named-port member's IP protocol (0-255), else 0
     * @throws IllegalArgumentException if {@code cidr} is not IPv4, or the port or protocol is out of range
     */
    public IpSetEntry {
        if (cidr.version() != 4) {
            throw new IllegalArgumentException("cali_v4_ip_sets holds IPv4 members only, not " + cidr);
        }
        if (port < 0 || port > 65535 || protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("IP set member " + cidr + " has port " + port + " / protocol " + protocol + " out of range");
        }
        cidr = cidr.network();
    }

    /** {@return the map key: {@value #KEY_SIZE} bytes, a fresh array} */
    public byte[] key() {
        int prefix = protocol == 0 ? 64 + cidr.prefixLength() : 64 + 32 + 16 + 8;
        return ByteBuffer.allocate(KEY_SIZE).order(ByteOrder.LITTLE_ENDIAN).putInt(prefix)
                .order(ByteOrder.BIG_ENDIAN).putLong(setId).put(cidr.address().toBytes())
                .order(ByteOrder.LITTLE_ENDIAN).putShort((short) port).put((byte) protocol).put((byte) 0).array();
    }

    /** {@return the key as space-separated hex bytes, as {@code bpftool} prints them} */
    public String keyHex() {
        return HEX.formatHex(key());
    }
}
