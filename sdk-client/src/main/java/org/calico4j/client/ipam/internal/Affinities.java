package org.calico4j.client.ipam.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.calico4j.client.AlreadyExistsException;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Versioned;
import org.calico4j.model.ipam.AffinityState;
import org.calico4j.model.ipam.BlockAffinity;
import org.calico4j.model.ipam.IpamBlock;
import org.calico4j.model.net.Cidr;
import org.jspecify.annotations.Nullable;

/**
 * Claiming and releasing block affinities in Calico's two phases, so racing hosts resolve cleanly:
 * claim = pending affinity, create the block with the host's affinity, confirm; release =
 * pendingDeletion, delete the block if empty or clear its affinity, delete the affinity.
 */
final class Affinities {
    private final IpamStore store;
    private final Clock clock;

    Affinities(IpamStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Claims {@code cidr} for {@code host}; false when another host owns the block (Calico's errBlockClaimConflict). */
    boolean claim(String host, Cidr cidr) {
        ResourceKey affKey = IpamStore.affinityKey(host, cidr);
        Versioned pending = pending(host, cidr, affKey);
        Instant now = clock.instant();
        IpamBlock fresh = IpamBlock.empty(cidr, "host:" + host, now.truncatedTo(ChronoUnit.SECONDS).toString(),
                now.getEpochSecond() * 1_000_000_000L + now.getNano());
        try {
            store.ds.create(IpamStore.blockKey(cidr), fresh);
        } catch (AlreadyExistsException e) {
            Optional<String> owner = e.current().map(r -> ((IpamBlock) r).affinityHost().orElse(""));
            if (owner.isPresent() && !owner.get().equals(host)) {
                deleteQuietly(affKey, pending.revision());
                return false;
            }
            if (owner.isEmpty()) {
                // Deleted again meanwhile: the caller retries from the start.
                deleteQuietly(affKey, pending.revision());
                return false;
            }
        }
        confirm(affKey);
        return true;
    }

    private Versioned pending(String host, Cidr cidr, ResourceKey key) {
        for (int i = 0; i < IpamStore.RETRIES; i++) {
            Optional<Versioned> cur = store.ds.get(key);
            try {
                if (cur.isEmpty()) {
                    return store.ds.create(key, BlockAffinity.of(host, cidr, AffinityState.PENDING));
                }
                BlockAffinity a = (BlockAffinity) cur.get().value();
                if (a.state() == AffinityState.PENDING) {
                    return cur.get();
                }
                return store.ds.update(key, a.withState(AffinityState.PENDING), cur.get().revision());
            } catch (RuntimeException e) {
                if (!IpamStore.lostRace(e)) {
                    throw e;
                }
            }
        }
        throw IpamStore.tooManyRetries();
    }

    private void confirm(ResourceKey key) {
        for (int i = 0; i < IpamStore.RETRIES; i++) {
            Optional<Versioned> cur = store.ds.get(key);
            if (cur.isEmpty()) {
                return;
            }
            BlockAffinity a = (BlockAffinity) cur.get().value();
            if (a.state() == AffinityState.CONFIRMED) {
                return;
            }
            try {
                store.ds.update(key, a.withState(AffinityState.CONFIRMED), cur.get().revision());
                return;
            } catch (RuntimeException e) {
                if (!IpamStore.lostRace(e)) {
                    throw e;
                }
            }
        }
        throw IpamStore.tooManyRetries();
    }

    /**
     * Releases {@code host}'s affinity to {@code cidr}: the block is deleted when empty, otherwise it
     * keeps its addresses and loses its affinity (unless {@code requireEmpty}, when nothing happens).
     * With {@code requiredSequence}, only a block unchanged since it was read is released.
     * Returns true when the affinity is gone.
     */
    boolean release(String host, Cidr cidr, boolean requireEmpty, @Nullable Long requiredSequence) {
        ResourceKey affKey = IpamStore.affinityKey(host, cidr);
        ResourceKey blockKey = IpamStore.blockKey(cidr);
        for (int i = 0; i < IpamStore.RETRIES; i++) {
            try {
                Optional<Versioned> b = store.ds.get(blockKey);
                if (b.isPresent()) {
                    IpamBlock block = IpamStore.block(b.get());
                    if ((requiredSequence != null && block.sequenceNumber() != requiredSequence)
                            || (requireEmpty && !block.isEmpty())) {
                        restore(affKey);
                        return false;
                    }
                }
                Optional<Versioned> aff = store.ds.get(affKey);
                if (aff.isPresent()) {
                    BlockAffinity a = (BlockAffinity) aff.get().value();
                    if (a.state() != AffinityState.PENDING_DELETION) {
                        store.ds.update(affKey, a.withState(AffinityState.PENDING_DELETION), aff.get().revision());
                    }
                }
                if (b.isPresent()) {
                    IpamBlock block = IpamStore.block(b.get());
                    if (block.affinityHost().map(host::equals).orElse(false)) {
                        if (block.isEmpty()) {
                            store.ds.delete(blockKey, b.get().revision());
                        } else {
                            store.ds.update(blockKey, block.withAffinity(null, null), b.get().revision());
                        }
                    }
                }
                Optional<Versioned> again = store.ds.get(affKey);
                if (again.isPresent()) {
                    store.ds.delete(affKey, again.get().revision());
                }
                return true;
            } catch (RuntimeException e) {
                if (!IpamStore.lostRace(e)) {
                    throw e;
                }
            }
        }
        throw IpamStore.tooManyRetries();
    }

    /** Deletes a stale affinity (its block belongs to someone else), if it is still as read. */
    void deleteStale(Versioned affinity) {
        deleteQuietly(affinity.key(), affinity.revision());
    }

    private void deleteQuietly(ResourceKey key, long revision) {
        try {
            store.ds.delete(key, revision);
        } catch (RuntimeException e) {
            if (!IpamStore.lostRace(e)) {
                throw e;
            }
        }
    }

    /** Puts an affinity a release left in pendingDeletion back to confirmed (the block turned out to be in use). */
    private void restore(ResourceKey key) {
        Optional<Versioned> aff = store.ds.get(key);
        if (aff.isPresent() && ((BlockAffinity) aff.get().value()).state() == AffinityState.PENDING_DELETION) {
            try {
                store.ds.update(key, ((BlockAffinity) aff.get().value()).withState(AffinityState.CONFIRMED), aff.get().revision());
            } catch (RuntimeException e) {
                if (!IpamStore.lostRace(e)) {
                    throw e;
                }
            }
        }
    }
}
