package org.calico4j.client.ipam;

import java.util.Map;
import java.util.Optional;

import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * One allocated address as its block records it: the handle, the attributes and the block's host.
 *
 * <pre>{@code
 * ipam.allocation(ip).map(Allocation::attributes).orElse(Map.of());
 * }</pre>
 *
 * @param ip         the address
 * @param block      the block holding it
 * @param handleId   the handle it is held under, if any
 * @param attributes the attributes given when it was assigned
 * @param blockHost  the host the block is affine to, if any (an address can be borrowed from another host's block)
 */
public record Allocation(IpAddress ip, Cidr block, @Nullable String handleId, Map<String, String> attributes,
                         @Nullable String blockHost) {
    /**
     * Copies the collections, so the value stays immutable.
     *
     * @param ip the address
     * @param block the block holding it
     * @param handleId the handle it is held under, if any
     * @param attributes the attributes given when it was assigned
     * @param blockHost the host the block is affine to, if any (an address can be borrowed from another host's block)
     */
    public Allocation {
        attributes = Map.copyOf(attributes);
    }

    /**
     * The handle the address is held under.
     *
     * @return the handle, or empty
     */
    public Optional<String> handle() {
        return Optional.ofNullable(handleId);
    }
}
