package org.calico4j.client.spi;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * One change in a datastore, as a watch delivers it.
 *
 * <pre>{@code
 * if (e.type() == DatastoreEvent.Type.DELETED) forget(e.key());
 * }</pre>
 *
 * @param type     what happened
 * @param key      the resource
 * @param revision the store revision of the change
 * @param value    the new value (empty for DELETED)
 * @param previous the value before the change (empty for ADDED)
 */
public record DatastoreEvent(Type type, ResourceKey key, long revision, @Nullable Versioned value,
                             @Nullable Versioned previous) {
    /** The kinds of change, as Calico's watch reports them. */
    public enum Type {
        /** A key was created. */
        ADDED,
        /** A stored value was replaced. */
        MODIFIED,
        /** A key was removed. */
        DELETED
    }

    /**
     * The value after the change.
     *
     * @return the value, empty for DELETED
     */
    public Optional<Versioned> newValue() {
        return Optional.ofNullable(value);
    }

    /**
     * The value before the change.
     *
     * @return the value, empty for ADDED
     */
    public Optional<Versioned> oldValue() {
        return Optional.ofNullable(previous);
    }
}
