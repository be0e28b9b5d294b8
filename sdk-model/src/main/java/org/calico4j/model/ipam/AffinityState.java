package org.calico4j.model.ipam;

import java.util.Optional;

/**
 * Where a host's claim on a block stands (Calico's {@code BlockAffinityState}).
 *
 * <pre>{@code
 * AffinityState.fromJson("confirmed");   // Optional[CONFIRMED]
 * }</pre>
 */
public enum AffinityState {
    /** Claimed, block not yet created or confirmed. */
    PENDING("pending"),
    /** The host owns the block. */
    CONFIRMED("confirmed"),
    /** Being released. */
    PENDING_DELETION("pendingDeletion");

    private final String json;

    AffinityState(String json) {
        this.json = json;
    }

    /**
     * The stored text, e.g. {@code pendingDeletion}.
     *
     * @return the text
     */
    public String json() {
        return json;
    }

    /**
     * The state the stored text names.
     *
     * @param text e.g. {@code confirmed}
     * @return the state, or empty for unknown text
     */
    public static Optional<AffinityState> fromJson(String text) {
        for (AffinityState s : values()) {
            if (s.json.equals(text)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return json;
    }
}
