package org.calico4j.testkit;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

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
     * One place on the way: its name, what it did (DELIVER, FORWARD, DROP, ROUTE) and the detail
     * (route, encapsulation, SNAT, reasons), which a node's hop builds only when first asked for.
     */
    public static final class Hop {
        private final String at;
        private final String action;
        private @Nullable Supplier<String> text;
        private @Nullable String detail;

        public Hop(String at, String action, String detail) {
            this.at = Objects.requireNonNull(at, "at");
            this.action = Objects.requireNonNull(action, "action");
            this.detail = Objects.requireNonNull(detail, "detail");
        }

        /** A hop whose detail {@code detail} builds when first asked for (it must not depend on state that changes). */
        Hop(String at, String action, Supplier<String> detail) {
            this.at = Objects.requireNonNull(at, "at");
            this.action = Objects.requireNonNull(action, "action");
            this.text = detail;
        }

        /** Node, router or host name. */
        public String at() {
            return at;
        }

        /** What it did (DELIVER, FORWARD, DROP, ROUTE). */
        public String action() {
            return action;
        }

        /** Route, encapsulation, SNAT, reasons. */
        public String detail() {
            String d = detail;
            if (d == null) {
                d = Objects.requireNonNull(Objects.requireNonNull(text).get(), "detail");
                detail = d;
            }
            return d;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Hop h && at.equals(h.at) && action.equals(h.action) && detail().equals(h.detail());
        }

        @Override
        public int hashCode() {
            return Objects.hash(at, action, detail());
        }

        @Override
        public String toString() {
            return at + ": " + action + " (" + detail() + ")";
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
