package org.calico4j.dataplane;

/**
 * Realises one node's {@link DataplaneState}: the in-memory reference here, kernel-backed
 * implementations (iptables/ipset, eBPF) later; all pass the same Dataplane TCK.
 *
 * <pre>{@code
 * Dataplane dp = new MemoryDataplane("n1");
 * dp.resync(state);
 * dp.apply(delta);
 * Verdict v = dp.evaluate(Packet.tcp("10.244.1.5", "93.184.216.34", 443));
 * }</pre>
 *
 * <p>Implementations are thread-safe; {@link #apply} and {@link #resync} are serialised. Whoever
 * creates a dataplane closes it (a {@link NodeAgent} does not close the dataplane it is given).
 */
public interface Dataplane extends AutoCloseable {
    /**
     * Applies a change to the current state.
     *
     * @param delta what changed since the last apply or resync
     */
    void apply(DataplaneDelta delta);

    /**
     * Replaces the whole state (drift repair, start-up).
     *
     * @param state the whole state the node should have
     */
    void resync(DataplaneState state);

    /**
     * The state programmed now.
     *
     * @return the state
     */
    DataplaneState state();

    /**
     * What the node does with {@code packet} in its current state.
     *
     * @param packet a packet arriving at the node or leaving a local workload
     * @return what the node does with it, and why
     */
    Verdict evaluate(Packet packet);

    /**
     * How the dataplane is doing: deltas applied, resyncs, health and a detail line.
     *
     * @return the status
     */
    DataplaneStatus status();

    /**
     * Where the routes BIRD programs come from when no BIRD runs ({@link LearnedRoutes}). A dataplane that
     * simulates the kernel (the in-memory one) keeps such a route only where the source says BGP delivered it;
     * one whose routes BIRD itself installs ignores this (the default).
     *
     * @param source which prefixes each node learned over BGP
     */
    default void learnedRoutes(LearnedRoutes source) {
    }

    /**
     * What this dataplane can program (IPv6, which encapsulations), so callers can tell a gap from a bug.
     *
     * @return the capabilities
     */
    DataplaneCapabilities capabilities();

    @Override
    void close();
}
