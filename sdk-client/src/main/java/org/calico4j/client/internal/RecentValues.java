package org.calico4j.client.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;

import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Versioned;
import org.calico4j.model.ObjectMeta;
import org.jspecify.annotations.Nullable;

/**
 * The stored values a resource client last wrote, or read for an edit, so that an update of one of them can skip
 * reading it back. Calico's update checks the new value against the stored one (a pool's CIDR and block size stay,
 * the uid and creation time are kept); the stored one at the revision the update expects is the value remembered.
 *
 * <p>This rests on the datastore's contract that revisions only increase, so that a revision names at most one value
 * of a key. A store restored from a backup without moving its revisions past the old ones (etcd's
 * {@code snapshot restore} without {@code --bump-revision}) breaks that for every client, and watchers too. An update
 * whose uid differs from the remembered value's is read, so that a value read from a key recreated under a reused
 * revision is not taken for the remembered one.
 *
 * <p>A fixed number of slots, chosen by the key's hash, allocated at the first write; a newer value of a key, or a
 * key that hashes to the same slot, replaces what the slot held, and a delete empties it, so at most {@link #SLOTS}
 * values are held whatever the number of keys. A value is only used for its own key at the revision the caller
 * expects, and the write that follows is conditional on that revision: a slot that is stale, replaced or empty costs a
 * read. Safe for concurrent use: values are immutable and a slot is one reference.
 */
final class RecentValues {
    /** Slots per resource client (a power of two): 4 to 8 KiB of references once allocated. */
    static final int SLOTS = 1024;

    private volatile @Nullable AtomicReferenceArray<@Nullable Versioned> slots;

    /**
     * Keeps a value the store returned (stamped with its revision, as the SPI promises).
     *
     * @param stored a value as the store returned it
     */
    void remember(Versioned stored) {
        AtomicReferenceArray<@Nullable Versioned> s = slots;
        if (s == null) {
            synchronized (this) {
                s = slots;
                if (s == null) {
                    s = new AtomicReferenceArray<>(SLOTS);
                    slots = s;
                }
            }
        }
        s.setRelease(slot(stored.key()), stored);
    }

    /**
     * The value remembered for {@code key}, if it is the one whose resourceVersion is {@code resourceVersion} and
     * whose uid is {@code uid} (any, when empty).
     *
     * @param key             the key
     * @param resourceVersion the resourceVersion an update expects, as given
     * @param uid             the uid the update names, or "" when it names none
     * @return the remembered value at that revision, or null
     */
    @Nullable Versioned at(ResourceKey key, String resourceVersion, String uid) {
        AtomicReferenceArray<@Nullable Versioned> s = slots;
        Versioned v = s == null ? null : s.getAcquire(slot(key));
        if (v == null || !v.key().equals(key)) {
            return null;
        }
        ObjectMeta m = v.value().metadata();
        return m.resourceVersion().equals(resourceVersion) && (uid.isEmpty() || uid.equals(m.uid())) ? v : null;
    }

    /**
     * Drops {@code stale} if its slot still holds it: it was found changed, deleted or refused.
     *
     * @param stale a value {@link #at} returned
     */
    void forget(Versioned stale) {
        AtomicReferenceArray<@Nullable Versioned> s = slots;
        if (s != null) {
            s.compareAndSet(slot(stale.key()), stale, null);
        }
    }

    /**
     * Drops whatever is remembered for {@code key}: it was deleted.
     *
     * @param key the key
     */
    void forget(ResourceKey key) {
        AtomicReferenceArray<@Nullable Versioned> s = slots;
        Versioned v = s == null ? null : s.getAcquire(slot(key));
        if (v != null && v.key().equals(key)) {
            forget(v);
        }
    }

    /** The slot of {@code key}: its hash with the high bits folded in, as {@link java.util.HashMap} spreads it. */
    static int slot(ResourceKey key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }
}
