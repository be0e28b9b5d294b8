package org.calico4j.model.net;

import java.util.Optional;

/**
 * A BGP AS number (32-bit unsigned), read as Calico's {@code numorstring.ASNumber} reads it:
 * a number, a decimal string, or the dotted form {@code "X.Y"} (X·65536+Y). Always written as a number.
 *
 * <pre>{@code
 * AsNumber.parse("1.10").value();   // 65546
 * AsNumber.of(64512).toDotted();    // "0.64512"
 * }</pre>
 */
public final class AsNumber implements Comparable<AsNumber> {
    /**
     * The largest AS number (32-bit ASNs, RFC 6793).
     */
    public static final long MAX = 0xFFFF_FFFFL;

    private final long value;

    private AsNumber(long value) {
        this.value = value;
    }

    /**
     * An AS number.
     *
     * @param value 0 to {@link #MAX}
     * @return the AS number
     * @throws IllegalArgumentException when out of range
     */
    public static AsNumber of(long value) {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("AS number " + value + " is outside 0..4294967295");
        }
        return new AsNumber(value);
    }

    /**
     * Parses a plain or dotted AS number; throws with Calico's message {@code invalid AS Number format (<s>)}.
     *
     * @param text a plain ({@code 64512}) or dotted ({@code 1.10}) AS number
     * @return the AS number
     */
    public static AsNumber parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException("invalid AS Number format (" + text + ")"));
    }

    /**
     * As {@link #parse}, empty instead of throwing.
     *
     * @param text a plain or dotted AS number
     * @return the AS number, or empty
     */
    public static Optional<AsNumber> tryParse(String text) {
        int dot = text.indexOf('.');
        if (dot < 0) {
            long v = digits(text, MAX);
            return v < 0 ? Optional.empty() : Optional.of(new AsNumber(v));
        }
        long hi = digits(text.substring(0, dot), 0xFFFF);
        long lo = digits(text.substring(dot + 1), 0xFFFF);
        if (hi < 0 || lo < 0) {
            return Optional.empty();
        }
        return Optional.of(new AsNumber(hi * 65536 + lo));
    }

    private static long digits(String s, long max) {
        if (s.isEmpty() || s.length() > 20) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
            if (v > max) {
                return -1;
            }
        }
        return v;
    }

    /**
     * The AS number as a plain number.
     *
     * @return 0 to {@link #MAX}
     */
    public long value() {
        return value;
    }

    /**
     * The AS number in dotted form ({@code high.low}), as BIRD accepts it.
     *
     * @return the dotted text
     */
    public String toDotted() {
        return (value >>> 16) + "." + (value & 0xFFFF);
    }

    @Override
    public int compareTo(AsNumber o) {
        return Long.compare(value, o.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AsNumber && ((AsNumber) o).value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
