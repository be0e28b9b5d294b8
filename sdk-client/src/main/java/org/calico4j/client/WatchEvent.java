package org.calico4j.client;

import java.util.Optional;

import org.calico4j.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * One change seen by a watch: the resource as it now is (as it was, for DELETED) with its
 * resourceVersion, the previous state where there was one, and the store revision.
 *
 * <pre>{@code
 * pools.watch(rev, e -> log.info("{} {} at {}", e.type(), e.object().name(), e.revision()));
 * }</pre>
 *
 * @param type     ADDED, MODIFIED or DELETED
 * @param object   the resource after the change; for DELETED, the deleted resource
 * @param previous the resource before the change (empty for ADDED)
 * @param revision the store revision of the change
 */
public record WatchEvent<T extends Resource>(Type type, T object, @Nullable T previous, long revision) {
    /** Calico's watch event types. */
    public enum Type {
        /** The resource was created. */
        ADDED,
        /** The resource was replaced. */
        MODIFIED,
        /** The resource was deleted. */
        DELETED
    }

    /**
     * The resource before the change.
     *
     * @return the resource, empty for ADDED
     */
    public Optional<T> previousObject() {
        return Optional.ofNullable(previous);
    }
}
