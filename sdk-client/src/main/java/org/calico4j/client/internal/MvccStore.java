package org.calico4j.client.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.calico4j.client.AlreadyExistsException;
import org.calico4j.client.ConflictException;
import org.calico4j.client.DatastoreException;
import org.calico4j.client.NotFoundException;
import org.calico4j.client.ResourceVersionTooOldException;
import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.DatastoreEvent;
import org.calico4j.client.spi.DatastoreListener;
import org.calico4j.client.spi.DatastoreWatch;
import org.calico4j.client.spi.ListResult;
import org.calico4j.client.spi.Read;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Versioned;
import org.calico4j.client.spi.Write;
import org.calico4j.model.IpPool;
import org.calico4j.model.Kind;
import org.calico4j.model.Resource;
import org.calico4j.model.net.Cidr;
import org.jspecify.annotations.Nullable;

/**
 * The MVCC engine behind the in-memory and file datastores: one revision counter, per-key
 * version histories for lists at a revision, and a bounded event log for watches. A write is
 * checked, handed to an optional {@link Persister} (the file store's write-ahead log), and only
 * then made visible, all under one write lock, so readers never see a write that was not
 * persisted and watchers see writes in revision order.
 */
public final class MvccStore {
    /** Makes changes durable before they become visible; throwing aborts the write. */
    @FunctionalInterface
    public interface Persister {
        /**
         * Makes {@code changes} durable, all or none of them: one write's change, or a transaction's
         * changes, which share one revision.
         *
         * @param changes the changes about to become visible, in order
         */
        void persist(List<Change> changes);
    }

    /**
     * One committed change: the value at {@code revision}, or null for a delete.
     *
     * @param revision the store revision the change gets
     * @param key      the resource
     * @param value    the new value; null for a delete
     */
    public record Change(long revision, ResourceKey key, @Nullable Resource value) {
    }

    private record Version(long revision, @Nullable Resource value) {
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<Kind, TreeMap<ResourceKey, ArrayDeque<Version>>> byKind = new EnumMap<>(Kind.class);
    /** The same histories by key, for reads and writes of one key (byKind's order serves the lists). */
    private final HashMap<ResourceKey, ArrayDeque<Version>> byKey = new HashMap<>();
    private final ArrayDeque<DatastoreEvent> log = new ArrayDeque<>();
    private final List<WatchImpl> watches = new CopyOnWriteArrayList<>();
    private final PoolRangeIndex pools = new PoolRangeIndex();
    private final int historyLimit;
    private final String name;
    private long revision;
    private long compactRevision;
    private boolean closed;

    /**
     * {@code historyLimit}: how many past changes are kept for watches and lists at a revision.
     *
     * @param name         the store's name, for messages and logs
     * @param historyLimit how many past changes are kept, at least 1
     * @throws IllegalArgumentException if {@code historyLimit < 1}
     */
    public MvccStore(String name, int historyLimit) {
        if (historyLimit < 1) {
            throw new IllegalArgumentException("historyLimit must be positive: " + historyLimit);
        }
        this.name = name;
        this.historyLimit = historyLimit;
        for (Kind k : Kind.values()) {
            byKind.put(k, new TreeMap<>());
        }
    }

    // ---------------------------------------------------------------- reads

    /**
     * The latest value of {@code key}.
     *
     * @param key the resource
     * @return its value and revision, or empty when it does not exist
     * @throws org.calico4j.client.DatastoreException if the store is closed
     */
    public Optional<Versioned> get(ResourceKey key) {
        lock.readLock().lock();
        try {
            checkOpen();
            ArrayDeque<Version> h = byKey.get(key);
            if (h == null) {
                return Optional.empty();
            }
            Version v = h.peekLast();
            return v.value() == null ? Optional.empty() : Optional.of(new Versioned(key, v.value(), v.revision()));
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The values of {@code kind} whose names start with {@code namePrefix}, at revision {@code at} (0 = latest).
     *
     * @param kind       the kind
     * @param namePrefix the start of the names wanted ({@code ""} for all)
     * @param at         the revision, or 0 for the latest
     * @return the values and the revision they are at
     * @throws org.calico4j.client.ResourceVersionTooOldException if {@code at} was compacted away
     * @throws org.calico4j.client.DatastoreException if {@code at} is in the future or the store is closed
     */
    public ListResult list(Kind kind, String namePrefix, long at) {
        lock.readLock().lock();
        try {
            checkOpen();
            long rev = at == 0 ? revision : at;
            if (rev > revision) {
                throw new DatastoreException("revision " + at + " is in the future (the store is at " + revision + ")", true);
            }
            if (rev < compactRevision) {
                throw new ResourceVersionTooOldException(at, compactRevision);
            }
            List<Versioned> out = new ArrayList<>();
            TreeMap<ResourceKey, ArrayDeque<Version>> all = byKind.get(kind);
            // Cluster-scoped names sort together, so a name prefix is one contiguous range.
            Map<ResourceKey, ArrayDeque<Version>> range = namePrefix.isEmpty() || kind.namespaced() ? all
                    : all.tailMap(new ResourceKey(kind, "", namePrefix), true);
            for (Map.Entry<ResourceKey, ArrayDeque<Version>> e : range.entrySet()) {
                if (!e.getKey().name().startsWith(namePrefix)) {
                    if (kind.namespaced()) {
                        continue;
                    }
                    break;
                }
                Version v = at(e.getValue(), rev);
                if (v != null && v.value() != null) {
                    out.add(new Versioned(e.getKey(), v.value(), v.revision()));
                }
            }
            return new ListResult(out, rev);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Several reads at the latest revision, under one lock (see {@link Datastore#read}).
     *
     * @param reads keys and name prefixes
     * @return one result per read, all at the same revision
     * @throws org.calico4j.client.DatastoreException if the store is closed
     */
    public List<ListResult> read(List<Read> reads) {
        Datastore.checkBatch(reads.size(), "reads");
        lock.readLock().lock();
        try {
            checkOpen();
            List<ListResult> out = new ArrayList<>(reads.size());
            for (Read r : reads) {
                if (r.isPrefix()) {
                    out.add(list(r.kind(), r.name(), 0));
                } else {
                    ResourceKey key = r.resourceKey();
                    ArrayDeque<Version> h = byKey.get(key);
                    Version v = h == null ? null : h.peekLast();
                    out.add(new ListResult(v == null || v.value() == null ? List.of()
                            : List.of(new Versioned(key, v.value(), v.revision())), revision));
                }
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    private static @Nullable Version at(ArrayDeque<Version> h, long rev) {
        for (Iterator<Version> it = h.descendingIterator(); it.hasNext(); ) {
            Version v = it.next();
            if (v.revision() <= rev) {
                return v;
            }
        }
        return null;
    }

    /**
     * The latest pools whose CIDR overlaps {@code network}, in name order (see {@link org.calico4j.client.spi.PoolRanges}).
     *
     * @param network the CIDR to check
     * @return the overlapping pools; empty when none
     */
    public List<IpPool> poolsOverlapping(Cidr network) {
        lock.readLock().lock();
        try {
            checkOpen();
            List<IpPool> out = new ArrayList<>();
            for (String name : pools.overlapping(network)) {
                out.add((IpPool) byKey.get(ResourceKey.of(Kind.IP_POOL, name)).peekLast().value());
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * {@return the revision of the last write}
     *
     * @throws org.calico4j.client.DatastoreException if the store is closed
     */
    public long revision() {
        lock.readLock().lock();
        try {
            checkOpen();
            return revision;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The revision of the last write, also after close (for the final snapshot of a closing store).
     *
     * @return the revision
     */
    public long lastRevision() {
        lock.readLock().lock();
        try {
            return revision;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Every live value, for snapshots.
     *
     * @return the values with their revisions
     */
    public List<Versioned> all() {
        lock.readLock().lock();
        try {
            List<Versioned> out = new ArrayList<>();
            for (Kind k : Kind.values()) {
                for (Map.Entry<ResourceKey, ArrayDeque<Version>> e : byKind.get(k).entrySet()) {
                    Version v = e.getValue().peekLast();
                    if (v.value() != null) {
                        out.add(new Versioned(e.getKey(), v.value(), v.revision()));
                    }
                }
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------- writes

    /**
     * Stores a new value.
     *
     * @param key       the resource
     * @param value     its value
     * @param persister makes the change durable first, or null
     * @return the stored value and its revision
     * @throws org.calico4j.client.AlreadyExistsException if {@code key} exists
     * @throws org.calico4j.client.DatastoreException if the store is closed
     */
    public Versioned create(ResourceKey key, Resource value, @Nullable Persister persister) {
        lock.writeLock().lock();
        try {
            checkOpen();
            absent(key);
            return commitOne(new Change(revision + 1, key, value), persister);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Checks that a create may store {@code key}: it does not exist. */
    private void absent(ResourceKey key) {
        Optional<Versioned> cur = get(key);
        if (cur.isPresent()) {
            throw new AlreadyExistsException(key, Versions.withVersion(cur.get()));
        }
    }

    /** The stored value a conditional write may replace: it exists and has the expected revision (0 = any). */
    private Versioned replaceable(ResourceKey key, long expected) {
        Versioned cur = get(key).orElseThrow(() -> new NotFoundException(key));
        if (expected != 0 && cur.revision() != expected) {
            throw new ConflictException(key, expected, Versions.withVersion(cur));
        }
        return cur;
    }

    /**
     * Replaces an existing value.
     *
     * @param key       the resource
     * @param value     its new value
     * @param expected  the revision it must be at, or 0 for any
     * @param persister makes the change durable first, or null
     * @return the stored value and its revision
     * @throws org.calico4j.client.NotFoundException if {@code key} does not exist
     * @throws org.calico4j.client.ConflictException if it is at another revision
     * @throws org.calico4j.client.DatastoreException if the store is closed
     */
    public Versioned update(ResourceKey key, Resource value, long expected, @Nullable Persister persister) {
        lock.writeLock().lock();
        try {
            checkOpen();
            replaceable(key, expected);
            return commitOne(new Change(revision + 1, key, value), persister);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Deletes an existing value.
     *
     * @param key       the resource
     * @param expected  the revision it must be at, or 0 for any
     * @param persister makes the change durable first, or null
     * @return the value deleted and its revision
     * @throws org.calico4j.client.NotFoundException if {@code key} does not exist
     * @throws org.calico4j.client.ConflictException if it is at another revision
     * @throws org.calico4j.client.DatastoreException if the store is closed
     */
    public Versioned delete(ResourceKey key, long expected, @Nullable Persister persister) {
        lock.writeLock().lock();
        try {
            checkOpen();
            Versioned cur = replaceable(key, expected);
            commitOne(new Change(revision + 1, key, null), persister);
            return cur;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Applies a transaction: every write's condition is checked first, then all are made durable and
     * visible with one new revision (see {@link Datastore#commit}).
     *
     * @param writes    conditional writes to distinct keys
     * @param persister makes the changes durable first, or null
     * @return per write, the stored value, or for a delete the value removed
     * @throws org.calico4j.client.AlreadyExistsException if a created key exists (nothing applied)
     * @throws org.calico4j.client.NotFoundException if an updated or deleted key does not exist (nothing applied)
     * @throws org.calico4j.client.ConflictException if a key is at another revision (nothing applied)
     * @throws org.calico4j.client.DatastoreException if the store is closed
     */
    public List<Versioned> commit(List<Write> writes, @Nullable Persister persister) {
        Datastore.checkWrites(writes);
        lock.writeLock().lock();
        try {
            checkOpen();
            long rev = revision + 1;
            List<Change> changes = new ArrayList<>(writes.size());
            for (Write w : writes) {
                if (w.op() == Write.Op.CREATE) {
                    absent(w.key());
                } else {
                    replaceable(w.key(), w.expectedRevision());
                }
                changes.add(stamped(new Change(rev, w.key(), w.value())));
            }
            if (persister != null) {
                persister.persist(changes);
            }
            return applyAll(changes);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Replays one write's changes, or one transaction's, read back from durable storage (no checks, no persistence).
     *
     * @param changes the changes, all with the same revision
     */
    public void replay(List<Change> changes) {
        lock.writeLock().lock();
        try {
            long rev = changes.get(0).revision();
            if (rev <= revision) {
                throw new IllegalStateException("replayed revision " + rev + " is not after " + revision);
            }
            List<Change> stamped = new ArrayList<>(changes.size());
            for (Change c : changes) {
                if (c.revision() != rev) {
                    throw new IllegalStateException("a replayed transaction mixes revisions " + rev + " and " + c.revision());
                }
                stamped.add(stamped(c));
            }
            applyAll(stamped);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Starts an empty store at {@code rev} (a restored snapshot's revision); history before it is gone.
     *
     * @param rev the revision
     */
    public void startAt(long rev) {
        lock.writeLock().lock();
        try {
            revision = rev;
            compactRevision = rev;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Loads one value of a snapshot (no event, no revision change).
     *
     * @param v the value and its revision
     */
    public void load(Versioned v) {
        lock.writeLock().lock();
        try {
            ArrayDeque<Version> h = new ArrayDeque<>(2);
            h.add(new Version(v.revision(), Versions.stamp(v.value(), v.revision())));
            byKind.get(v.key().kind()).put(v.key(), h);
            byKey.put(v.key(), h);
            if (v.key().kind() == Kind.IP_POOL) {
                pools.put(v.key().name(), v.value() instanceof IpPool p ? p : null);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private Versioned commitOne(Change change, @Nullable Persister persister) {
        Change c = stamped(change);
        if (persister != null) {
            persister.persist(List.of(c));
        }
        return apply(c, null);
    }

    /** Makes one revision's durable changes visible, then hands their events to the watches together. */
    private List<Versioned> applyAll(List<Change> changes) {
        List<Versioned> out = new ArrayList<>(changes.size());
        List<DatastoreEvent> events = new ArrayList<>(changes.size());
        for (Change c : changes) {
            out.add(apply(c, events));
        }
        for (WatchImpl w : watches) {
            w.offerAll(events);
        }
        return out;
    }

    /** Values are kept with their resourceVersion, so that reads hand them out without copying. */
    private static Change stamped(Change change) {
        return new Change(change.revision(), change.key(), Versions.stampOrNull(change.value(), change.revision()));
    }

    /**
     * Makes a durable change visible: its key's history, the pool index, the event log, and the watches (now, or
     * when {@code batch} is given, by the caller once the batch of one revision is complete).
     */
    private Versioned apply(Change c, @Nullable List<DatastoreEvent> batch) {
        ArrayDeque<Version> h = byKey.get(c.key());
        if (h == null) {
            h = new ArrayDeque<>(2);
            byKey.put(c.key(), h);
            byKind.get(c.key().kind()).put(c.key(), h);
        }
        Version prev = h.peekLast();
        Versioned previous = prev == null || prev.value() == null ? null : new Versioned(c.key(), prev.value(), prev.revision());
        h.add(new Version(c.revision(), c.value()));
        revision = c.revision();
        if (c.key().kind() == Kind.IP_POOL) {
            pools.put(c.key().name(), c.value() instanceof IpPool p ? p : null);
        }
        Versioned now = c.value() == null ? null : new Versioned(c.key(), c.value(), c.revision());
        DatastoreEvent.Type type = c.value() == null ? DatastoreEvent.Type.DELETED
                : previous == null ? DatastoreEvent.Type.ADDED : DatastoreEvent.Type.MODIFIED;
        DatastoreEvent event = new DatastoreEvent(type, c.key(), c.revision(), now, previous, batch == null);
        log.addLast(event);
        while (log.size() > historyLimit) {
            DatastoreEvent dropped = log.removeFirst();
            compactRevision = dropped.revision();
            prune(dropped.key(), byKey.get(dropped.key()));
        }
        prune(c.key(), h);
        if (batch != null) {
            batch.add(event);
        } else {
            for (WatchImpl w : watches) {
                w.offer(event);
            }
        }
        return now != null ? now : previous;
    }

    /** Drops versions no list at a kept revision can need. */
    private void prune(ResourceKey key, @Nullable ArrayDeque<Version> h) {
        if (h == null) {
            return;
        }
        // Versions are in revision order: drop those before the last one at or below the compact revision.
        while (h.size() > 1 && secondRevision(h) <= compactRevision) {
            h.removeFirst();
        }
        if (h.size() == 1 && h.peekFirst().value() == null && h.peekFirst().revision() <= compactRevision) {
            byKind.get(key.kind()).remove(key);
            byKey.remove(key);
        }
    }

    private static long secondRevision(ArrayDeque<Version> h) {
        Iterator<Version> it = h.iterator();
        it.next();
        return it.next().revision();
    }

    // ---------------------------------------------------------------- watches

    /**
     * Watches changes after revision {@code after}; a revision compacted away or in the future is reported to
     * {@code listener} as an error, not thrown.
     *
     * @param kind     the kind to watch, or null for every kind
     * @param after    the revision after which changes are delivered
     * @param listener receives the events
     * @return the watch
     * @throws org.calico4j.client.DatastoreException if the store is closed
     */
    public DatastoreWatch watch(@Nullable Kind kind, long after, DatastoreListener listener) {
        lock.writeLock().lock();
        try {
            checkOpen();
            WatchImpl w = new WatchImpl(kind, listener, name);
            if (after < compactRevision) {
                w.fail(new ResourceVersionTooOldException(after, compactRevision));
                return w;
            }
            if (after > revision) {
                w.fail(new DatastoreException("watch revision " + after + " is in the future (the store is at "
                        + revision + ")", true));
                return w;
            }
            List<DatastoreEvent> missed = new ArrayList<>();
            for (DatastoreEvent e : log) {
                if (e.revision() > after) {
                    missed.add(e);
                }
            }
            w.offerAll(missed);
            watches.add(w);
            w.onClose(() -> watches.remove(w));
            return w;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Closes the store and every watch on it; later reads and writes throw. */
    public void close() {
        lock.writeLock().lock();
        try {
            closed = true;
            for (Iterator<WatchImpl> it = watches.iterator(); it.hasNext(); ) {
                it.next().close();
            }
            watches.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** {@return whether the store is closed} */
    public boolean isClosed() {
        return closed;
    }

    private void checkOpen() {
        if (closed) {
            throw new DatastoreException("datastore " + name + " is closed", false);
        }
    }
}
