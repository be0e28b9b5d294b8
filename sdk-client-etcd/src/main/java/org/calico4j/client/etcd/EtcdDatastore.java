package org.calico4j.client.etcd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import org.calico4j.client.AlreadyExistsException;
import org.calico4j.client.ConflictException;
import org.calico4j.client.DatastoreException;
import org.calico4j.client.NotFoundException;
import org.calico4j.client.ResourceVersionTooOldException;
import org.calico4j.client.internal.Versions;
import org.calico4j.client.internal.WatchImpl;
import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.DatastoreEvent;
import org.calico4j.client.spi.DatastoreListener;
import org.calico4j.client.spi.DatastoreWatch;
import org.calico4j.client.spi.ListResult;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Versioned;
import org.calico4j.model.Kind;
import org.calico4j.model.Resource;
import org.calico4j.model.ipam.IpamJson;
import org.calico4j.model.manifest.Manifest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A datastore on etcd v3, sharing Calico's key layout and JSON, so calico4j and Calico's own
 * components can read each other's resources: keys {@code /calico/resources/v3/projectcalico.org/<plural>/<name>},
 * values the whole v3 object without {@code resourceVersion}/{@code selfLink}, resourceVersion =
 * the key's mod revision, and every write one single-key transaction with Calico's conditions.
 *
 * <pre>{@code
 * try (Datastore ds = EtcdDatastore.open(EtcdOptions.fromUri(URI.create("etcd://127.0.0.1:2379")))) { ... }
 * CalicoClient client = CalicoClient.connect("etcd://127.0.0.1:2379");
 * }</pre>
 *
 * <p>Every call is bounded by {@link EtcdOptions#timeout()}: an unreachable etcd gives a retryable
 * {@link DatastoreException}, never a hang. Watches resume by themselves across etcd restarts
 * from the last delivered revision (no loss, no repeat); a compacted start revision ends a watch
 * with {@link ResourceVersionTooOldException}. Thread-safe; the opener closes it.
 */
public final class EtcdDatastore implements Datastore {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdDatastore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 256 * 1024 * 1024;
    private static final ByteSequence REVISION_PROBE = CalicoKeys.bytes("/calico/resources/v3/projectcalico.org/.calico4j-revision");

    private final EtcdOptions options;
    private final Client client;
    private final List<DatastoreWatch> watches = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private EtcdDatastore(EtcdOptions options, Client client) {
        this.options = options;
        this.client = client;
    }

    public static EtcdDatastore open(EtcdOptions options) {
        ClientBuilder b = Client.builder()
                .endpoints(options.endpoints().toArray(new String[0]))
                .maxInboundMessageSize(MAX_MESSAGE)
                .waitForReady(false)
                .connectTimeout(options.timeout());
        if (options.user() != null && options.password() != null) {
            b.user(CalicoKeys.bytes(options.user())).password(CalicoKeys.bytes(options.password()));
        }
        if (options.tls()) {
            try {
                SslContextBuilder ssl = SslContextBuilder.forClient();
                if (options.caFile() != null) {
                    ssl.trustManager(options.caFile().toFile());
                }
                if (options.certFile() != null && options.keyFile() != null) {
                    ssl.keyManager(options.certFile().toFile(), options.keyFile().toFile());
                }
                SslContext ctx = io.grpc.netty.GrpcSslContexts.configure(ssl).build();
                b.sslContext(ctx);
            } catch (IOException | RuntimeException e) {
                throw new DatastoreException("etcd: cannot set up TLS for " + options + ": " + e.getMessage(), false, e);
            }
        }
        return new EtcdDatastore(options, b.build());
    }

    // ------------------------------------------------------------------ plumbing

    private <T> T await(CompletableFuture<T> f, String what) {
        checkOpen();
        try {
            return f.get(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new DatastoreException("etcd " + options + ": " + what + " timed out after " + options.timeout(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatastoreException("etcd " + options + ": " + what + " interrupted", true, e);
        } catch (ExecutionException e) {
            throw map(e.getCause(), what);
        }
    }

    private RuntimeException map(Throwable cause, String what) {
        Status s = cause instanceof StatusRuntimeException ? ((StatusRuntimeException) cause).getStatus() : Status.fromThrowable(cause);
        String msg = String.valueOf(s.getDescription());
        if (cause instanceof CompactedException || msg.contains("required revision has been compacted")) {
            return new ResourceVersionTooOldException(-1, -1);
        }
        if (msg.contains("future revision")) {
            return new DatastoreException("etcd " + options + ": " + what + ": the revision is in the future", true, cause);
        }
        boolean retryable = s.getCode() == Status.Code.UNAVAILABLE || s.getCode() == Status.Code.DEADLINE_EXCEEDED
                || s.getCode() == Status.Code.ABORTED || s.getCode() == Status.Code.RESOURCE_EXHAUSTED
                || s.getCode() == Status.Code.UNKNOWN || s.getCode() == Status.Code.INTERNAL;
        return new DatastoreException("etcd " + options + ": " + what + " failed: " + s.getCode() + " " + msg, retryable, cause);
    }

    private void checkOpen() {
        if (closed) {
            throw new DatastoreException("datastore " + options + " is closed", false);
        }
    }

    /** Calico's stored form: the whole object, without resourceVersion and selfLink. */
    static byte[] encode(Resource r) {
        if (r.kind().isInternal()) {
            return IpamJson.encode(r).toString().getBytes(StandardCharsets.UTF_8);
        }
        ObjectNode json = Manifest.toJsonTree(r);
        ObjectNode meta = (ObjectNode) json.get("metadata");
        meta.remove("resourceVersion");
        meta.remove("selfLink");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Resource decode(ResourceKey key, KeyValue kv) {
        try {
            byte[] bytes = kv.getValue().getBytes();
            // Calico reads an empty affinity value as {} (its legacy format).
            JsonNode json = bytes.length == 0 && key.kind().isInternal() ? JSON.createObjectNode() : JSON.readTree(bytes);
            Resource r = key.kind().isInternal() ? IpamJson.decode(key.kind(), key.name(), json) : Manifest.fromJsonTree(json);
            return Versions.stamp(r, kv.getModRevision());
        } catch (IOException e) {
            throw new DatastoreException("etcd value at " + kv.getKey().toString(StandardCharsets.UTF_8)
                    + " is not JSON: " + e.getMessage(), false, e);
        } catch (RuntimeException e) {
            throw new DatastoreException("etcd value at " + kv.getKey().toString(StandardCharsets.UTF_8)
                    + " is not a valid resource: " + e.getMessage(), false, e);
        }
    }

    private static Versioned versioned(ResourceKey key, KeyValue kv) {
        return new Versioned(key, decode(key, kv), kv.getModRevision());
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
        GetResponse r = await(client.getKVClient().get(k), "get " + key);
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
        GetResponse r = await(client.getKVClient().get(CalicoKeys.bytes(CalicoKeys.prefix(kind, namePrefix)), opt.build()),
                "list " + kind);
        List<Versioned> items = new ArrayList<>(r.getKvs().size());
        for (KeyValue kv : r.getKvs()) {
            Optional<ResourceKey> k = CalicoKeys.parse(kv.getKey().toString(StandardCharsets.UTF_8));
            if (k.isPresent() && k.get().kind() == kind && k.get().name().startsWith(namePrefix)) {
                items.add(versioned(k.get(), kv));
            }
        }
        items.sort((a, b) -> a.key().compareTo(b.key()));
        return new ListResult(items, revision != 0 ? revision : r.getHeader().getRevision());
    }

    @Override
    public long revision() {
        return await(client.getKVClient().get(REVISION_PROBE, GetOption.builder().withCountOnly(true).build()), "revision")
                .getHeader().getRevision();
    }

    // ------------------------------------------------------------------ writes

    @Override
    public Versioned create(ResourceKey key, Resource value) {
        ByteSequence k = key(key);
        TxnResponse r = await(client.getKVClient().txn()
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
        TxnResponse r = await(client.getKVClient().txn().If(cmp)
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
        TxnResponse r = await(client.getKVClient().txn().If(cmp)
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
        return versioned(key, prev.get(0));
    }

    private static RuntimeException failedCondition(ResourceKey key, long expected, TxnResponse r) {
        List<KeyValue> cur = r.getGetResponses().isEmpty() ? List.of() : r.getGetResponses().get(0).getKvs();
        if (cur.isEmpty()) {
            return new NotFoundException(key);
        }
        return new ConflictException(key, expected, decode(key, cur.get(0)));
    }

    // ------------------------------------------------------------------ watches

    @Override
    public DatastoreWatch watch(@Nullable Kind kind, long afterRevision, DatastoreListener listener) {
        checkOpen();
        WatchImpl delivery = new WatchImpl(kind, listener, options.toString());
        String prefix = kind == null ? CalicoKeys.CALICO : CalicoKeys.prefix(kind);
        WatchOption opt = WatchOption.builder().isPrefix(true).withPrevKV(true).withRevision(afterRevision + 1).build();
        Watch.Watcher w = client.getWatchClient().watch(CalicoKeys.bytes(prefix), opt, new Watch.Listener() {
            @Override
            public void onNext(WatchResponse response) {
                for (WatchEvent e : response.getEvents()) {
                    DatastoreEvent event = event(e);
                    if (event != null) {
                        delivery.offer(event);
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                if (t instanceof CompactedException) {
                    delivery.fail(new ResourceVersionTooOldException(afterRevision, ((CompactedException) t).getCompactedRevision()));
                } else {
                    // jetcd resumes from the next revision by itself; nothing is lost or repeated.
                    LOG.warn("etcd watch on {} interrupted ({}); resuming", options, t.toString());
                }
            }

            @Override
            public void onCompleted() {
                LOG.debug("etcd watch on {} completed", options);
            }
        });
        watches.add(delivery);
        delivery.onClose(() -> {
            w.close();
            watches.remove(delivery);
        });
        return delivery;
    }

    private static @Nullable DatastoreEvent event(WatchEvent e) {
        KeyValue kv = e.getKeyValue();
        Optional<ResourceKey> key = CalicoKeys.parse(kv.getKey().toString(StandardCharsets.UTF_8));
        if (key.isEmpty()) {
            return null;
        }
        KeyValue prev = e.getPrevKV();
        Versioned previous = prev == null || prev.getValue().isEmpty() ? null : versioned(key.get(), prev);
        switch (e.getEventType()) {
            case PUT:
                Versioned now = versioned(key.get(), kv);
                boolean added = kv.getCreateRevision() == kv.getModRevision();
                return new DatastoreEvent(added ? DatastoreEvent.Type.ADDED : DatastoreEvent.Type.MODIFIED, key.get(),
                        kv.getModRevision(), now, added ? null : previous);
            case DELETE:
                return new DatastoreEvent(DatastoreEvent.Type.DELETED, key.get(), kv.getModRevision(), null, previous);
            default:
                return null;
        }
    }

    @Override
    public String describe() {
        return options.toString();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (DatastoreWatch w : watches) {
            w.close();
        }
        client.close();
    }

    /** For tests and tools: compacts etcd's history up to {@code revision}, as an operator or etcd itself would. */
    public void compact(long revision) {
        await(client.getKVClient().compact(revision), "compact");
    }
}
