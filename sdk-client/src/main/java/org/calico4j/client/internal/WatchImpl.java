package org.calico4j.client.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.calico4j.client.WatchNotice;
import org.calico4j.client.spi.DatastoreEvent;
import org.calico4j.client.spi.DatastoreListener;
import org.calico4j.client.spi.DatastoreWatch;
import org.calico4j.model.CalicoException;
import org.calico4j.model.Kind;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch's delivery: events are queued by the producer (never blocking it) and delivered in
 * order, one at a time, on a shared pool of daemon threads, so a slow listener delays only itself.
 * Shared by the datastores of calico4j's modules; not an API.
 */
public final class WatchImpl implements DatastoreWatch {
    private static final Logger LOG = LoggerFactory.getLogger(WatchImpl.class);
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService DELIVERY = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "calico4j-watch-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final @Nullable Kind kind;
    private final DatastoreListener listener;
    private final String store;
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private boolean draining;
    private volatile boolean closed;
    private @Nullable Runnable onClose;

    /**
     * A watch, open, with nothing queued.
     *
     * @param kind     the kind whose events are delivered, or null for every kind
     * @param listener receives the events, notices and errors
     * @param store    the datastore's name, for logs
     */
    public WatchImpl(@Nullable Kind kind, DatastoreListener listener, String store) {
        this.kind = kind;
        this.listener = listener;
        this.store = store;
    }

    /**
     * Sets what runs when the watch closes (replacing any earlier one).
     *
     * @param r the action, e.g. unregistering the watch
     */
    public void onClose(Runnable r) {
        this.onClose = r;
    }

    /**
     * Queues an event when it is of the watched kind.
     *
     * @param e the event
     */
    public void offer(DatastoreEvent e) {
        if (kind == null || e.key().kind() == kind) {
            enqueue(e);
        }
    }

    /**
     * Queues the events of the watched kind, their {@link DatastoreEvent#endsRevision} set for what this watch
     * delivers (a transaction's last change may be of a kind it does not deliver).
     *
     * @param events events in revision order
     */
    public void offerAll(List<DatastoreEvent> events) {
        List<DatastoreEvent> mine = events;
        if (kind != null) {
            mine = new ArrayList<>(events.size());
            for (DatastoreEvent e : events) {
                if (e.key().kind() == kind) {
                    mine.add(e);
                }
            }
        }
        for (DatastoreEvent e : DatastoreEvent.markRevisionEnds(mine)) {
            enqueue(e);
        }
    }

    /**
     * Queues a notice, in order with the events.
     *
     * @param n the notice
     */
    public void notice(WatchNotice n) {
        enqueue(n);
    }

    /** {@return whether the watch is closed} */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Queues an error, in order with the events; delivering it closes the watch.
     *
     * @param error the error
     */
    public void fail(CalicoException error) {
        enqueue(error);
    }

    private void enqueue(Object item) {
        synchronized (queue) {
            if (closed) {
                return;
            }
            queue.addLast(item);
            if (draining) {
                return;
            }
            draining = true;
        }
        DELIVERY.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Object item;
            synchronized (queue) {
                item = queue.pollFirst();
                if (item == null || closed) {
                    draining = false;
                    return;
                }
            }
            try {
                if (item instanceof DatastoreEvent) {
                    DatastoreEvent e = (DatastoreEvent) item;
                    try {
                        listener.onEvent(e);
                    } catch (RuntimeException thrown) {
                        // Reported to the watcher itself, in order, so it is visible without a logging binding.
                        LOG.warn("watch listener on {} threw on {}; the event is skipped", store, e.key(), thrown);
                        listener.onNotice(new WatchNotice(WatchNotice.Type.WATCHER_FAILED, e.revision(), e.key().toString(),
                                "the watcher threw on the " + e.type() + " event of " + e.key() + " at revision " + e.revision() + ": "
                                        + thrown + "; the event is not delivered again", thrown));
                    }
                } else if (item instanceof WatchNotice) {
                    listener.onNotice((WatchNotice) item);
                } else {
                    closed = true;
                    listener.onError((CalicoException) item);
                }
            } catch (RuntimeException e) {
                LOG.warn("watch listener on {} threw while handling a notice or error; it is skipped", store, e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (queue) {
            closed = true;
            queue.clear();
        }
        Runnable r = onClose;
        if (r != null) {
            r.run();
        }
    }
}
