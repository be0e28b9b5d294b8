package org.calico4j.model.net;

import java.util.Arrays;
import java.util.Optional;

import inet.ipaddr.IPAddress;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import org.jspecify.annotations.Nullable;

/**
 * An IPv4 or IPv6 address, parsed with the rules Calico's Go code uses ({@code net.ParseIP}).
 *
 * <pre>{@code
 * IpAddress a = IpAddress.parse("fd00::0:1");   // a.toString() -> "fd00::1"
 * }</pre>
 */
public final class IpAddress implements Comparable<IpAddress> {
    private final byte[] bytes;
    /** {@link #hashCode}, kept: addresses are hash keys on every packet's path (the field fills the object's padding). */
    private final int hash;
    // A benign race: two threads may each build an equal, immutable IPAddress.
    private @Nullable IPAddress converted;

    private IpAddress(byte[] bytes) {
        this.bytes = bytes;
        this.hash = hash(bytes);
    }

    /**
     * Parses {@code text}, throwing {@link IllegalArgumentException} that quotes it when it is not an IP address.
     *
     * @param text an IPv4 or IPv6 address
     * @return the address
     */
    public static IpAddress parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException("invalid IP address '" + text + "'"));
    }

    /**
     * As {@link #parse}, empty instead of throwing.
     *
     * @param text an IPv4 or IPv6 address
     * @return the address, or empty
     */
    public static Optional<IpAddress> tryParse(String text) {
        byte[] b = IpParsing.parseIp(text);
        return b == null ? Optional.empty() : Optional.of(new IpAddress(b));
    }

    /**
     * Whether {@code text} is an IPv4 or IPv6 address.
     *
     * @param text the text
     * @return true when {@link #parse} accepts it
     */
    public static boolean isValid(String text) {
        return IpParsing.parseIp(text) != null;
    }

    static IpAddress ofBytes(byte[] bytes) {
        return new IpAddress(bytes.clone());
    }

    /**
     * 4 or 6.
     *
     * @return 4 or 6
     */
    public int version() {
        return bytes.length == 4 ? 4 : 6;
    }

    /**
     * The address's length in bits.
     *
     * @return 32 or 128
     */
    public int bitLength() {
        return bytes.length * 8;
    }

    /**
     * The address in network byte order.
     *
     * @return a new array of 4 or 16 bytes
     */
    public byte[] toBytes() {
        return bytes.clone();
    }

    byte[] rawBytes() {
        return bytes;
    }

    /**
     * This address as a seancfoley IPAddress, for arithmetic beyond what calico4j offers. Built once
     * per address and then shared (it is immutable): a packet's addresses meet several prefix tries
     * per verdict, and building it costs more than a lookup.
     *
     * @return the IPAddress library's form
     */
    public IPAddress toIpAddress() {
        IPAddress a = converted;
        if (a == null) {
            a = bytes.length == 4 ? new IPv4Address(bytes) : new IPv6Address(bytes);
            converted = a;
        }
        return a;
    }

    @Override
    public int compareTo(IpAddress o) {
        if (bytes.length != o.bytes.length) {
            return Integer.compare(bytes.length, o.bytes.length);
        }
        for (int i = 0; i < bytes.length; i++) { // 4 or 16 bytes: a plain loop beats the vectorised mismatch
            if (bytes[i] != o.bytes[i]) {
                return Integer.compare(bytes[i] & 0xff, o.bytes[i] & 0xff);
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress && hash == ((IpAddress) o).hash && Arrays.equals(bytes, ((IpAddress) o).bytes);
    }

    /**
     * The address's 32-bit words combined: distinct for distinct IPv4 addresses. (Arrays.hashCode of
     * the bytes gives addresses of one /16 only a few hundred values, which open-addressing sets such
     * as {@code Set.copyOf} probe through linearly: a 5,000-node mesh took minutes.)
     */
    @Override
    public int hashCode() {
        return hash;
    }

    private static int hash(byte[] bytes) {
        int h = 0;
        for (int i = 0; i < bytes.length; i += 4) {
            h = 31 * h + ((bytes[i] & 0xff) << 24 | (bytes[i + 1] & 0xff) << 16 | (bytes[i + 2] & 0xff) << 8 | (bytes[i + 3] & 0xff));
        }
        return h;
    }

    /** Canonical text (Go's {@code IP.String()}), which {@link #parse} reads back. */
    @Override
    public String toString() {
        return IpParsing.format(bytes);
    }
}
