package org.calico4j.dataplane;

import java.util.List;
import java.util.Objects;
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
 * <p>The route text and the reasons may be built only when first asked for (a verdict on the hot
 * path then costs no strings); equality and {@link #toString()} compare and show them as values.
 */
public final class Verdict {
    /** The fate of a packet on this node. */
    public enum Action {
        /** To a local workload or the host itself. */
        DELIVER,
        /** Out of the node, towards another node or the network. */
        FORWARD,
        /** Dropped (blackhole route, service-loop prevention ...). */
        DROP
    }

    private final Action action;
    private final @Nullable IpAddress snatTo;
    private final @Nullable String snatPorts;
    private final Encap encap;
    private final @Nullable IpAddress outerSrc;
    private final @Nullable IpAddress outerDst;
    private final @Nullable String device;
    private final IpAddress originalSource;
    private final @Nullable Explanation explanation;
    private final @Nullable RouteInfo routeEntry;
    // Built once on first use; a race builds equal values twice, and both are immutable.
    private @Nullable String route;
    private @Nullable List<String> reasons;

    /**
     * A verdict with its route text and reasons already built.
     *
     * @param action    delivered, forwarded or dropped
     * @param snatTo    the source address after SNAT, or null when it is not rewritten
     * @param snatPorts the source port range of the SNAT, or null unless {@code natPortRange} applies
     * @param encap     how the packet leaves
     * @param outerSrc  outer source address when encapsulated, else null
     * @param outerDst  outer destination address when encapsulated, else null
     * @param device    the device it leaves by (or is delivered to), or null when there is none
     * @param route     the route used, as {@code ip route} shows it
     * @param reasons   the decisions taken, in order (copied)
     * @param originalSource the packet's source before any SNAT
     * @throws NullPointerException if action, encap, route, reasons or originalSource is null
     */
    public Verdict(Action action, @Nullable IpAddress snatTo, @Nullable String snatPorts, Encap encap,
                   @Nullable IpAddress outerSrc, @Nullable IpAddress outerDst, @Nullable String device, String route,
                   List<String> reasons, IpAddress originalSource) {
        this(action, snatTo, snatPorts, encap, outerSrc, outerDst, device, originalSource, null, null);
        this.route = Objects.requireNonNull(route, "route");
        this.reasons = List.copyOf(reasons);
    }

    /** Builds a verdict's texts from the decisions it recorded, when first asked for. */
    interface Explanation {
        String route();

        List<String> reasons();
    }

    /**
     * A verdict whose route text and reasons {@code explanation} builds when first asked for, taken through
     * {@code routeEntry} (null when no route-table entry decided it).
     */
    Verdict(Action action, @Nullable IpAddress snatTo, @Nullable String snatPorts, Encap encap, @Nullable IpAddress outerSrc,
            @Nullable IpAddress outerDst, @Nullable String device, IpAddress originalSource, @Nullable Explanation explanation,
            @Nullable RouteInfo routeEntry) {
        this.action = Objects.requireNonNull(action, "action");
        this.snatTo = snatTo;
        this.snatPorts = snatPorts;
        this.encap = Objects.requireNonNull(encap, "encap");
        this.outerSrc = outerSrc;
        this.outerDst = outerDst;
        this.device = device;
        this.originalSource = Objects.requireNonNull(originalSource, "originalSource");
        this.explanation = explanation;
        this.routeEntry = routeEntry;
    }

    /** {@return delivered, forwarded or dropped} */
    public Action action() {
        return action;
    }

    /** {@return the source address after SNAT, or null when the source is not rewritten} */
    public @Nullable IpAddress snatTo() {
        return snatTo;
    }

    /** {@return the SNAT source port range, or null unless {@code natPortRange} applies} */
    public @Nullable String snatPorts() {
        return snatPorts;
    }

    /** {@return how the packet leaves the node} */
    public Encap encap() {
        return encap;
    }

    /** {@return the outer source address when encapsulated, else null} */
    public @Nullable IpAddress outerSrc() {
        return outerSrc;
    }

    /** {@return the outer destination address when encapsulated, else null} */
    public @Nullable IpAddress outerDst() {
        return outerDst;
    }

    /** {@return the device it leaves by (or is delivered to), or null} */
    public @Nullable String device() {
        return device;
    }

    /** {@return the route used, as {@code ip route} shows it} */
    public String route() {
        String r = route;
        if (r == null) {
            r = Objects.requireNonNull(Objects.requireNonNull(explanation).route(), "route");
            route = r;
        }
        return r;
    }

    /** {@return the decisions taken, in order} */
    public List<String> reasons() {
        List<String> r = reasons;
        if (r == null) {
            r = List.copyOf(Objects.requireNonNull(explanation).reasons());
            reasons = r;
        }
        return r;
    }

    /**
     * {@return the route-table entry the packet left by: present when a lookup in the node's routes decided
     * the verdict (forwarded through a route, or dropped or delivered by a local block's or workload's route);
     * empty when it was delivered to a local address or workload, dropped before the lookup, took the default
     * route, or this verdict was built from texts}
     * Not part of {@link #equals}: the route text says the same.
     */
    public Optional<RouteInfo> routeEntry() {
        return Optional.ofNullable(routeEntry);
    }

    /** {@return the packet's source before any SNAT} */
    public IpAddress originalSource() {
        return originalSource;
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
        return String.join("; ", reasons());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Verdict v && action == v.action && Objects.equals(snatTo, v.snatTo) && Objects.equals(snatPorts, v.snatPorts)
                && encap == v.encap && Objects.equals(outerSrc, v.outerSrc) && Objects.equals(outerDst, v.outerDst)
                && Objects.equals(device, v.device) && originalSource.equals(v.originalSource) && route().equals(v.route())
                && reasons().equals(v.reasons());
    }

    @Override
    public int hashCode() {
        return Objects.hash(action, snatTo, snatPorts, encap, outerSrc, outerDst, device, route(), reasons(), originalSource);
    }

    @Override
    public String toString() {
        return action + (snatTo == null ? "" : " snat " + snatTo) + (encap == Encap.NONE ? "" : " " + encap + " " + outerSrc
                + " -> " + outerDst) + " via [" + route() + "]: " + reason();
    }
}
