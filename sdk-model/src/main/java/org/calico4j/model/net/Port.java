package org.calico4j.model.net;

import java.util.regex.Pattern;

/**
 * A port, port range or named port, as Calico's {@code numorstring.Port}: written as a number
 * for one port, {@code "min:max"} for a range and the name for a named port.
 *
 * <pre>{@code
 * Port.parse("32768:65535").maxPort();   // 65535
 * Port.of(1024).toString();              // "1024"
 * }</pre>
 *
 * <p>Parsing only checks the form, as Calico's decoder does; the range rules
 * ({@code 1..65535}, named ports with zero numbers) are the validator's.
 */
public final class Port {
    private static final Pattern RANGE = Pattern.compile("^(\\d+):(\\d+)$");
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_.-]{1,128}$");

    private final int minPort;
    private final int maxPort;
    private final String name;

    private Port(int minPort, int maxPort, String name) {
        this.minPort = minPort;
        this.maxPort = maxPort;
        this.name = name;
    }

    /**
     * One port number.
     *
     * @param port 0-65535
     * @return the port
     * @throws IllegalArgumentException when out of range
     */
    public static Port of(int port) {
        checkUint16(port);
        return new Port(port, port, "");
    }

    /**
     * A range of ports, {@code min:max} in Calico's form.
     *
     * @param min the first port
     * @param max the last port, not below {@code min}
     * @return the range
     * @throws IllegalArgumentException when out of range or reversed
     */
    public static Port range(int min, int max) {
        checkUint16(min);
        checkUint16(max);
        if (min > max) {
            throw new IllegalArgumentException(rangeOrderMessage(min, max));
        }
        return new Port(min, max, "");
    }

    /**
     * A named port (resolved against a workload's named ports).
     *
     * @param name the port's name
     * @return the port
     */
    public static Port named(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid name for named port (" + name + ")");
        }
        return new Port(0, 0, name);
    }

    /**
     * Parses Calico's string form; messages are Calico's ({@code invalid port format (s)} ...).
     *
     * @param s a number, {@code min:max} or a name
     * @return the port
     * @throws IllegalArgumentException with Calico's message
     */
    public static Port parse(String s) {
        if (!s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int v = uint16(s);
            if (v < 0) {
                throw new IllegalArgumentException("invalid port format (" + s + ")");
            }
            return new Port(v, v, "");
        }
        var m = RANGE.matcher(s);
        if (m.matches()) {
            int min = uint16(m.group(1));
            if (min < 0) {
                throw new IllegalArgumentException("invalid minimum port number in range (" + s + ")");
            }
            int max = uint16(m.group(2));
            if (max < 0) {
                throw new IllegalArgumentException("invalid maximum port number in range (" + s + ")");
            }
            if (min > max) {
                throw new IllegalArgumentException(rangeOrderMessage(min, max));
            }
            return new Port(min, max, "");
        }
        return named(s);
    }

    private static String rangeOrderMessage(int min, int max) {
        return "minimum port number (" + min + ") is greater than maximum port number (" + max + ") in port range";
    }

    private static int uint16(String digits) {
        if (digits.length() > 5) {
            return -1;
        }
        int v = Integer.parseInt(digits);
        return v > 65535 ? -1 : v;
    }

    private static void checkUint16(int p) {
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("port " + p + " is outside 0..65535");
        }
    }

    /**
     * The first port of the range (the port itself for a single one).
     *
     * @return the port, 0 for a named port
     */
    public int minPort() {
        return minPort;
    }

    /**
     * The last port of the range (the port itself for a single one).
     *
     * @return the port, 0 for a named port
     */
    public int maxPort() {
        return maxPort;
    }

    /**
     * The port name, or "" for a numeric port or range.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Whether this is a named port.
     *
     * @return true for a name
     */
    public boolean isNamed() {
        return !name.isEmpty();
    }

    /**
     * Whether this is one port number (not a range, not a name).
     *
     * @return true for one number
     */
    public boolean isSingle() {
        return name.isEmpty() && minPort == maxPort;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Port && ((Port) o).minPort == minPort && ((Port) o).maxPort == maxPort
                && ((Port) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return (minPort * 65536 + maxPort) * 31 + name.hashCode();
    }

    /** Calico's string form: the name, the number, or {@code min:max}. */
    @Override
    public String toString() {
        if (isNamed()) {
            return name;
        }
        return minPort == maxPort ? Integer.toString(minPort) : minPort + ":" + maxPort;
    }
}
