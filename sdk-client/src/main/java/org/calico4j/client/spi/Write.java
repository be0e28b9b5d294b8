package org.calico4j.client.spi;

import java.util.Objects;

import org.calico4j.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * One conditional write of a {@link Datastore#commit} transaction, with the condition its single-key
 * call ({@link Datastore#create}, {@link Datastore#update}, {@link Datastore#delete}) has.
 *
 * <pre>{@code
 * ds.commit(List.of(Write.create(handleKey, handle), Write.update(blockKey, block, blockRevision)));
 * }</pre>
 *
 * @param op               create, update or delete
 * @param key              where
 * @param value            the new value; null for a delete
 * @param expectedRevision the revision the key must be at for an update or delete (0 = any); 0 for a create
 */
public record Write(Op op, ResourceKey key, @Nullable Resource value, long expectedRevision) {
    /** What a write does. */
    public enum Op {
        /** Store a new key; fails if it exists. */
        CREATE,
        /** Replace a stored value; fails if absent or at another revision. */
        UPDATE,
        /** Remove a stored value; fails if absent or at another revision. */
        DELETE
    }

    /**
     * Checks that a value is given exactly when the write stores one.
     *
     * @param op               create, update or delete
     * @param key              where
     * @param value            the new value; null for a delete
     * @param expectedRevision the precondition (0 = any)
     */
    public Write {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(key, "key");
        if ((value == null) != (op == Op.DELETE)) {
            throw new IllegalArgumentException(op + " of " + key + (value == null ? " needs a value" : " takes no value"));
        }
        if (expectedRevision < 0 || op == Op.CREATE && expectedRevision != 0) {
            throw new IllegalArgumentException(op + " of " + key + ": expected revision " + expectedRevision);
        }
    }

    /**
     * {@link Datastore#create} as part of a transaction.
     *
     * @param key   where
     * @param value the new resource
     * @return the write
     */
    public static Write create(ResourceKey key, Resource value) {
        return new Write(Op.CREATE, key, value, 0);
    }

    /**
     * {@link Datastore#update} as part of a transaction.
     *
     * @param key              where
     * @param value            the new value
     * @param expectedRevision the revision it must be at, 0 for any
     * @return the write
     */
    public static Write update(ResourceKey key, Resource value, long expectedRevision) {
        return new Write(Op.UPDATE, key, value, expectedRevision);
    }

    /**
     * {@link Datastore#delete} as part of a transaction.
     *
     * @param key              where
     * @param expectedRevision the revision it must be at, 0 for any
     * @return the write
     */
    public static Write delete(ResourceKey key, long expectedRevision) {
        return new Write(Op.DELETE, key, null, expectedRevision);
    }
}
