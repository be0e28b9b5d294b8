package org.calico4j.dataplane;

import java.util.Objects;

import org.calico4j.model.net.IpAddress;

/**
 * A packet a node is asked about: addresses, protocol and destination port. Where it comes from
 * (a local workload, the host itself, or the network) follows from its source address.
 *
 * <pre>{@code
 * Packet p = Packet.tcp("10.244.1.5", "93.184.216.34", 443);
 * }</pre>
 *
 * @param src      source address
 * @param dst      destination address
 * @param protocol TCP, UDP, ICMP
 * @param dstPort  destination port (0 for ICMP)
 */
public record Packet(IpAddress src, IpAddress dst, Protocol protocol, int dstPort) {
    /** IP protocols the dataplane tells apart (NAT port ranges apply to TCP and UDP only). */
    public enum Protocol {
        /** TCP, with a destination port. */
        TCP,
        /** UDP, with a destination port. */
        UDP,
        /** ICMP, no port. */
        ICMP
    }

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when the addresses are of different IP versions or the port is out of range
     *
     * @param src source address
     * @param dst destination address
     * @param protocol TCP, UDP, ICMP
     * @param dstPort destination port (0 for ICMP)
     */
    public Packet {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(protocol, "protocol");
        if (src.version() != dst.version()) {
            throw new IllegalArgumentException("source " + src + " and destination " + dst + " are of different IP versions");
        }
        if (dstPort < 0 || dstPort > 65535) {
            throw new IllegalArgumentException("destination port " + dstPort + " is out of range");
        }
    }

    /**
     * A TCP packet.
     *
     * @param src  source address
     * @param dst  destination address
     * @param port destination port
     * @return the packet
     */
    public static Packet tcp(String src, String dst, int port) {
        return new Packet(IpAddress.parse(src), IpAddress.parse(dst), Protocol.TCP, port);
    }

    /**
     * A UDP packet.
     *
     * @param src  source address
     * @param dst  destination address
     * @param port destination port
     * @return the packet
     */
    public static Packet udp(String src, String dst, int port) {
        return new Packet(IpAddress.parse(src), IpAddress.parse(dst), Protocol.UDP, port);
    }

    /**
     * An ICMP packet.
     *
     * @param src source address
     * @param dst destination address
     * @return the packet
     */
    public static Packet icmp(String src, String dst) {
        return new Packet(IpAddress.parse(src), IpAddress.parse(dst), Protocol.ICMP, 0);
    }

    @Override
    public String toString() {
        return protocol + " " + src + " -> " + dst + (protocol == Protocol.ICMP ? "" : ":" + dstPort);
    }
}
