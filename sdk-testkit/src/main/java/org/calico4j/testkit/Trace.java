package org.calico4j.testkit;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

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
    /**
     * Copies the collections, so the value stays immutable.
     *
     * @param from where it started
     * @param to where it was sent
     * @param delivered it arrived
     * @param sourceSeenAtDestination the source address on arrival (after SNAT), or null when it did not
     *         arrive
     * @param hops each place it passed, in order
     * @param reason why it ended as it did
     */
    public Trace {
        hops = List.copyOf(hops);
    }

    /**
     * One place on the way: the text a person reads ({@link #detail}) and the same facts as fields a
     * test can assert on. A node's hop builds its texts (detail and route) only when first asked for.
     *
     * <pre>{@code
     * Trace.Hop h = cluster.send("web-0", "web-1").hops().get(0);
     * h.encapsulation();   // IPIP
     * h.nextHop();         // n2
     * }</pre>
     */
    public static final class Hop {
        private final String at;
        private final String action;
        private final Encap encapsulation;
        private final @Nullable IpAddress snatTo;
        private final @Nullable String nextHop;
        private @Nullable Supplier<String> detailText;
        private @Nullable String detail;
        private @Nullable Supplier<@Nullable String> routeText;
        private @Nullable String route;

        /**
         * A hop described by text only (no route, encapsulation, SNAT or next hop recorded).
         *
         * @param at     node, router or host name
         * @param action what it did (DELIVER, FORWARD, DROP, ROUTE, PASS)
         * @param detail route, encapsulation, SNAT, reasons, as text
         * @throws NullPointerException if an argument is null
         */
        public Hop(String at, String action, String detail) {
            this(at, action, detail, null, Encap.NONE, null, null);
        }

        /**
         * A hop with every field given.
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
        public Hop(String at, String action, String detail, @Nullable String route, Encap encapsulation, @Nullable IpAddress snatTo,
                   @Nullable String nextHop) {
            this.at = Objects.requireNonNull(at, "at");
            this.action = Objects.requireNonNull(action, "action");
            this.detail = Objects.requireNonNull(detail, "detail");
            this.route = route;
            this.encapsulation = Objects.requireNonNull(encapsulation, "encapsulation");
            this.snatTo = snatTo;
            this.nextHop = nextHop;
        }

        /** A hop whose detail and route texts are built when first asked for (they must not depend on state that changes). */
        Hop(String at, String action, Supplier<String> detail, Supplier<@Nullable String> route, Encap encapsulation,
            @Nullable IpAddress snatTo, @Nullable String nextHop) {
            this.at = Objects.requireNonNull(at, "at");
            this.action = Objects.requireNonNull(action, "action");
            this.detailText = Objects.requireNonNull(detail, "detail");
            this.routeText = Objects.requireNonNull(route, "route");
            this.encapsulation = Objects.requireNonNull(encapsulation, "encapsulation");
            this.snatTo = snatTo;
            this.nextHop = nextHop;
        }

        private Hop(Hop h, @Nullable String nextHop) {
            this.at = h.at;
            this.action = h.action;
            this.encapsulation = h.encapsulation;
            this.snatTo = h.snatTo;
            this.nextHop = nextHop;
            this.detail = h.detail;
            this.detailText = h.detailText;
            this.route = h.route;
            this.routeText = h.routeText;
        }

        /** {@return the node, router or host name} */
        public String at() {
            return at;
        }

        /** {@return the node, router or host name (the same as {@link #at()})} */
        public String node() {
            return at;
        }

        /** {@return what it did (DELIVER, FORWARD, DROP, ROUTE, PASS)} */
        public String action() {
            return action;
        }

        /** {@return route, encapsulation, SNAT, reasons, as text} */
        public synchronized String detail() {
            String d = detail;
            if (d == null) {
                d = Objects.requireNonNull(Objects.requireNonNull(detailText).get(), "detail");
                detail = d;
                detailText = null;
            }
            return d;
        }

        /**
         * The route used, as {@code ip route} shows it on a node ({@code 10.244.1.0/26 via 10.0.0.12 dev tunl0 onlink}), or
         * a router's BGP next hop ({@code via 10.0.0.12}, {@code default}); null where none was looked up.
         *
         * @return the route text, or null
         */
        public synchronized @Nullable String route() {
            if (routeText != null) {
                route = routeText.get();
                routeText = null;
            }
            return route;
        }

        /** {@return how the packet left (NONE unless a node encapsulated it)} */
        public Encap encapsulation() {
            return encapsulation;
        }

        /** {@return the source address after SNAT here, or null when the source was not rewritten} */
        public @Nullable IpAddress snatTo() {
            return snatTo;
        }

        /** {@return whether the source address was rewritten here} */
        public boolean snat() {
            return snatTo != null;
        }

        /**
         * {@return the name of the node, router or host the packet went to next (a tunnel's far end when
         * encapsulated), or null when it stopped here}
         */
        public @Nullable String nextHop() {
            return nextHop;
        }

        Hop withNextHop(@Nullable String next) {
            return new Hop(this, next);
        }

        /** This hop with {@code suffix} appended to its detail text. */
        Hop withMoreDetail(String suffix) {
            Hop h = new Hop(this, nextHop);
            h.detail = null;
            h.detailText = () -> detail() + suffix;
            return h;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Hop h && at.equals(h.at) && action.equals(h.action) && detail().equals(h.detail())
                    && Objects.equals(route(), h.route()) && encapsulation == h.encapsulation && Objects.equals(snatTo, h.snatTo)
                    && Objects.equals(nextHop, h.nextHop);
        }

        @Override
        public int hashCode() {
            return Objects.hash(at, action, detail(), route(), encapsulation, snatTo, nextHop);
        }

        @Override
        public String toString() {
            return at + ": " + action + " (" + detail() + ")";
        }
    }

    /**
     * The names of the places passed, e.g. {@code [n1, tor]}.
     *
     * @return the names of the places passed, e.g
     */
    public List<String> path() {
        return hops.stream().map(Hop::at).toList();
    }

    @Override
    public String toString() {
        return from + " -> " + to + ": " + (delivered ? "delivered, source " + sourceSeenAtDestination : "not delivered") + " via "
                + hops + " (" + reason + ")";
    }
}
