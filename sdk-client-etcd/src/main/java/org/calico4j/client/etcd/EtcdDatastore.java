package org.calico4j.client.etcd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;

import org.calico4j.client.AlreadyExistsException;
import org.calico4j.client.ConflictException;
import org.calico4j.client.DatastoreException;
import org.calico4j.client.NotFoundException;
import org.calico4j.client.ResourceVersionTooOldException;
import org.calico4j.client.SkippedValue;
import org.calico4j.client.internal.Versions;
import org.calico4j.client.internal.WatchImpl;
import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.DatastoreListener;
import org.calico4j.client.spi.DatastoreWatch;
import org.calico4j.client.spi.ListResult;
import org.calico4j.client.spi.Read;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Versioned;
import org.calico4j.client.spi.Write;
import org.calico4j.model.Kind;
import org.calico4j.model.Resource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A datastore on etcd v3, sharing Calico's key layout and JSON, so calico4j and Calico's own
 * components can read each other's resources: keys {@code /calico/resources/v3/projectcalico.org/<plural>/<name>},
 * values the whole v3 object without {@code resourceVersion}/{@code selfLink}, resourceVersion =
 * the key's mod revision, and every write one single-key transaction with Calico's conditions. A
 * {@link #commit} of several writes is one etcd transaction comparing every key's revision, and a
 * {@link #read} of several keys and prefixes one read-only transaction (one snapshot, one round trip).
 *
 * <pre>{@code
 * try (Datastore ds = EtcdDatastore.open(EtcdOptions.fromUri(URI.create("etcd://127.0.0.1:2379")))) { ... }
 * CalicoClient client = CalicoClient.connect("etcd://127.0.0.1:2379");
 * }</pre>
 *
 * <p>Every call is bounded by {@link EtcdOptions#timeout()}: an unreachable etcd gives a retryable
 * {@link DatastoreException}, never a hang; once etcd accepts connections again a fresh connection
 * is made at once (gRPC's own backoff would wait many seconds). Watches resume across etcd
 * restarts from the last delivered revision (no loss, no repeat) and tell their listener
 * ({@link org.calico4j.client.WatchNotice}: disconnected, resumed); when etcd's history no longer
 * continues what a watch saw (restored from a backup or wiped) the watch lists again and says
 * so (RELISTED). A compacted revision ends a watch with {@link ResourceVersionTooOldException}
 * naming the revision the watch had reached.
 *
 * <p>etcd is shared with Calico: a stored value calico4j cannot decode (e.g. written by a newer
 * Calico with a field calico4j does not know) is skipped and reported with its key: in
 * {@link ListResult#skipped()} (and a WARN log) for lists, as a SKIPPED notice for watches; a
 * {@link #get} of that very key fails with a non-retryable {@link DatastoreException} naming it.
 * Thread-safe; the opener closes it.
 */
public final class EtcdDatastore implements Datastore {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdDatastore.class);
    private static final ByteSequence REVISION_PROBE = CalicoKeys.bytes("/calico/resources/v3/projectcalico.org/.calico4j-revision");

    private final EtcdOptions options;
    private final EtcdConnection conn;
    private final List<DatastoreWatch> watches = new CopyOnWriteArrayList<>();

    private EtcdDatastore(EtcdOptions options) {
        this.options = options;
        this.conn = new EtcdConnection(options);
    }

    /**
     * A datastore on the etcd cluster {@code options} names.
     *
     * <pre>{@code
     * try (EtcdDatastore ds = EtcdDatastore.open(EtcdOptions.fromUri(URI.create("etcd://127.0.0.1:2379")))) { ... }
     * }</pre>
     *
     * <p>The caller closes it, which ends its watches and its gRPC channel.
     *
     * @param options endpoints, TLS files, credentials and call timeout
     * @return the open datastore
     */
    public static EtcdDatastore open(EtcdOptions options) {
        return new EtcdDatastore(options);
    }

    // ------------------------------------------------------------------ plumbing

    private <T> T await(java.util.function.Function<Client, java.util.concurrent.CompletableFuture<T>> call, String what) {
        return conn.await(call, what);
    }

    static byte[] encode(Resource r) {
        return EtcdValues.encode(r);
    }

    static Resource decode(ResourceKey key, KeyValue kv) {
        return EtcdValues.decode(key, kv);
    }

    private static Versioned versioned(ResourceKey key, KeyValue kv) {
        return EtcdValues.versioned(key, kv);
    }

    private ByteSequence key(ResourceKey key) {
        try {
            return CalicoKeys.bytes(CalicoKeys.of(key));
        } catch (IllegalArgumentException e) {
            throw new NotFoundException(key);
        }
    }

    // ------------------------------------------------------------------ reads

    @Override
    public Optional<Versioned> get(ResourceKey key) {
        ByteSequence k;
        try {
            k = CalicoKeys.bytes(CalicoKeys.of(key));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        GetResponse r = await(c -> c.getKVClient().get(k), "get " + key);
        return r.getKvs().isEmpty() ? Optional.empty() : Optional.of(versioned(key, r.getKvs().get(0)));
    }

    @Override
    public ListResult list(Kind kind, long revision) {
        return list(kind, "", revision);
    }

    @Override
    public ListResult list(Kind kind, String namePrefix, long revision) {
        GetOption.Builder opt = GetOption.builder().isPrefix(true);
        if (revision != 0) {
            opt.withRevision(revision);
        }
        GetResponse r = await(c -> c.getKVClient().get(CalicoKeys.bytes(CalicoKeys.prefix(kind, namePrefix)), opt.build()),
                "list " + kind);
        return listResult(r.getKvs(), kind, namePrefix, revision != 0 ? revision : r.getHeader().getRevision());
    }

    /** Decodes what a range read returned; values that do not decode are skipped, reported and logged. */
    private ListResult listResult(List<KeyValue> kvs, Kind kind, String namePrefix, long revision) {
        List<Versioned> items = new ArrayList<>(kvs.size());
        List<SkippedValue> skipped = new ArrayList<>();
        for (KeyValue kv : kvs) {
            String etcdKey = kv.getKey().toString(StandardCharsets.UTF_8);
            Optional<ResourceKey> k = CalicoKeys.parse(etcdKey);
            if (k.isPresent() && k.get().kind() == kind && k.get().name().startsWith(namePrefix)) {
                try {
                    items.add(versioned(k.get(), kv));
                } catch (DatastoreException e) {
                    skipped.add(new SkippedValue(etcdKey, kv.getModRevision(), e.getMessage()));
                }
            }
        }
        if (!skipped.isEmpty()) {
            LOG.warn("etcd {}: skipped {} {} value(s) calico4j cannot read: {}", options, skipped.size(), kind.kindName(), skipped);
        }
        items.sort((a, b) -> a.key().compareTo(b.key()));
        return new ListResult(items, revision, skipped);
    }

    @Override
    public List<ListResult> read(List<Read> reads) {
        Datastore.checkBatch(reads.size(), "reads");
        List<ByteSequence> keys = new ArrayList<>(reads.size());
        List<Op> ops = new ArrayList<>(reads.size());
        for (Read r : reads) {
            ByteSequence k = null;
            if (r.isPrefix()) {
                k = CalicoKeys.bytes(CalicoKeys.prefix(r.kind(), r.name()));
            } else {
                try {
                    k = CalicoKeys.bytes(CalicoKeys.of(r.resourceKey()));
                } catch (IllegalArgumentException e) {
                    // a key etcd cannot hold is absent, as for get
                }
            }
            keys.add(k);
            if (k != null) {
                ops.add(Op.get(k, r.isPrefix() ? GetOption.builder().isPrefix(true).build() : GetOption.DEFAULT));
            }
        }
        TxnResponse t = await(c -> c.getKVClient().txn().Then(ops.toArray(Op[]::new)).commit(), "read " + reads.size() + " keys");
        long rev = t.getHeader().getRevision();
        List<ListResult> out = new ArrayList<>(reads.size());
        int answered = 0;
        for (int i = 0; i < reads.size(); i++) {
            Read r = reads.get(i);
            if (keys.get(i) == null) {
                out.add(new ListResult(List.of(), rev));
                continue;
            }
            List<KeyValue> kvs = t.getGetResponses().get(answered++).getKvs();
            if (r.isPrefix()) {
                out.add(listResult(kvs, r.kind(), r.name(), rev));
            } else {
                out.add(new ListResult(kvs.isEmpty() ? List.of() : List.of(versioned(r.resourceKey(), kvs.get(0))), rev));
            }
        }
        return out;
    }

    /**
     * For a watch that lists again: {@code kind} (or every kind calico4j knows, at one revision) read
     * through {@code client}, the connection's freshest.
     */
    List<ListResult> listAll(Client client, @Nullable Kind kind) {
        List<ListResult> out = new ArrayList<>();
        long rev = 0;
        for (Kind k : kind == null ? Kind.values() : new Kind[] {kind}) {
            GetOption.Builder opt = GetOption.builder().isPrefix(true);
            if (rev != 0) {
                opt.withRevision(rev);
            }
            GetResponse r = await(c -> client.getKVClient().get(CalicoKeys.bytes(CalicoKeys.prefix(k)), opt.build()), "list " + k);
            rev = rev != 0 ? rev : r.getHeader().getRevision();
            out.add(listResult(r.getKvs(), k, "", rev));
        }
        return out;
    }

    @Override
    public long revision() {
        return await(c -> c.getKVClient().get(REVISION_PROBE, GetOption.builder().withCountOnly(true).build()), "revision")
                .getHeader().getRevision();
    }

    // ------------------------------------------------------------------ writes

    @Override
    public Versioned create(ResourceKey key, Resource value) {
        ByteSequence k = key(key);
        TxnResponse r = await(c -> c.getKVClient().txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.version(0)))
                .Then(Op.put(k, ByteSequence.from(encode(value)), PutOption.DEFAULT))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit(), "create " + key);
        if (!r.isSucceeded()) {
            List<KeyValue> cur = r.getGetResponses().isEmpty() ? List.of() : r.getGetResponses().get(0).getKvs();
            throw new AlreadyExistsException(key, cur.isEmpty() ? null : decode(key, cur.get(0)));
        }
        long rev = r.getHeader().getRevision();
        return new Versioned(key, Versions.stamp(value, rev), rev);
    }

    @Override
    public Versioned update(ResourceKey key, Resource value, long expectedRevision) {
        ByteSequence k = key(key);
        Cmp cmp = expectedRevision == 0 ? new Cmp(k, Cmp.Op.GREATER, CmpTarget.version(0))
                : new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedRevision));
        TxnResponse r = await(c -> c.getKVClient().txn().If(cmp)
                .Then(Op.put(k, ByteSequence.from(encode(value)), PutOption.DEFAULT))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit(), "update " + key);
        if (!r.isSucceeded()) {
            throw failedCondition(key, expectedRevision, r);
        }
        long rev = r.getHeader().getRevision();
        return new Versioned(key, Versions.stamp(value, rev), rev);
    }

    @Override
    public Versioned delete(ResourceKey key, long expectedRevision) {
        ByteSequence k = key(key);
        Cmp cmp = expectedRevision == 0 ? new Cmp(k, Cmp.Op.GREATER, CmpTarget.version(0))
                : new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedRevision));
        TxnResponse r = await(c -> c.getKVClient().txn().If(cmp)
                .Then(Op.delete(k, DeleteOption.builder().withPrevKV(true).build()))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit(), "delete " + key);
        if (!r.isSucceeded()) {
            throw failedCondition(key, expectedRevision, r);
        }
        List<KeyValue> prev = r.getDeleteResponses().get(0).getPrevKvs();
        if (prev.isEmpty()) {
            throw new NotFoundException(key);
        }
        try {
            return versioned(key, prev.get(0));
        } catch (DatastoreException unreadable) {
            // The delete happened: say so rather than look like a failed call.
            throw new DatastoreException(key + " was deleted, but the value it had cannot be returned: "
                    + unreadable.getMessage(), false, unreadable);
        }
    }

    private static RuntimeException failedCondition(ResourceKey key, long expected, TxnResponse r) {
        List<KeyValue> cur = r.getGetResponses().isEmpty() ? List.of() : r.getGetResponses().get(0).getKvs();
        if (cur.isEmpty()) {
            return new NotFoundException(key);
        }
        return new ConflictException(key, expected, decode(key, cur.get(0)));
    }

    @Override
    public boolean transactional() {
        return true;
    }

    /**
     * One etcd transaction: if every key is at its expected revision (version 0 for a create), all the
     * puts and deletes; otherwise a read of every key, from which the first failing write's exception is
     * built as its single-key call would build it.
     */
    @Override
    public List<Versioned> commit(List<Write> writes) {
        Datastore.checkWrites(writes);
        int n = writes.size();
        Cmp[] cmps = new Cmp[n];
        Op[] then = new Op[n];
        Op[] orElse = new Op[n];
        for (int i = 0; i < n; i++) {
            Write w = writes.get(i);
            ByteSequence k = key(w.key());
            cmps[i] = switch (w.op()) {
                case CREATE -> new Cmp(k, Cmp.Op.EQUAL, CmpTarget.version(0));
                case UPDATE, DELETE -> w.expectedRevision() == 0 ? new Cmp(k, Cmp.Op.GREATER, CmpTarget.version(0))
                        : new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(w.expectedRevision()));
            };
            then[i] = w.op() == Write.Op.DELETE ? Op.delete(k, DeleteOption.builder().withPrevKV(true).build())
                    : Op.put(k, ByteSequence.from(encode(w.value())), PutOption.DEFAULT);
            orElse[i] = Op.get(k, GetOption.DEFAULT);
        }
        TxnResponse r = await(c -> c.getKVClient().txn().If(cmps).Then(then).Else(orElse).commit(),
                "commit " + n + " writes (" + writes.get(0).key() + ", ...)");
        if (!r.isSucceeded()) {
            throw firstFailure(writes, r);
        }
        long rev = r.getHeader().getRevision();
        List<Versioned> out = new ArrayList<>(n);
        int deletes = 0;
        for (Write w : writes) {
            if (w.op() != Write.Op.DELETE) {
                out.add(new Versioned(w.key(), Versions.stamp(w.value(), rev), rev));
                continue;
            }
            List<KeyValue> prev = r.getDeleteResponses().get(deletes++).getPrevKvs();
            try {
                out.add(versioned(w.key(), prev.get(0)));
            } catch (DatastoreException unreadable) {
                throw new DatastoreException(w.key() + " was deleted in a transaction, but the value it had cannot be returned: "
                        + unreadable.getMessage(), false, unreadable);
            }
        }
        return out;
    }

    /** The exception of the first write whose condition the stored values (read in the same transaction) fail. */
    private static RuntimeException firstFailure(List<Write> writes, TxnResponse r) {
        for (int i = 0; i < writes.size(); i++) {
            Write w = writes.get(i);
            List<KeyValue> cur = r.getGetResponses().get(i).getKvs();
            if (w.op() == Write.Op.CREATE) {
                if (!cur.isEmpty()) {
                    return new AlreadyExistsException(w.key(), decode(w.key(), cur.get(0)));
                }
            } else if (cur.isEmpty()) {
                return new NotFoundException(w.key());
            } else if (w.expectedRevision() != 0 && cur.get(0).getModRevision() != w.expectedRevision()) {
                return new ConflictException(w.key(), w.expectedRevision(), decode(w.key(), cur.get(0)));
            }
        }
        throw new IllegalStateException("etcd refused a transaction whose every condition its own reads satisfy: " + writes);
    }

    // ------------------------------------------------------------------ watches

    @Override
    public DatastoreWatch watch(@Nullable Kind kind, long afterRevision, DatastoreListener listener) {
        conn.checkOpen();
        WatchImpl delivery = new WatchImpl(kind, listener, options.toString());
        EtcdWatch w = new EtcdWatch(conn, this, kind, afterRevision, delivery);
        watches.add(delivery);
        delivery.onClose(() -> {
            w.close();
            watches.remove(delivery);
        });
        w.start();
        return delivery;
    }

    @Override
    public String describe() {
        return options.toString();
    }

    @Override
    public void close() {
        if (conn.isClosed()) {
            return;
        }
        for (DatastoreWatch w : watches) {
            w.close();
        }
        conn.close();
    }

    /**
     * For tests and tools: compacts etcd's history up to {@code revision}, as an operator or etcd itself would.
     *
     * @param revision the oldest revision to keep; watches and lists at an older one get
     *                 {@code ResourceVersionTooOldException}
     */
    public void compact(long revision) {
        await(c -> c.getKVClient().compact(revision), "compact");
    }
}
