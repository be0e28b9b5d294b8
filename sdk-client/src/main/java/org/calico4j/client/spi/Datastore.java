package org.calico4j.client.spi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.calico4j.client.ResourceVersionTooOldException;
import org.calico4j.model.Kind;
import org.calico4j.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * Where calico4j keeps resources: a small, revisioned key-value contract with Calico's datastore
 * semantics (etcd v3's, which the in-memory and file stores imitate).
 *
 * <pre>{@code
 * Datastore ds = MemoryDatastore.create();
 * Versioned v = ds.create(ResourceKey.of(pool), pool);
 * }</pre>
 *
 * <h2>Semantics every implementation keeps (checked by the Datastore TCK)</h2>
 * <ul>
 *   <li><b>Revisions.</b> One store-wide revision counter, starting above 0 and increasing by
 *   exactly 1 with every successful write (create, update, delete, or a {@linkplain #commit transaction},
 *   whose writes all get the one new revision, as in etcd). A stored value's revision is the revision of
 *   the write that last modified it.</li>
 *   <li><b>Transactions</b> (stores whose {@link #transactional()} is true). {@link #commit} applies up to
 *   {@link #MAX_BATCH} conditional writes to distinct keys all together or not at all: no reader, list
 *   or watcher ever sees some of them without the others, and a failed condition throws the exception
 *   its single-key call would (the first failing write in order) with nothing applied. Watchers get
 *   one event per write, in the order written, all with the transaction's revision, and only the last
 *   a watch delivers of that revision has {@link DatastoreEvent#endsRevision()} true.</li>
 *   <li><b>Batched reads.</b> {@link #read} reads up to {@link #MAX_BATCH} keys and name prefixes at one
 *   revision (a consistent snapshot), in one round trip where the store has round trips.</li>
 *   <li><b>Conditional writes.</b> {@link #create} fails with {@code AlreadyExistsException}
 *   (carrying the stored value) if the key exists; {@link #update} and {@link #delete} with a
 *   non-zero expected revision fail with {@code ConflictException} (carrying the stored value)
 *   when it differs, and {@code NotFoundException} when the key is absent. Writes to one key are
 *   linearizable: of two racing conditional writes exactly one wins.</li>
 *   <li><b>Values.</b> Stored values are returned equal to what was written, except that their
 *   {@code metadata.resourceVersion} is set to their revision (as Calico's backends return them);
 *   the datastore never interprets them beyond the key.</li>
 *   <li><b>Lists.</b> {@link #list} at revision 0 reads the latest state; at revision r it reads
 *   the state as of r (an MVCC snapshot), or fails with {@code ResourceVersionTooOldException}
 *   when r was compacted away, or {@code DatastoreException} when r is in the future.</li>
 *   <li><b>Watches.</b> {@link #watch} from revision r delivers every change with revision > r,
 *   in order, exactly once, to one listener thread, until closed; if r is older than the oldest
 *   revision kept the listener gets {@code ResourceVersionTooOldException} and nothing else.
 *   A watch from the revision of a list misses nothing and repeats nothing.</li>
 *   <li><b>Notices.</b> A store that can lose its connection or shares its keys with other
 *   writers (etcd) tells the listener, in order with the events, when a watch is disconnected,
 *   resumed or re-listed, and which stored values it skipped because it cannot decode them
 *   ({@link DatastoreListener#onNotice}); lists report such values in {@link ListResult#skipped()}.
 *   Stores that own their data and cannot be disconnected (memory, file) never send notices.</li>
 *   <li><b>Errors.</b> Every failure is a {@code CalicoException}: not found, already exists,
 *   conflict, too old, or {@code DatastoreException} with {@code retryable()} telling whether
 *   the same call may succeed later.</li>
 * </ul>
 *
 * <p>Implementations are thread-safe. The creator of a datastore closes it; closing ends its
 * watches (their listeners get no further events) and makes every later call fail.
 */
public interface Datastore extends AutoCloseable {
    /** The most reads of one {@link #read} and writes of one {@link #commit}: etcd's default {@code --max-txn-ops}. */
    int MAX_BATCH = 128;

    /**
     * The latest stored value of {@code key}.
     *
     * @param key kind, namespace and name
     * @return the value with its revision, or empty
     */
    Optional<Versioned> get(ResourceKey key);

    /**
     * Every resource of {@code kind}, at {@code revision} (0 = latest).
     *
     * @param kind     the kind to list
     * @param revision the MVCC revision to read at, 0 for the latest
     * @return the values, the revision read at, and the values skipped as undecodable
     */
    ListResult list(Kind kind, long revision);

    /**
     * The resources of {@code kind} whose names start with {@code namePrefix}, at {@code revision}
     * (0 = latest), with the semantics of {@link #list(Kind, long)}. IPAM lists one host's block
     * affinities this way ({@code "node-1/"}); stores override it when they can read such a range
     * without scanning the kind.
     *
     * @param kind       the kind to list
     * @param namePrefix the names' common prefix; empty for all
     * @param revision   the MVCC revision to read at, 0 for the latest
     * @return the matching values and the revision read at
     */
    default ListResult list(Kind kind, String namePrefix, long revision) {
        ListResult all = list(kind, revision);
        if (namePrefix.isEmpty()) {
            return all;
        }
        return new ListResult(all.items().stream().filter(v -> v.key().name().startsWith(namePrefix)).toList(),
                all.revision());
    }

    /**
     * Stores a new resource; fails if the key exists.
     *
     * @param key   where to store it
     * @param value the resource
     * @return the stored value with its revision
     * @throws org.calico4j.client.AlreadyExistsException carrying the stored value
     */
    Versioned create(ResourceKey key, Resource value);

    /**
     * Replaces a stored resource if its revision is {@code expectedRevision} (0 = any).
     *
     * @param key              where it is stored
     * @param value            the new value
     * @param expectedRevision the precondition, 0 for none
     * @return the stored value with its new revision
     * @throws org.calico4j.client.ConflictException carrying the stored value when the revision differs
     */
    Versioned update(ResourceKey key, Resource value, long expectedRevision);

    /**
     * Removes a stored resource if its revision is {@code expectedRevision} (0 = any).
     *
     * @param key              where it is stored
     * @param expectedRevision the precondition, 0 for none
     * @return what was removed
     * @throws org.calico4j.client.NotFoundException when the key is absent
     */
    Versioned delete(ResourceKey key, long expectedRevision);

    /**
     * Several reads at one revision: for each read, in order, what {@link #get} (zero or one item) or
     * {@link #list(Kind, String, long)} would have returned at that revision. Stores with round trips
     * override it to read everything in one; this default lists each read at the store's current revision.
     *
     * @param reads keys and name prefixes, at most {@link #MAX_BATCH}
     * @return one result per read, all with the same revision
     * @throws IllegalArgumentException if there are no reads or more than {@link #MAX_BATCH}
     */
    default List<ListResult> read(List<Read> reads) {
        return readAtOneRevision(this, reads);
    }

    /**
     * The default {@link #read}, for wrappers that forward everything else: each read listed at
     * {@code ds}'s current revision, keys picked out of the listing of their name.
     *
     * @param ds    the store to read
     * @param reads keys and name prefixes, at most {@link #MAX_BATCH}
     * @return one result per read, all with the same revision
     */
    static List<ListResult> readAtOneRevision(Datastore ds, List<Read> reads) {
        checkBatch(reads.size(), "reads");
        for (int attempt = 1; ; attempt++) {
            long rev = ds.revision();
            try {
                List<ListResult> out = new ArrayList<>(reads.size());
                for (Read r : reads) {
                    ListResult l = ds.list(r.kind(), r.name(), rev);
                    if (!r.isPrefix()) {
                        ResourceKey k = r.resourceKey();
                        l = new ListResult(l.items().stream().filter(v -> v.key().equals(k)).toList(), l.revision(),
                                l.skipped().stream().filter(s -> s.key().endsWith("/" + k.name())).toList());
                    }
                    out.add(l);
                }
                return out;
            } catch (ResourceVersionTooOldException e) {
                // A store with a short history compacted the revision between the reads: read again at a newer one.
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /**
     * Whether {@link #commit} applies several writes atomically; when false it takes one write only.
     *
     * @return true for the memory, file and etcd stores; false by default
     */
    default boolean transactional() {
        return false;
    }

    /**
     * Applies {@code writes} all together, with one new revision, or none of them (see the class
     * documentation). A store that is not {@link #transactional()} takes a single write only.
     *
     * @param writes conditional writes to distinct keys, at most {@link #MAX_BATCH}
     * @return per write, in order, what its single-key call returns: the stored value, or for a delete
     *         the value removed
     * @throws org.calico4j.client.AlreadyExistsException for a create of an existing key, nothing applied
     * @throws org.calico4j.client.ConflictException for a key at another revision, nothing applied
     * @throws org.calico4j.client.NotFoundException for an update or delete of an absent key, nothing applied
     * @throws IllegalArgumentException if there are no writes, more than {@link #MAX_BATCH}, or two for one key
     * @throws UnsupportedOperationException for several writes on a store that is not transactional
     */
    default List<Versioned> commit(List<Write> writes) {
        return commitSingleWrite(this, writes);
    }

    /**
     * The default {@link #commit} of a store that is not transactional, for wrappers that forward
     * everything else: one write, through its single-key call.
     *
     * @param ds     the store to write
     * @param writes one write
     * @return what its single-key call returns
     * @throws UnsupportedOperationException for several writes
     */
    static List<Versioned> commitSingleWrite(Datastore ds, List<Write> writes) {
        checkWrites(writes);
        if (writes.size() > 1) {
            throw new UnsupportedOperationException(ds.describe() + " cannot apply several writes atomically");
        }
        Write w = writes.get(0);
        return List.of(switch (w.op()) {
            case CREATE -> ds.create(w.key(), w.value());
            case UPDATE -> ds.update(w.key(), w.value(), w.expectedRevision());
            case DELETE -> ds.delete(w.key(), w.expectedRevision());
        });
    }

    /**
     * Checks a transaction's shape: one to {@link #MAX_BATCH} writes, each to another key.
     *
     * @param writes the writes
     * @throws IllegalArgumentException if the batch is empty, too big, or writes a key twice
     */
    static void checkWrites(List<Write> writes) {
        int n = writes.size();
        checkBatch(n, "writes");
        // IPAM's transactions write two or three keys: compare them pairwise rather than build a set.
        Set<ResourceKey> seen = n > 8 ? new HashSet<>() : null;
        for (int i = 0; i < n; i++) {
            ResourceKey k = writes.get(i).key();
            boolean twice = false;
            if (seen != null) {
                twice = !seen.add(k);
            } else {
                for (int j = 0; j < i && !twice; j++) {
                    twice = writes.get(j).key().equals(k);
                }
            }
            if (twice) {
                throw new IllegalArgumentException("a transaction writes " + k + " twice");
            }
        }
    }

    /**
     * Checks a batch's size: one to {@link #MAX_BATCH}.
     *
     * @param size how many reads or writes
     * @param what "reads" or "writes", for the message
     * @throws IllegalArgumentException if the size is out of range
     */
    static void checkBatch(int size, String what) {
        if (size < 1 || size > MAX_BATCH) {
            throw new IllegalArgumentException("a batch takes 1 to " + MAX_BATCH + " " + what + ", not " + size);
        }
    }

    /**
     * Watches {@code kind} (or every kind, when null) for changes after {@code afterRevision}.
     *
     * @param kind          the kind to watch, or null for every kind
     * @param afterRevision changes with a higher revision are delivered
     * @param listener      receives events and notices on one thread, in order
     * @return the watch; the caller closes it
     */
    DatastoreWatch watch(@Nullable Kind kind, long afterRevision, DatastoreListener listener);

    /**
     * The store's current revision (that of the last write).
     *
     * @return the revision of the last write (a store starts above 0)
     */
    long revision();

    /**
     * A short description for messages, e.g. {@code memory:} or {@code file:/var/lib/calico4j}.
     *
     * @return the description, without credentials
     */
    String describe();

    /**
     * Ends the watches and releases the store; every later call fails.
     */
    @Override
    void close();
}
