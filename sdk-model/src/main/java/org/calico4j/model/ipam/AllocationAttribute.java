package org.calico4j.model.ipam;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * What a block records about the owner of some of its addresses: the handle ID and free-form
 * attributes (Calico's {@code AllocationAttribute}). Ordinals with equal attributes share one entry.
 *
 * <pre>{@code
 * AllocationAttribute a = AllocationAttribute.of("k8s-pod-network.c0ffee", Map.of("node", "node-1"));
 * }</pre>
 *
 * @param handleId            the handle the addresses are held under ({@code handle_id}); null when none
 * @param secondary           free-form attributes, e.g. namespace, pod and node ({@code secondary})
 * @param alternateOwnerAttrs attributes of an alternate owner ({@code alternate}; KubeVirt live migration)
 * @param releasedAt          RFC 3339 release time ({@code releasedAt}, written by Calico's later IP cooldown;
 *                            kept when read, never set by calico4j, whose v3.32 IPAM reuses addresses at once)
 */
public record AllocationAttribute(@Nullable String handleId, Map<String, String> secondary,
                                  Map<String, String> alternateOwnerAttrs, @Nullable String releasedAt) {
    /**
     * Copies the collections, so the value stays immutable.
     *
     * @param handleId the handle the addresses are held under ({@code handle_id}); null when none
     * @param secondary free-form attributes, e.g. namespace, pod and node ({@code secondary})
     * @param alternateOwnerAttrs attributes of an alternate owner ({@code alternate}; KubeVirt live
     *         migration)
     * @param releasedAt RFC 3339 release time ({@code releasedAt}, written by Calico's later IP
     *         cooldown; kept when read, never set by calico4j, whose v3.32 IPAM reuses addresses at once)
     */
    public AllocationAttribute {
        secondary = java.util.Collections.unmodifiableMap(new TreeMap<>(secondary));
        alternateOwnerAttrs = java.util.Collections.unmodifiableMap(new TreeMap<>(alternateOwnerAttrs));
    }

    /** Component-wise, the handle first: IPAM compares a new owner with each of a block's (Calico shares equal ones). */
    @Override
    public boolean equals(Object o) {
        return o instanceof AllocationAttribute a && java.util.Objects.equals(handleId, a.handleId) && java.util.Objects.equals(releasedAt, a.releasedAt)
                && secondary.equals(a.secondary) && alternateOwnerAttrs.equals(a.alternateOwnerAttrs);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(handleId, secondary, alternateOwnerAttrs, releasedAt);
    }

    /**
     * An owner with a handle and attributes.
     *
     * @param handleId  the handle, or null
     * @param secondary the attributes
     * @return the attribute
     */
    public static AllocationAttribute of(@Nullable String handleId, Map<String, String> secondary) {
        return new AllocationAttribute(handleId, secondary, Map.of(), null);
    }

    /**
     * True when {@code other} names the same owner (handle and attributes), ignoring release times.
     *
     * @param other another attribute
     * @return true for the same owner
     */
    public boolean sameOwner(AllocationAttribute other) {
        return Objects.equals(handleId, other.handleId) && secondary.equals(other.secondary)
                && alternateOwnerAttrs.equals(other.alternateOwnerAttrs);
    }
}
