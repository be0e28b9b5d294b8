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
    /**
     * The resourceVersion the write expected.
     */
    private final long expectedRevision;

    /**
     * A conditional write found another revision stored.
     *
     * @param key              the resource written
     * @param expectedRevision the revision the write expected
     * @param current          the stored resource, or null when unknown
     */
    public ConflictException(ResourceKey key, long expectedRevision, @Nullable Resource current) {
        super("update conflict: " + key + " (expected resourceVersion " + expectedRevision
                + (current == null ? "" : ", stored " + current.metadata().resourceVersion()) + ")");
        this.key = key;
        this.current = current;
        this.expectedRevision = expectedRevision;
    }

    /**
     * The resource written.
     *
     * @return its key
     */
    public ResourceKey key() {
        return key;
    }

    /**
     * The resourceVersion the write expected.
     *
     * @return the revision
     */
    public long expectedRevision() {
        return expectedRevision;
    }

    /**
     * The stored resource, with its resourceVersion.
     *
     * @return the resource, or empty when unknown
     */
    public Optional<Resource> current() {
        return Optional.ofNullable(current);
    }
}
