package org.calico4j.client.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * One change in a datastore, as a watch delivers it.
 *
 * <pre>{@code
 * if (e.type() == DatastoreEvent.Type.DELETED) forget(e.key());
 * }</pre>
 *
 * @param type         what happened
 * @param key          the resource
 * @param revision     the store revision of the change
 * @param value        the new value (empty for DELETED)
 * @param previous     the value before the change (empty for ADDED)
 * @param endsRevision whether this is the last event of its revision the watch delivers: false for all but the
 *                     last change of a {@linkplain Datastore#commit transaction}, so a listener that tracks which
 *                     revision it has applied moves on only once the whole transaction is applied (the ADDED
 *                     events of a watch that lists again, after a RELISTED notice, each say true)
 */
public record DatastoreEvent(Type type, ResourceKey key, long revision, @Nullable Versioned value,
                             @Nullable Versioned previous, boolean endsRevision) {
    /**
     * The event of a change that is alone at its revision.
     *
     * @param type     what happened
     * @param key      the resource
     * @param revision the store revision of the change
     * @param value    the new value (empty for DELETED)
     * @param previous the value before the change (empty for ADDED)
     */
    public DatastoreEvent(Type type, ResourceKey key, long revision, @Nullable Versioned value, @Nullable Versioned previous) {
        this(type, key, revision, value, previous, true);
    }

    /**
     * The events as one watch delivers them, each {@link #endsRevision} set by whether the next one in the list has
     * another revision (a watch's events of one revision arrive together).
     *
     * @param events events in delivery order
     * @return the same events, flagged
     */
    public static List<DatastoreEvent> markRevisionEnds(List<DatastoreEvent> events) {
        List<DatastoreEvent> out = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            DatastoreEvent e = events.get(i);
            boolean ends = i + 1 == events.size() || events.get(i + 1).revision() != e.revision();
            out.add(ends == e.endsRevision ? e : new DatastoreEvent(e.type, e.key, e.revision, e.value, e.previous, ends));
        }
        return out;
    }

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
