package org.calico4j.testkit;

import java.util.List;

import org.calico4j.dataplane.Encap;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * One packet's way through a {@link SimulatedCluster}: every hop with what happened there, whether it
 * arrived, and the source address its destination saw.
 *
 * <pre>{@code
 * Trace t = cluster.send("web-0", "internet");
 * if (t.delivered()) System.out.println(t.sourceSeenAtDestination());
 * }</pre>
 *
 * @param from                    where it started
 * @param to                      where it was sent
 * @param delivered               it arrived
 * @param sourceSeenAtDestination the source address on arrival (after SNAT), or null when it did not arrive
 * @param hops                    each place it passed, in order
 * @param reason                  why it ended as it did
 */
public record Trace(String from, String to, boolean delivered, @Nullable IpAddress sourceSeenAtDestination, List<Hop> hops,
                    String reason) {
    public Trace {
        hops = List.copyOf(hops);
    }

    /**
     * One place on the way: the text a person reads ({@link #detail}) and the same facts as fields a
     * test can assert on.
     *
     * <pre>{@code
     * Trace.Hop h = cluster.send("web-0", "web-1").hops().get(0);
     * h.encapsulation();   // IPIP
     * h.nextHop();         // n2
     * }</pre>
     *
     * @param at            node, router or host name
     * @param action        what it did (DELIVER, FORWARD, DROP, ROUTE, PASS)
     * @param detail        route, encapsulation, SNAT, reasons, as text
     * @param route         the route used, as {@code ip route} shows it on a node ({@code 10.244.1.0/26 via 10.0.0.12 dev tunl0
     *                      onlink}), or a router's BGP next hop ({@code via 10.0.0.12}, {@code default}); null where none was looked up
     * @param encapsulation how the packet left (NONE unless a node encapsulated it)
     * @param snatTo        the source address after SNAT here, or null when the source was not rewritten
     * @param nextHop       the name of the node, router or host the packet went to next (a tunnel's far end when
     *                      encapsulated), or null when it stopped here
     */
    public record Hop(String at, String action, String detail, @Nullable String route, Encap encapsulation, @Nullable IpAddress snatTo,
                      @Nullable String nextHop) {
        /** A hop described by text only (no route, encapsulation, SNAT or next hop recorded). */
        public Hop(String at, String action, String detail) {
            this(at, action, detail, null, Encap.NONE, null, null);
        }

        /** The node, router or host name (the same as {@link #at()}). */
        public String node() {
            return at;
        }

        /** Whether the source address was rewritten here. */
        public boolean snat() {
            return snatTo != null;
        }

        Hop withNextHop(@Nullable String next) {
            return new Hop(at, action, detail, route, encapsulation, snatTo, next);
        }

        @Override
        public String toString() {
            return at + ": " + action + " (" + detail + ")";
        }
    }

    /** The names of the places passed, e.g. {@code [n1, tor]}. */
    public List<String> path() {
        return hops.stream().map(Hop::at).toList();
    }

    @Override
    public String toString() {
        return from + " -> " + to + ": " + (delivered ? "delivered, source " + sourceSeenAtDestination : "not delivered") + " via "
                + hops + " (" + reason + ")";
    }
}
