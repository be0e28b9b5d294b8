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
    /** Applies a change to the current state. */
    void apply(DataplaneDelta delta);

    /** Replaces the whole state (drift repair, start-up). */
    void resync(DataplaneState state);

    /** The state programmed now. */
    DataplaneState state();

    /** What the node does with {@code packet} in its current state. */
    Verdict evaluate(Packet packet);

    DataplaneStatus status();

    /**
     * Where the routes BIRD programs come from when no BIRD runs ({@link LearnedRoutes}). A dataplane that
     * simulates the kernel (the in-memory one) keeps such a route only where the source says BGP delivered it;
     * one whose routes BIRD itself installs ignores this (the default).
     */
    default void learnedRoutes(LearnedRoutes source) {
    }

    DataplaneCapabilities capabilities();

    @Override
    void close();
}
