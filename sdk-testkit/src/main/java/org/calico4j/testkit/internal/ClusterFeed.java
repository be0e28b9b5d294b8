package org.calico4j.testkit.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

import org.calico4j.client.WatchNotice;
import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.DatastoreEvent;
import org.calico4j.client.spi.DatastoreListener;
import org.calico4j.client.spi.DatastoreWatch;
import org.calico4j.client.spi.ListResult;
import org.calico4j.client.spi.Versioned;
import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.NodeTables;
import org.calico4j.dataplane.calc.Calculation;
import org.calico4j.dataplane.calc.ClusterCalculation;
import org.calico4j.model.CalicoException;
import org.calico4j.model.Kind;
import org.jspecify.annotations.Nullable;

/**
 * One watch on the cluster's datastore feeding one {@link ClusterCalculation}: the simulator's
 * single event dispatcher (where a real cluster has one Felix per node, each watching). Lists and
 * watches from the list's revision; lists again when the watch ends with an error.
 *
 * <p>Thread-safe: the watch thread updates under a write lock; readers share a read lock.
 */
public final class ClusterFeed implements AutoCloseable {
    private final Datastore ds;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Condition advanced = lock.writeLock().newCondition();
    private ClusterCalculation calc = new ClusterCalculation();
    // Written under the write lock; volatile so that a wait already satisfied needs no lock (every send waits).
    private volatile long applied;
    private long generation;
    private @Nullable DatastoreWatch watch;
    /** What left the calculation behind the datastore: a change it could not take, or a list that failed. */
    // Written under the write lock, read without it (every send asks).
    private volatile @Nullable CalicoException failure;
    private boolean closed;

    public ClusterFeed(Datastore ds) {
        this.ds = ds;
        start();
    }

    private void start() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            long gen = ++generation;
            if (watch != null) {
                watch.close();
            }
            ClusterCalculation fresh = new ClusterCalculation();
            long rev = 0;
            for (Kind k : Calculation.KINDS) {
                ListResult r = ds.list(k, rev);
                rev = r.revision();
                for (Versioned v : r.items()) {
                    fresh.update(v.key(), v.value());
                }
            }
            calc = fresh;
            applied = Math.max(applied, rev);
            advanced.signalAll();
            watch = ds.watch(null, rev, listener(gen));
        } finally {
            lock.writeLock().unlock();
        }
    }

    private DatastoreListener listener(long gen) {
        return new DatastoreListener() {
            @Override
            public void onEvent(DatastoreEvent e) {
                lock.writeLock().lock();
                try {
                    if (gen != generation) {
                        return;
                    }
                    if (Calculation.KINDS.contains(e.key().kind())) {
                        calc.update(e.key(), e.value() == null ? null : e.value().value());
                    }
                } catch (RuntimeException ex) {
                    // A value the calculation cannot take must not stall everyone waiting for its revision.
                    failure = new CalicoException("the cluster calculation failed on " + e.key() + ": " + ex, ex);
                } finally {
                    // A transaction's revision is applied with its last change.
                    if (gen == generation && e.endsRevision()) {
                        applied = Math.max(applied, e.revision());
                        advanced.signalAll();
                    }
                    lock.writeLock().unlock();
                }
            }

            @Override
            public void onNotice(WatchNotice notice) {
                // etcd restored or wiped under the watch: the calculation may hold what no longer exists.
                if (notice.type() == WatchNotice.Type.RELISTED) {
                    onError(new CalicoException(notice.message()));
                }
            }

            @Override
            public void onError(CalicoException error) {
                lock.readLock().lock();
                try {
                    if (gen != generation) {
                        return; // A watch already replaced.
                    }
                } finally {
                    lock.readLock().unlock();
                }
                try {
                    start();
                } catch (RuntimeException e) {
                    lock.writeLock().lock();
                    try {
                        failure = new CalicoException("the cluster feed could not list again after " + error + ": " + e, e);
                    } finally {
                        lock.writeLock().unlock();
                    }
                }
            }
        };
    }

    /** Waits until every change up to {@code revision} is in the calculation; false on timeout. */
    public boolean awaitRevision(long revision, Duration timeout) throws InterruptedException {
        if (applied >= revision) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.writeLock().lock();
        try {
            while (applied < revision) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    return false;
                }
                advanced.await(left, TimeUnit.NANOSECONDS);
            }
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Runs {@code f} on one node's tables, with no change applied meanwhile. */
    public <T> T read(String node, Function<NodeTables, T> f) {
        lock.readLock().lock();
        try {
            return f.apply(calc.tables(node));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** One node's whole dataplane state now. */
    public DataplaneState state(String node) {
        lock.readLock().lock();
        try {
            return calc.state(node);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Why the calculation may no longer follow the datastore (a change it could not take, or a list
     * after a failed watch that failed too), if so. A watch that ends and is listed again is no failure.
     */
    public @Nullable CalicoException failure() {
        return failure;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closed = true;
            generation++;
            if (watch != null) {
                watch.close();
            }
            advanced.signalAll();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
