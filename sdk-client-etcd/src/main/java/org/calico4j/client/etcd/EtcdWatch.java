package org.calico4j.client.etcd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Response;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.grpc.Status;

import org.calico4j.client.DatastoreException;
import org.calico4j.client.ResourceVersionTooOldException;
import org.calico4j.client.SkippedValue;
import org.calico4j.client.WatchNotice;
import org.calico4j.client.internal.WatchImpl;
import org.calico4j.client.spi.DatastoreEvent;
import org.calico4j.client.spi.ListResult;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Versioned;
import org.calico4j.model.CalicoException;
import org.calico4j.model.Kind;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One etcd watch, kept alive by calico4j rather than by jetcd: after any interruption it watches
 * again from the last revision it saw, on the connection's current (possibly fresh) client, so
 * nothing is lost or repeated; it checks on every (re)creation that etcd still continues the
 * history it saw (same cluster, revision and raft term not lower), and re-lists when not; it
 * skips values it cannot decode. The watcher hears all of it as {@link WatchNotice}s.
 *
 * <p>Locking: jetcd calls back holding its own lock, so this class never closes a jetcd watcher
 * while holding {@link #lock}; closes run on the connection's timer thread.
 */
final class EtcdWatch {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdWatch.class);

    private final EtcdConnection conn;
    private final EtcdDatastore ds;
    private final @Nullable Kind kind;
    private final ByteSequence prefix;
    private final WatchImpl delivery;
    private final Object lock = new Object();
    /** The revision the watch continues after: the start, then each event's. */
    private long last;
    /** The highest store revision seen (events and headers); etcd's never goes below it. */
    private long highest;
    private long clusterId;
    private long raftTerm;
    /** Bumped whenever the jetcd watcher is replaced: callbacks of an older one are ignored. */
    private int generation;
    private Watch.@Nullable Watcher current;
    private @Nullable Client currentClient;
    private boolean disconnected;
    private boolean closed;

    EtcdWatch(EtcdConnection conn, EtcdDatastore ds, @Nullable Kind kind, long afterRevision, WatchImpl delivery) {
        this.conn = conn;
        this.ds = ds;
        this.kind = kind;
        this.prefix = CalicoKeys.bytes(kind == null ? CalicoKeys.CALICO : CalicoKeys.prefix(kind));
        this.delivery = delivery;
        this.last = afterRevision;
    }

    void start() {
        synchronized (lock) {
            open(conn.client());
        }
    }

    void close() {
        Watch.Watcher w;
        synchronized (lock) {
            closed = true;
            generation++;
            w = current;
            current = null;
        }
        if (w != null) {
            closeLater(w);
        }
    }

    private void closeLater(Watch.Watcher w) {
        try {
            conn.timer().execute(w::close);
        } catch (java.util.concurrent.RejectedExecutionException shutDown) {
            w.close();
        }
    }

    private void schedule(Runnable r, long millis) {
        try {
            conn.timer().schedule(r, millis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException shutDown) {
            // the datastore is closed: so is this watch
        }
    }

    /** Under {@link #lock}: watches from {@link #last} + 1 on {@code c}. */
    private void open(Client c) {
        int gen = ++generation;
        currentClient = c;
        WatchOption opt = WatchOption.builder().isPrefix(true).withPrevKV(true).withCreateNotify(true)
                .withRevision(last + 1).build();
        try {
            current = c.getWatchClient().watch(prefix, opt, new Listener(gen));
        } catch (RuntimeException e) {
            // the client was closed under us (replaced by a fresh one): try again on the new one
            lost(gen, e);
        }
    }

    /** Under {@link #lock}: detaches the current jetcd watcher (closed later, off this lock). */
    private void detach() {
        generation++;
        Watch.Watcher w = current;
        current = null;
        if (w != null) {
            closeLater(w);
        }
    }

    private final class Listener implements Watch.Listener {
        private final int gen;

        Listener(int gen) {
            this.gen = gen;
        }

        @Override
        public void onNext(WatchResponse response) {
            synchronized (lock) {
                if (gen == generation && !closed) {
                    receive(response);
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            synchronized (lock) {
                lost(gen, t);
            }
        }

        @Override
        public void onCompleted() {
            synchronized (lock) {
                lost(gen, null);
            }
        }
    }

    /** Under {@link #lock}. */
    private void receive(WatchResponse response) {
        if (response.isCreatedNotify()) {
            Response.Header h = response.getHeader();
            String why = diverged(h);
            if (why != null) {
                relistLater(why);
                return;
            }
            clusterId = h.getClusterId();
            raftTerm = Math.max(raftTerm, h.getRaftTerm());
            highest = Math.max(highest, h.getRevision());
            if (disconnected) {
                disconnected = false;
                LOG.info("etcd watch on {} resumed after revision {}", conn.options(), last);
                delivery.notice(WatchNotice.of(WatchNotice.Type.RESUMED, last,
                        "etcd " + conn.options() + " answers again; the watch continues after revision " + last));
            }
            return;
        }
        // A response holds whole revisions: the events of a transaction arrive together, and the last one this
        // watch delivers of each revision says so.
        List<Object> items = new ArrayList<>(response.getEvents().size());
        List<DatastoreEvent> events = new ArrayList<>(response.getEvents().size());
        for (WatchEvent e : response.getEvents()) {
            long rev = e.getKeyValue().getModRevision();
            Object item = item(e);
            if (item != null) {
                items.add(item);
                if (item instanceof DatastoreEvent d) {
                    events.add(d);
                }
            }
            last = Math.max(last, rev);
            highest = Math.max(highest, rev);
        }
        Iterator<DatastoreEvent> marked = DatastoreEvent.markRevisionEnds(events).iterator();
        for (Object item : items) {
            if (item instanceof DatastoreEvent) {
                delivery.offer(marked.next());
            } else {
                delivery.notice((WatchNotice) item);
            }
        }
    }

    /** Why etcd's history no longer continues what this watch saw, or null when it does. */
    private @Nullable String diverged(Response.Header h) {
        if (clusterId != 0 && h.getClusterId() != clusterId) {
            return "etcd's cluster ID changed from " + Long.toHexString(clusterId) + " to " + Long.toHexString(h.getClusterId());
        }
        if (h.getRevision() < highest) {
            return "etcd's revision went back from " + highest + " to " + h.getRevision() + " (restored or wiped)";
        }
        if (raftTerm != 0 && h.getRaftTerm() < raftTerm) {
            return "etcd's raft term went back from " + raftTerm + " to " + h.getRaftTerm() + " (restored or wiped)";
        }
        return null;
    }

    /** What the watch delivers for {@code e}: an event, a SKIPPED notice for a value it cannot read, or nothing. */
    private @Nullable Object item(WatchEvent e) {
        KeyValue kv = e.getKeyValue();
        String etcdKey = kv.getKey().toString(StandardCharsets.UTF_8);
        Optional<ResourceKey> key = CalicoKeys.parse(etcdKey);
        if (key.isEmpty() || (kind != null && key.get().kind() != kind)) {
            return null;
        }
        try {
            return event(key.get(), e);
        } catch (CalicoException bad) {
            LOG.warn("etcd watch on {}: skipped the value at {} (revision {}): {}", conn.options(), etcdKey,
                    kv.getModRevision(), bad.getMessage());
            return new WatchNotice(WatchNotice.Type.SKIPPED, kv.getModRevision(), etcdKey, bad.getMessage());
        }
    }

    private static @Nullable DatastoreEvent event(ResourceKey key, WatchEvent e) {
        KeyValue kv = e.getKeyValue();
        KeyValue prev = e.getPrevKV();
        switch (e.getEventType()) {
            case PUT: {
                Versioned now = EtcdValues.versioned(key, kv);
                boolean added = kv.getCreateRevision() == kv.getModRevision();
                Versioned previous = added || prev == null || prev.getValue().isEmpty() ? null : EtcdValues.versioned(key, prev);
                return new DatastoreEvent(added ? DatastoreEvent.Type.ADDED : DatastoreEvent.Type.MODIFIED, key,
                        kv.getModRevision(), now, previous);
            }
            case DELETE: {
                if (prev == null || prev.getValue().isEmpty() && !key.kind().isInternal()) {
                    return null;
                }
                return new DatastoreEvent(DatastoreEvent.Type.DELETED, key, kv.getModRevision(), null,
                        EtcdValues.versioned(key, prev));
            }
            default:
                return null;
        }
    }

    /** Under {@link #lock}: the jetcd watcher of generation {@code gen} ended with {@code t} (null: completed). */
    private void lost(int gen, @Nullable Throwable t) {
        if (gen != generation || closed || delivery.isClosed()) {
            return;
        }
        Client failed = currentClient;
        detach();
        if (t instanceof CompactedException) {
            closed = true;
            delivery.fail(new ResourceVersionTooOldException(last, ((CompactedException) t).getCompactedRevision()));
            return;
        }
        String reason = t == null ? "stream closed" : String.valueOf(t.getMessage());
        if (reason.contains("future revision")) {
            relistLater("etcd's revision is below the watch's " + last + " (restored or wiped)");
            return;
        }
        if (t != null && EtcdConnection.authenticationFailed(Status.fromThrowable(t))) {
            closed = true;
            delivery.fail(conn.map(failed == null ? conn.client() : failed, t, "watch"));
            return;
        }
        if (!disconnected) {
            disconnected = true;
            LOG.warn("etcd watch on {} interrupted after revision {} ({}); resuming as soon as etcd answers",
                    conn.options(), last, reason);
            delivery.notice(WatchNotice.of(WatchNotice.Type.DISCONNECTED, last,
                    "etcd " + conn.options() + " interrupted the watch: " + reason));
        }
        if (failed != null) {
            conn.lost(failed);
        }
        int waiting = generation;
        schedule(() -> resume(waiting, failed), EtcdConnection.PROBE_MILLIS);
    }

    /** Watches again once the connection has a client other than the one that failed. */
    private void resume(int gen, @Nullable Client failed) {
        synchronized (lock) {
            if (gen != generation || closed || delivery.isClosed() || conn.isClosed()) {
                return;
            }
            Client c = conn.client();
            if (c == failed) {
                schedule(() -> resume(gen, failed), EtcdConnection.PROBE_MILLIS);
                return;
            }
            open(c);
        }
    }

    /** Under {@link #lock}: stops watching and re-lists on the timer thread. */
    private void relistLater(String why) {
        detach();
        LOG.warn("etcd watch on {}: {}; listing again", conn.options(), why);
        int gen = generation;
        conn.timer().execute(() -> relist(gen, why));
    }

    private void relist(int gen, String why) {
        List<ListResult> lists;
        try {
            lists = ds.listAll(conn.client(), kind);
        } catch (DatastoreException e) {
            if (e.retryable()) {
                schedule(() -> relist(gen, why), 200);
            } else {
                fail(gen, e);
            }
            return;
        } catch (CalicoException e) {
            fail(gen, e);
            return;
        }
        synchronized (lock) {
            if (gen != generation || closed || delivery.isClosed()) {
                return;
            }
            long rev = lists.get(0).revision();
            delivery.notice(WatchNotice.of(WatchNotice.Type.RELISTED, rev, why + "; listed again at revision " + rev
                    + ": forget what was known, ADDED events for everything that exists follow"));
            for (ListResult l : lists) {
                for (Versioned v : l.items()) {
                    delivery.offer(new DatastoreEvent(DatastoreEvent.Type.ADDED, v.key(), v.revision(), v, null));
                }
                for (SkippedValue s : l.skipped()) {
                    delivery.notice(new WatchNotice(WatchNotice.Type.SKIPPED, s.revision(), s.key(), s.reason()));
                }
            }
            last = rev;
            highest = rev;
            clusterId = 0;
            raftTerm = 0;
            disconnected = false;
            open(conn.client());
        }
    }

    private void fail(int gen, CalicoException e) {
        synchronized (lock) {
            if (gen == generation && !closed) {
                closed = true;
                delivery.fail(e);
            }
        }
    }
}
