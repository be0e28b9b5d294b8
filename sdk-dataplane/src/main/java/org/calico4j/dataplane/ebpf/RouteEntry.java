package org.calico4j.dataplane.ebpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Objects;

import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;

/**
 * One entry of Calico's IPv4 routes map {@code cali_v4_routes}: an LPM-trie key (little-endian
 * {@code u32} prefix length, then the address in network order) and an 8-byte value (little-endian
 * {@code u32} flags, then the next hop in network order, or the little-endian interface index for a
 * local workload). Layout of {@code felix/bpf/routes/map.go} and {@code felix/bpf-gpl/routes.h}, v3.32.1.
 *
 * <pre>{@code
 * RouteEntry e = RouteEntry.withNextHop(Cidr.parse("10.244.2.0/26"), 0x047, IpAddress.parse("10.0.0.12"));
 * e.keyHex();     // "1a 00 00 00 0a f4 02 00"
 * e.valueHex();   // "47 00 00 00 0a 00 00 0c"
 * }</pre>
 *
 * @param prefix the destination (IPv4, masked)
 * @param flags  {@link RouteFlags} bits
 * @param word2  the value's second word as its four bytes read little-endian: a next hop's bytes or an ifindex
 */
public record RouteEntry(Cidr prefix, int flags, int word2) implements Comparable<RouteEntry> {
    /** Bytes in a key: prefix length and address. */
    public static final int KEY_SIZE = 8;
    /** Bytes in a value: flags and the second word. */
    public static final int VALUE_SIZE = 8;
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    /**
     * Masks {@code prefix} to its network.
     *
     * @param prefix the destination (IPv4)
     * @param flags  {@link RouteFlags} bits
     * @param word2  the value's second word: a next hop's bytes read little-endian, or an ifindex
     * @throws NullPointerException     if {@code prefix} is null
     * @throws IllegalArgumentException if {@code prefix} is not IPv4
     */
    public RouteEntry {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.version() != 4) {
            throw new IllegalArgumentException("cali_v4_routes holds IPv4 prefixes only, not " + prefix);
        }
        prefix = prefix.network();
    }

    /**
     * An entry whose second word is 0 (pools, local host addresses, blackholes).
     *
     * @param prefix the destination (IPv4; masked)
     * @param flags  {@link RouteFlags} bits
     * @return the entry
     * @throws IllegalArgumentException if {@code prefix} is not IPv4
     */
    public static RouteEntry of(Cidr prefix, int flags) {
        return new RouteEntry(prefix, flags, 0);
    }

    /**
     * An entry whose second word is a next hop (remote hosts, remote blocks, remote tunnel addresses).
     *
     * @param prefix  the destination (IPv4; masked)
     * @param flags   {@link RouteFlags} bits
     * @param nextHop the next hop (IPv4)
     * @return the entry
     * @throws IllegalArgumentException if {@code prefix} or {@code nextHop} is not IPv4
     */
    public static RouteEntry withNextHop(Cidr prefix, int flags, IpAddress nextHop) {
        if (nextHop.version() != 4) {
            throw new IllegalArgumentException("next hop " + nextHop + " of " + prefix + " is not IPv4");
        }
        return new RouteEntry(prefix, flags, ByteBuffer.wrap(nextHop.toBytes()).order(ByteOrder.LITTLE_ENDIAN).getInt());
    }

    /**
     * A local workload's entry: the second word is the ifindex of its {@code cali} interface.
     *
     * @param prefix  the destination (IPv4; masked)
     * @param flags   {@link RouteFlags} bits
     * @param ifindex the interface index
     * @return the entry
     * @throws IllegalArgumentException if {@code prefix} is not IPv4
     */
    public static RouteEntry withIfindex(Cidr prefix, int flags, int ifindex) {
        return new RouteEntry(prefix, flags, ifindex);
    }

    /** {@return the second word read as an IPv4 next hop (meaningless for a local workload's entry)} */
    public IpAddress nextHop() {
        byte[] b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(word2).array();
        return IpAddress.parse((b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff));
    }

    /** {@return the second word read as an interface index (meaningless unless a local workload's entry)} */
    public int ifindex() {
        return word2;
    }

    /** {@return the map key: {@value #KEY_SIZE} bytes, a fresh array} */
    public byte[] key() {
        return ByteBuffer.allocate(KEY_SIZE).order(ByteOrder.LITTLE_ENDIAN).putInt(prefix.prefixLength()).put(prefix.address().toBytes())
                .array();
    }

    /** {@return the map value: {@value #VALUE_SIZE} bytes, a fresh array} */
    public byte[] value() {
        return ByteBuffer.allocate(VALUE_SIZE).order(ByteOrder.LITTLE_ENDIAN).putInt(flags).putInt(word2).array();
    }

    /** {@return the key as space-separated hex bytes, as {@code bpftool} prints them} */
    public String keyHex() {
        return HEX.formatHex(key());
    }

    /** {@return the value as space-separated hex bytes, as {@code bpftool} prints them} */
    public String valueHex() {
        return HEX.formatHex(value());
    }

    /**
     * Reads an entry back from the map's key and value bytes; refuses malformed ones with what is wrong.
     *
     * @param key   the 8-byte key
     * @param value the 8-byte value
     * @return the entry
     * @throws IllegalArgumentException if a size is wrong or the prefix length is outside 0-32
     */
    public static RouteEntry decode(byte[] key, byte[] value) {
        if (key.length != KEY_SIZE || value.length != VALUE_SIZE) {
            throw new IllegalArgumentException("cali_v4_routes entry must have an 8-byte key and an 8-byte value, got " + key.length
                    + " and " + value.length + " bytes");
        }
        ByteBuffer k = ByteBuffer.wrap(key).order(ByteOrder.LITTLE_ENDIAN);
        int len = k.getInt();
        if (len < 0 || len > 32) {
            throw new IllegalArgumentException("cali_v4_routes key " + HEX.formatHex(key) + " has prefix length " + len + " (0-32 allowed)");
        }
        IpAddress addr = IpAddress.parse((key[4] & 0xff) + "." + (key[5] & 0xff) + "." + (key[6] & 0xff) + "." + (key[7] & 0xff));
        ByteBuffer v = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        return new RouteEntry(Cidr.of(addr, len), v.getInt(), v.getInt());
    }

    /**
     * The entry as Calico's {@code Value.String()} prints it after the prefix: flag names, then
     * {@code idx N} for a local workload or {@code nh A.B.C.D} for a remote one.
     *
     * @return the flag names and, for a workload, its ifindex or next hop
     */
    public String describe() {
        String s = RouteFlags.describe(flags);
        if ((flags & RouteFlags.LOCAL) != 0 && (flags & RouteFlags.WORKLOAD) != 0) {
            s += " idx " + ifindex();
        } else if ((flags & RouteFlags.LOCAL) == 0 && (flags & RouteFlags.WORKLOAD) != 0) {
            s += " nh " + nextHop();
        }
        return s;
    }

    @Override
    public int compareTo(RouteEntry o) {
        return prefix.compareTo(o.prefix);
    }

    @Override
    public String toString() {
        return prefix + ": " + describe();
    }
}
