package org.calico4j.model.net;

import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import inet.ipaddr.IPAddress;
import org.jspecify.annotations.Nullable;

/**
 * An address with a prefix length, as Calico's {@code net.ParseCIDR} reads it. Host bits are kept
 * (a node's {@code 10.0.0.5/16} is meaningful); {@link #isStrictlyMasked()} and {@link #network()}
 * tell and remove them.
 *
 * <pre>{@code
 * Cidr pool = Cidr.parse("192.168.0.0/16");
 * pool.contains(Cidr.parse("192.168.3.0/26"));   // true
 * }</pre>
 */
public final class Cidr implements Comparable<Cidr> {
    /**
     * {@link #tryParse} by text: every write of a pool checks its CIDR more than once, and IPAM reads pools' and blocks'
     * CIDRs on every request. A CIDR is immutable, so one parse serves them all; at most this many are kept (then the
     * map starts again), so texts never seen again do not pile up.
     */
    private static final Map<String, Optional<Cidr>> PARSED = new ConcurrentHashMap<>();
    private static final int PARSED_KEPT = 4096;

    private final IpAddress address;
    private final int prefixLength;
    private final boolean strict;
    /** {@link #toString}, spelt out on first use (a race only spells it twice). */
    private @Nullable String text;

    private Cidr(IpAddress address, int prefixLength) {
        this.address = address;
        this.prefixLength = prefixLength;
        this.strict = hostBitsClear(address.rawBytes(), prefixLength);
    }

    private static boolean hostBitsClear(byte[] b, int prefix) {
        int full = prefix >> 3;
        int rest = prefix & 7;
        if (rest != 0 && (b[full] & (0xff >> rest)) != 0) {
            return false;
        }
        for (int i = rest == 0 ? full : full + 1; i < b.length; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses {@code a.b.c.d/n} or {@code ipv6/n}; throws {@link IllegalArgumentException} quoting the input otherwise.
     *
     * @param text {@code a.b.c.d/n} or {@code ipv6/n}
     * @return the CIDR, host bits kept as written
     */
    public static Cidr parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException("invalid CIDR '" + text + "'"));
    }

    /**
     * As {@link #parse}, empty instead of throwing.
     *
     * @param text {@code a.b.c.d/n} or {@code ipv6/n}
     * @return the CIDR, or empty
     */
    public static Optional<Cidr> tryParse(String text) {
        Optional<Cidr> c = PARSED.get(text);
        if (c == null) {
            c = parseUncached(text);
            if (PARSED.size() >= PARSED_KEPT) {
                PARSED.clear();
            }
            PARSED.put(text, c);
        }
        return c;
    }

    private static Optional<Cidr> parseUncached(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        byte[] b = IpParsing.parseIp(text.substring(0, slash));
        if (b == null) {
            return Optional.empty();
        }
        int prefix = IpParsing.parsePrefix(text.substring(slash + 1), b.length * 8);
        return prefix < 0 ? Optional.empty() : Optional.of(new Cidr(IpAddress.ofBytes(b), prefix));
    }

    /**
     * Calico's {@code ParseCIDROrIP}: a bare address stands for its /32 or /128.
     *
     * @param text a CIDR or a bare address
     * @return the CIDR, or empty when neither
     */
    public static Optional<Cidr> tryParseCidrOrIp(String text) {
        if (text.indexOf('/') >= 0) {
            return tryParse(text);
        }
        return IpAddress.tryParse(text).map(a -> new Cidr(a, a.bitLength()));
    }

    /**
     * The CIDR {@code address/prefixLength}.
     *
     * @param address      the address, host bits kept
     * @param prefixLength 0 to the address's bit length
     * @return the CIDR
     * @throws IllegalArgumentException when the prefix length is out of range
     */
    public static Cidr of(IpAddress address, int prefixLength) {
        if (prefixLength < 0 || prefixLength > address.bitLength()) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range for " + address);
        }
        return new Cidr(address, prefixLength);
    }

    /**
     * The address as written (host bits included).
     *
     * @return the address
     */
    public IpAddress address() {
        return address;
    }

    /**
     * The prefix length.
     *
     * @return 0-32 for IPv4, 0-128 for IPv6
     */
    public int prefixLength() {
        return prefixLength;
    }

    /**
     * The IP version.
     *
     * @return 4 or 6
     */
    public int version() {
        return address.version();
    }

    /**
     * The network this CIDR names, host bits cleared.
     *
     * @return the masked CIDR (this one when already strictly masked)
     */
    public Cidr network() {
        return isStrictlyMasked() ? this : new Cidr(IpAddress.ofBytes(masked(address.rawBytes(), prefixLength)), prefixLength);
    }

    /**
     * Whether no host bit is set (Calico requires it of pool CIDRs).
     *
     * @return true when the address is the network address
     */
    public boolean isStrictlyMasked() {
        return strict;
    }

    /**
     * True when every address of {@code other} lies in this network.
     *
     * @param other another network
     * @return true when it lies wholly inside this one
     */
    public boolean contains(Cidr other) {
        return other.version() == version() && other.prefixLength >= prefixLength && containsAddress(other.address);
    }

    /**
     * Whether {@code ip} lies in this network.
     *
     * @param ip an address
     * @return true when it does (false for the other IP version)
     */
    public boolean containsAddress(IpAddress ip) {
        if (ip.version() != version()) {
            return false;
        }
        byte[] a = address.rawBytes();
        byte[] b = ip.rawBytes();
        int full = prefixLength >> 3;
        for (int i = 0; i < full; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        int rest = prefixLength & 7;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (b[full] & mask);
    }

    /**
     * How many subnets of length {@code prefix} this network holds (1 for its own length).
     *
     * @param prefix a prefix length not shorter than this one's
     * @return the number of subnets
     */
    public BigInteger subnetCount(int prefix) {
        checkSubnetPrefix(prefix);
        return BigInteger.ONE.shiftLeft(prefix - prefixLength);
    }

    /**
     * The {@code index}-th subnet of length {@code prefix}, counting from the network's start.
     *
     * @param prefix the subnets' prefix length
     * @param index  0-based, below {@link #subnetCount(int)}
     * @return the subnet
     */
    public Cidr subnet(int prefix, BigInteger index) {
        checkSubnetPrefix(prefix);
        if (index.signum() < 0 || index.compareTo(subnetCount(prefix)) >= 0) {
            throw new IllegalArgumentException("subnet " + index + " of /" + prefix + " is outside " + this);
        }
        BigInteger start = new BigInteger(1, network().address.rawBytes());
        byte[] b = toBytes(start.add(index.shiftLeft(address.bitLength() - prefix)), address.rawBytes().length);
        return new Cidr(IpAddress.ofBytes(b), prefix);
    }

    /**
     * The address {@code offset} places after the network's first address (offset 0 is the network address).
     *
     * @param offset 0-based offset into the network
     * @return the address
     */
    public IpAddress addressAt(long offset) {
        int hostBits = address.bitLength() - prefixLength;
        if (offset < 0 || (hostBits < 63 && offset >= 1L << hostBits)) {
            throw new IllegalArgumentException("offset " + offset + " is outside " + this);
        }
        // Byte arithmetic, not BigInteger: IPAM and the dataplane call this for every allocation.
        byte[] b = network().address.rawBytes().clone();
        long carry = offset;
        for (int i = b.length - 1; i >= 0 && carry != 0; i--) {
            long sum = (b[i] & 0xff) + (carry & 0xff);
            b[i] = (byte) sum;
            carry = (carry >>> 8) + (sum >>> 8);
        }
        return IpAddress.ofBytes(b);
    }

    /**
     * The network's last address (every host bit set).
     *
     * @return the last address
     */
    public IpAddress lastAddress() {
        byte[] b = network().address.rawBytes().clone();
        for (int bit = prefixLength; bit < b.length * 8; bit++) {
            b[bit >> 3] |= (byte) (0x80 >> (bit & 7));
        }
        return IpAddress.ofBytes(b);
    }

    /**
     * How many places {@code ip} lies after the network's first address; {@code ip} must be in this network.
     *
     * @param ip an address in this network
     * @return its 0-based offset
     */
    public long offsetOf(IpAddress ip) {
        if (!containsAddress(ip)) {
            throw new IllegalArgumentException(ip + " is not in " + this);
        }
        int hostBits = address.bitLength() - prefixLength;
        if (hostBits <= 62) {
            // The address shares the prefix with the network, whose host bits are 0: the offset is the
            // address's host bits (byte arithmetic, not BigInteger: IPAM calls this for every release).
            byte[] b = ip.rawBytes();
            int first = prefixLength >> 3;
            long v = first < b.length ? b[first] & (0xff >>> (prefixLength & 7)) : 0;
            for (int i = first + 1; i < b.length; i++) {
                v = (v << 8) | (b[i] & 0xff);
            }
            return v;
        }
        BigInteger d = new BigInteger(1, ip.rawBytes()).subtract(new BigInteger(1, network().address.rawBytes()));
        if (d.bitLength() > 62) {
            throw new IllegalArgumentException(ip + " is too far into " + this + " for a long offset");
        }
        return d.longValue();
    }

    private void checkSubnetPrefix(int prefix) {
        if (prefix < prefixLength || prefix > address.bitLength()) {
            throw new IllegalArgumentException("/" + prefix + " subnets do not fit " + this);
        }
    }

    private static byte[] toBytes(BigInteger v, int length) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[length];
        int n = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - n, out, length - n, n);
        return out;
    }

    /**
     * True when the two networks share at least one address.
     *
     * @param other another network
     * @return true when they overlap
     */
    public boolean overlaps(Cidr other) {
        return other.version() == version() && (containsAddress(other.address) || other.containsAddress(address));
    }

    /**
     * This CIDR as a seancfoley IPAddress prefix block (host bits cleared).
     *
     * @return the IPAddress library's form
     */
    public IPAddress toIpAddress() {
        return network().address.toIpAddress().setPrefixLength(prefixLength, false).toPrefixBlock();
    }

    private static byte[] masked(byte[] b, int prefix) {
        byte[] out = b.clone();
        for (int bit = prefix; bit < out.length * 8; bit++) {
            out[bit >> 3] &= (byte) ~(0x80 >> (bit & 7));
        }
        return out;
    }

    @Override
    public int compareTo(Cidr o) {
        int c = address.compareTo(o.address);
        return c != 0 ? c : Integer.compare(prefixLength, o.prefixLength);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr && ((Cidr) o).prefixLength == prefixLength && ((Cidr) o).address.equals(address);
    }

    @Override
    public int hashCode() {
        return address.hashCode() * 31 + prefixLength;
    }

    /** Canonical text, e.g. {@code 2001:db8::/48}; {@link #parse} reads it back. */
    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            t = address + "/" + prefixLength;
            text = t;
        }
        return t;
    }
}
