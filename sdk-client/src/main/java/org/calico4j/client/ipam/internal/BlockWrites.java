package org.calico4j.client.ipam.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.ListResult;
import org.calico4j.client.spi.Read;
import org.calico4j.client.spi.Versioned;
import org.calico4j.client.spi.Write;
import org.calico4j.model.ipam.IpamBlock;
import org.calico4j.model.net.Cidr;
import org.jspecify.annotations.Nullable;

/**
 * The compare-and-swap writes of a block edit together with the handle counts it changes.
 *
 * <p>On a {@linkplain Datastore#transactional() transactional} store the block and its handles are written in one
 * transaction, each compared with the revision read: nothing is ever written half, so there is nothing to put back
 * after a lost race. Other stores get libcalico-go's sequence: an assignment counts its addresses on the handle
 * first, writes the block, and takes the count back if the block write loses; a release writes the block, then
 * decrements each handle. The block, its addresses and the handles end the same either way.
 */
final class BlockWrites {
    /** How many handle records {@link #written} keeps before it starts over. */
    private static final int HANDLES_KEPT = 4096;

    private final IpamStore store;
    /**
     * The handle records this IPAM wrote last, by ID: a release commits against them without reading the handles
     * first. They are only a guess: the transaction compares each one's revision, and a stale one loses the race,
     * is dropped, and is read.
     */
    private final Map<String, Versioned> written = new ConcurrentHashMap<>();

    BlockWrites(IpamStore store) {
        this.store = store;
    }

    /**
     * What one request knows of its handle's record: unknown until read, then absent or the record, kept current
     * by the request's own writes and forgotten on a lost race.
     */
    static final class HandleRecord {
        final String id;
        private boolean known;
        private @Nullable Versioned record;

        HandleRecord(String id) {
            this.id = id;
        }

        /** A handle read in the request's first snapshot. */
        static HandleRecord read(String id, ListResult read) {
            HandleRecord h = new HandleRecord(id);
            h.known = true;
            h.record = only(read);
            return h;
        }
    }

    /**
     * The block at {@code cidr}, read together with {@code handle}'s record when the request no longer knows it.
     *
     * @return the block, or empty when there is none
     */
    Optional<Versioned> readBlock(Cidr cidr, @Nullable HandleRecord handle) {
        if (handle == null || handle.known || !store.ds.transactional()) {
            return store.block(cidr);
        }
        List<ListResult> r = store.ds.read(List.of(Read.key(IpamStore.blockKey(cidr)), Read.key(IpamStore.handleKey(handle.id))));
        handle.known = true;
        handle.record = only(r.get(1));
        return Optional.ofNullable(only(r.get(0)));
    }

    /** The value a read of one key found, or null. */
    static @Nullable Versioned only(ListResult r) {
        return r.items().isEmpty() ? null : r.items().get(0);
    }

    /**
     * Writes an allocating edit of the block read as {@code cur}, counting its addresses on {@code handle}.
     *
     * @return false when another writer changed the block or the handle first (read again and retry)
     */
    boolean allocate(Versioned cur, BlockOps.Edit e, @Nullable HandleRecord handle) {
        Cidr cidr = e.block().cidr();
        int n = e.ips().size();
        if (!store.ds.transactional()) {
            if (handle != null) {
                store.adjustHandle(handle.id, cidr, n);
            }
            try {
                store.ds.update(cur.key(), e.block(), cur.revision());
                return true;
            } catch (RuntimeException ex) {
                if (handle != null) {
                    store.adjustHandle(handle.id, cidr, -n);
                }
                if (!IpamStore.lostRace(ex)) {
                    throw ex;
                }
                return false;
            }
        }
        Write counted = null;
        if (handle != null) {
            if (!handle.known) {
                handle.record = store.ds.get(IpamStore.handleKey(handle.id)).orElse(null);
                handle.known = true;
            }
            counted = IpamStore.handleWrite(handle.id, handle.record, cidr, n);
        }
        Write block = Write.update(cur.key(), e.block(), cur.revision());
        try {
            List<Versioned> out = store.ds.commit(counted == null ? List.of(block) : List.of(counted, block));
            if (counted != null) {
                handle.record = out.get(0);
                remember(handle.id, out.get(0));
            }
            return true;
        } catch (RuntimeException ex) {
            if (!IpamStore.lostRace(ex)) {
                throw ex;
            }
            if (handle != null) {
                handle.known = false;
                written.remove(handle.id);
            }
            return false;
        }
    }

    /**
     * Applies a releasing edit to the block at {@code cidr} with compare-and-swap, deleting a block left empty
     * that no host owns, and takes the released addresses off their handles.
     *
     * @param preRead the block as the caller read it (empty: read, absent), or null to read it here
     * @param handles the handle records the caller knows (empty: read, absent); updated with what is written
     * @return the edit applied; null when there is no block
     */
    BlockOps.@Nullable Edit release(Cidr cidr, Function<IpamBlock, BlockOps.Edit> edit, @Nullable Optional<Versioned> preRead,
                                    Map<String, Optional<Versioned>> handles) {
        Optional<Versioned> read = preRead;
        for (int i = 0; i < IpamStore.RETRIES; i++) {
            Optional<Versioned> v = read != null ? read : store.block(cidr);
            read = null;
            if (v.isEmpty()) {
                return null;
            }
            BlockOps.Edit e = edit.apply(IpamStore.block(v.get()));
            if (e.ips().isEmpty()) {
                return e;
            }
            Write block = e.block().isEmpty() && e.block().affinity().isEmpty() ? Write.delete(v.get().key(), v.get().revision())
                    : Write.update(v.get().key(), e.block(), v.get().revision());
            try {
                if (store.ds.transactional() && e.perHandle().size() < Datastore.MAX_BATCH) {
                    commitWithHandles(cidr, block, e.perHandle(), handles);
                } else {
                    store.ds.commit(List.of(block));
                    e.perHandle().forEach((h, n) -> store.adjustHandle(h, cidr, -n));
                }
                return e;
            } catch (RuntimeException ex) {
                if (!IpamStore.lostRace(ex)) {
                    throw ex;
                }
                handles.keySet().forEach(written::remove);
                handles.clear();
            }
        }
        throw IpamStore.tooManyRetries();
    }

    private void commitWithHandles(Cidr cidr, Write block, Map<String, Integer> perHandle, Map<String, Optional<Versioned>> handles) {
        List<Read> unknown = new ArrayList<>();
        perHandle.forEach((h, n) -> {
            if (!handles.containsKey(h)) {
                Versioned mine = written.get(h);
                // A record that counts nothing of this block would give no write, and so no compare: read it.
                if (mine != null && IpamStore.handleWrite(h, mine, cidr, -n) != null) {
                    handles.put(h, Optional.of(mine));
                } else {
                    unknown.add(Read.key(IpamStore.handleKey(h)));
                }
            }
        });
        if (!unknown.isEmpty()) {
            List<ListResult> r = store.ds.read(unknown);
            for (int i = 0; i < unknown.size(); i++) {
                handles.put(unknown.get(i).name(), Optional.ofNullable(only(r.get(i))));
            }
        }
        List<Write> writes = new ArrayList<>(1 + perHandle.size());
        writes.add(block);
        List<String> decremented = new ArrayList<>(perHandle.size());
        perHandle.forEach((h, n) -> {
            Write w = IpamStore.handleWrite(h, handles.get(h).orElse(null), cidr, -n);
            if (w != null) {
                writes.add(w);
                decremented.add(h);
            }
        });
        List<Versioned> out = store.ds.commit(writes);
        for (int i = 0; i < decremented.size(); i++) {
            String h = decremented.get(i);
            if (writes.get(i + 1).op() == Write.Op.DELETE) {
                handles.put(h, Optional.empty());
                written.remove(h);
            } else {
                handles.put(h, Optional.of(out.get(i + 1)));
                remember(h, out.get(i + 1));
            }
        }
    }

    /** Keeps the newer of two records of one handle that racing requests of this IPAM wrote. */
    private void remember(String handle, Versioned record) {
        if (written.size() >= HANDLES_KEPT) {
            written.clear();
        }
        written.merge(handle, record, (a, b) -> a.revision() >= b.revision() ? a : b);
    }
}
