package org.calico4j.dataplane;

import java.util.List;
import java.util.Optional;

import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * What a node does with a {@link Packet}: deliver it locally, forward it (possibly encapsulated,
 * possibly source-NATed), or drop it; with the route used and a readable explanation.
 *
 * <pre>{@code
 * Verdict v = dataplane.evaluate(Packet.tcp("10.244.1.5", "93.184.216.34", 443));
 * v.sourceSeen();   // 10.0.0.11: masqueraded to the node's address
 * }</pre>
 *
 * @param action    delivered, forwarded or dropped
 * @param snatTo    the source address after SNAT, when it is rewritten
 * @param snatPorts the source port range of the SNAT, when {@code natPortRange} applies
 * @param encap     how the packet leaves
 * @param outerSrc  outer source address when encapsulated
 * @param outerDst  outer destination address when encapsulated
 * @param device    the device it leaves by (or is delivered to)
 * @param route     the route used, as {@code ip route} shows it
 * @param reasons   the decisions taken, in order
 * @param originalSource the packet's source before any SNAT
 */
public record Verdict(Action action, @Nullable IpAddress snatTo, @Nullable String snatPorts, Encap encap,
                      @Nullable IpAddress outerSrc, @Nullable IpAddress outerDst, @Nullable String device, String route,
                      List<String> reasons, IpAddress originalSource) {
    /** The fate of a packet on this node. */
    public enum Action {
        /** To a local workload or the host itself. */
        DELIVER,
        /** Out of the node, towards another node or the network. */
        FORWARD,
        /** Dropped (blackhole route, service-loop prevention ...). */
        DROP
    }

    /**
     * Copies the collections, so the value stays immutable.
     *
     * @param action delivered, forwarded or dropped
     * @param snatTo the source address after SNAT, when it is rewritten
     * @param snatPorts the source port range of the SNAT, when {@code natPortRange} applies
     * @param encap how the packet leaves
     * @param outerSrc outer source address when encapsulated
     * @param outerDst outer destination address when encapsulated
     * @param device the device it leaves by (or is delivered to)
     * @param route the route used, as {@code ip route} shows it
     * @param reasons the decisions taken, in order
     * @param originalSource the packet's source before any SNAT
     */
    public Verdict {
        reasons = List.copyOf(reasons);
    }

    /**
     * {@return the source address the next hop sees: after SNAT if any, else the original}
     */
    public IpAddress sourceSeen() {
        return snatTo != null ? snatTo : originalSource;
    }

    /**
     * {@return the address the source was rewritten to, or empty when not rewritten}
     */
    public Optional<IpAddress> snat() {
        return Optional.ofNullable(snatTo);
    }

    /**
     * {@return all reasons as one sentence}
     */
    public String reason() {
        return String.join("; ", reasons);
    }

    @Override
    public String toString() {
        return action + (snatTo == null ? "" : " snat " + snatTo) + (encap == Encap.NONE ? "" : " " + encap + " " + outerSrc
                + " -> " + outerDst) + " via [" + route + "]: " + reason();
    }
}
