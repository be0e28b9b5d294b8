package org.calico4j.client;

import java.util.Optional;

import org.calico4j.client.spi.ResourceKey;
import org.calico4j.model.CalicoException;
import org.calico4j.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * A write's revision precondition failed: someone else changed the resource first. Carries the
 * current stored resource so the caller can merge and retry. Message as Calico's:
 * {@code update conflict: IPPool(name)}.
 *
 * <pre>{@code
 * try { pools.update(stale); } catch (ConflictException e) { pools.update(merge(e.current().orElseThrow())); }
 * }</pre>
 */
public class ConflictException extends CalicoException {
    private static final long serialVersionUID = 1L;

    private final transient ResourceKey key;
    private final transient @Nullable Resource current;
    private final long expectedRevision;

    public ConflictException(ResourceKey key, long expectedRevision, @Nullable Resource current) {
        super("update conflict: " + key + " (expected resourceVersion " + expectedRevision
                + (current == null ? "" : ", stored " + current.metadata().resourceVersion()) + ")");
        this.key = key;
        this.current = current;
        this.expectedRevision = expectedRevision;
    }

    public ResourceKey key() {
        return key;
    }

    public long expectedRevision() {
        return expectedRevision;
    }

    /** The stored resource, with its resourceVersion. */
    public Optional<Resource> current() {
        return Optional.ofNullable(current);
    }
}
