package org.calico4j.testkit;

import java.util.List;

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
     * One place on the way.
     *
     * @param at     node, router or host name
     * @param action what it did (DELIVER, FORWARD, DROP, ROUTE)
     * @param detail route, encapsulation, SNAT, reasons
     */
    public record Hop(String at, String action, String detail) {
        @Override
        public String toString() {
            return at + ": " + action + " (" + detail + ")";
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
