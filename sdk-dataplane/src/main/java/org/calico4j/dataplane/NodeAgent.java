package org.calico4j.dataplane;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.ResourceVersionTooOldException;
import org.calico4j.client.WatchNotice;
import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.DatastoreEvent;
import org.calico4j.client.spi.DatastoreListener;
import org.calico4j.client.spi.DatastoreWatch;
import org.calico4j.client.spi.ListResult;
import org.calico4j.client.spi.Versioned;
import org.calico4j.dataplane.calc.Calculation;
import org.calico4j.model.CalicoException;
import org.calico4j.model.Kind;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one node's {@link Dataplane} in step with the datastore, as Felix does: lists what the
 * calculation needs at one revision, resyncs the dataplane, then watches from that revision and
 * applies each change's delta; re-lists (and resyncs) when the watch reports a compacted revision
 * or a store whose history changed under it (a RELISTED notice: etcd restored or wiped);
 * resyncs periodically to repair drift. {@link #awaitRevision} waits until a datastore revision is in
 * the dataplane.
 *
 * <pre>{@code
 * try (NodeAgent agent = NodeAgent.builder().client(client).node("n1").dataplane(dp).start()) {
 *     client.ipPools().create(pool);
 *     agent.awaitRevision(client.datastore().revision(), Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>Thread-safe. All work runs on one thread per agent, in datastore order. Closing stops the agent;
 * it does not close the client or the dataplane it was given.
 */
public final class NodeAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);

    private final Datastore ds;
    private final String node;
    private final Dataplane dataplane;
    private final Duration resyncInterval;
    private final org.calico4j.dataplane.bgp.@Nullable BgpDriver bgp;
    private final List<Kind> kinds;
    private final ScheduledExecutorService worker;
    private final Object progress = new Object();
    private Calculation calc;
    private @Nullable DatastoreWatch watch;
    private @Nullable ScheduledFuture<?> periodic;
    private long applied;
    private long generation;
    private long relists;
    private @Nullable CalicoException lastError;
    private final ArrayDeque<AgentEvent> history = new ArrayDeque<>();
    private volatile List<String> problems = List.of();
    private volatile boolean closed;

    /** How many events {@link #history()} keeps. */
    public static final int HISTORY = 100;

    /**
     * Something the agent went through and recovered from (a failed list, watch, dataplane or BIRD
     * update, a re-list), kept so that callers see it without an SLF4J binding.
     *
     * @param at    when
     * @param what  what happened, for people
     * @param error the failure, when there was one
     */
    public record AgentEvent(Instant at, String what, @Nullable CalicoException error) {
    }

    private NodeAgent(Builder b) {
        this.ds = Objects.requireNonNull(b.ds, "a client or datastore is required");
        this.node = Objects.requireNonNull(b.node, "the node name is required");
        this.dataplane = Objects.requireNonNull(b.dataplane, "a dataplane is required");
        this.resyncInterval = b.resyncInterval;
        if (b.learnedRoutes != null) {
            dataplane.learnedRoutes(b.learnedRoutes);
        }
        this.bgp = b.bird == null ? null : new org.calico4j.dataplane.bgp.BgpDriver(node, b.bird, b.secrets);
        List<Kind> k = new ArrayList<>(Calculation.KINDS);
        if (bgp != null) {
            org.calico4j.dataplane.bgp.BgpDriver.KINDS.stream().filter(x -> !k.contains(x)).forEach(k::add);
        }
        this.kinds = List.copyOf(k);
        this.calc = new Calculation(node);
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "calico4j-agent-" + node);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * An empty builder for a {@link NodeAgent}.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return the node this agent runs for}
     */
    public String node() {
        return node;
    }

    /**
     * {@return the dataplane it keeps current (the caller closes it)}
     */
    public Dataplane dataplane() {
        return dataplane;
    }

    /**
     * {@return the datastore revision the dataplane reflects}
     */
    public long appliedRevision() {
        synchronized (progress) {
            return applied;
        }
    }

    /**
     * {@return how many times the agent listed everything again (start-up included)}
     */
    public long relists() {
        synchronized (progress) {
            return relists;
        }
    }

    /**
     * Waits until the dataplane reflects {@code revision}; false on timeout.
     *
     * @param revision a datastore revision, e.g. {@code client.datastore().revision()}
     * @param timeout  how long to wait
     * @return true when reached, false on timeout
     * @throws InterruptedException when interrupted while waiting
     * @throws IllegalStateException when the agent is closed
     */
    public boolean awaitRevision(long revision, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (applied < revision) {
                if (closed) {
                    throw new IllegalStateException("node agent " + node + " is closed");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return true;
        }
    }

    /**
     * {@return the last error the agent recovered from, if any (for diagnostics)}
     */
    public @Nullable CalicoException lastError() {
        synchronized (progress) {
            return lastError;
        }
    }

    /**
     * {@return the last {@link #HISTORY} events the agent recovered from, oldest first}
     */
    public List<AgentEvent> history() {
        synchronized (progress) {
            return List.copyOf(history);
        }
    }

    /**
     * What the node's inputs lack for its traffic to be evaluated, as of the last applied change:
     * no Node resource (or no address on it), an IPIP or VXLAN pool but no tunnel address on the
     * node. Empty when nothing is missing.
     *
     * @return the {@code problems} values, empty when not set
     */
    public List<String> problems() {
        return problems;
    }

    /** Recomputes the node's state from the calculation and resyncs the dataplane now. */
    public void resyncNow() {
        run(() -> dataplane.resync(calc.state()));
    }

    private NodeAgent begin() {
        run(this::relist);
        if (!resyncInterval.isZero()) {
            periodic = worker.scheduleWithFixedDelay(() -> dataplane.resync(calc.state()), resyncInterval.toMillis(),
                    resyncInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private void run(Runnable r) {
        if (closed) {
            return;
        }
        worker.execute(() -> {
            if (closed) {
                return;
            }
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("node agent {}: {}", node, e.toString());
                recordError(e instanceof CalicoException ? (CalicoException) e : new CalicoException(e.toString(), e));
                retryLater();
            }
        });
    }

    private void recordError(CalicoException e) {
        synchronized (progress) {
            lastError = e;
        }
        remember(e.getMessage(), e);
    }

    private void remember(String what, @Nullable CalicoException e) {
        synchronized (progress) {
            history.addLast(new AgentEvent(Instant.now(), what, e));
            while (history.size() > HISTORY) {
                history.removeFirst();
            }
        }
    }

    /** Re-reads what the node lacks; on the worker thread, after the calculation changed. */
    private void checkInputs() {
        HostInfo h = calc.host();
        List<String> out = new ArrayList<>();
        if (h.ipv4() == null && h.ipv6() == null) {
            out.add("node " + node + " has no address: no Node resource named '" + node + "', or it has no spec.bgp.ipv4Address;"
                    + " natOutgoing and encapsulated traffic from it cannot be evaluated");
        }
        for (PoolInfo pool : calc.poolInfos()) {
            if (pool.cidr().version() != 4) {
                continue;
            }
            Encap e = pool.encap();
            if (e == Encap.VXLAN && h.vxlanTunnelAddress() == null) {
                out.add("VXLAN pool " + pool.cidr() + ", but node " + node + " has no VTEP (spec.ipv4VXLANTunnelAddr):"
                        + " client.nodeTunnels().reconcile(\"" + node + "\") gives it one");
            } else if (e == Encap.IPIP && h.ipipTunnelAddress() == null) {
                out.add("IPIP pool " + pool.cidr() + ", but node " + node + " has no tunnel address"
                        + " (spec.bgp.ipv4IPIPTunnelAddr): client.nodeTunnels().reconcile(\"" + node + "\") gives it one");
            }
        }
        if (!out.equals(problems)) {
            problems = List.copyOf(out);
            out.forEach(m -> remember(m, null));
        }
    }

    private void retryLater() {
        if (!closed) {
            worker.schedule(this::relist, 200, TimeUnit.MILLISECONDS);
        }
    }

    /** Lists every kind the calculation reads at one revision, recomputes, resyncs, and watches from there. */
    private void relist() {
        if (closed) {
            return;
        }
        if (watch != null) {
            watch.close();
            watch = null;
        }
        long gen;
        synchronized (progress) {
            gen = ++generation;
            relists++;
        }
        try {
            Calculation fresh = new Calculation(node);
            long rev = 0;
            List<ListResult> lists = new ArrayList<>();
            for (Kind k : kinds) {
                ListResult r = ds.list(k, rev);
                rev = r.revision();
                lists.add(r);
            }
            if (bgp != null) {
                bgp.reset();
            }
            for (ListResult r : lists) {
                for (Versioned v : r.items()) {
                    if (Calculation.KINDS.contains(v.key().kind())) {
                        fresh.update(v.key(), v.value());
                    }
                    if (bgp != null) {
                        bgp.update(v.key(), v.value());
                    }
                }
            }
            calc = fresh;
            dataplane.resync(fresh.state());
            checkInputs();
            syncBgp();
            // Watch first: once awaitRevision(rev) returns, every later change reaches this agent.
            watch = ds.watch(null, rev, listener(gen));
            advance(rev);
        } catch (RuntimeException e) {
            LOG.warn("node agent {}: listing failed ({}); retrying", node, e.toString());
            recordError(e instanceof CalicoException ? (CalicoException) e : new CalicoException(e.toString(), e));
            retryLater();
        }
    }

    private DatastoreListener listener(long gen) {
        return new DatastoreListener() {
            @Override
            public void onEvent(DatastoreEvent e) {
                run(() -> {
                    if (gen != currentGeneration()) {
                        return;
                    }
                    if (Calculation.KINDS.contains(e.key().kind())) {
                        DataplaneDelta d = calc.update(e.key(), e.value() == null ? null : e.value().value());
                        if (!d.isEmpty()) {
                            dataplane.apply(d);
                            checkInputs();
                        }
                    }
                    if (bgp != null && bgp.update(e.key(), e.value() == null ? null : e.value().value())) {
                        scheduleBgp();
                    }
                    if (e.endsRevision()) {
                        advance(e.revision()); // a transaction's revision is applied with its last change
                    }
                });
            }

            @Override
            public void onNotice(WatchNotice notice) {
                // The store's history changed under the watch (etcd restored or wiped): what the calculation holds
                // may include resources that no longer exist, so start over from a fresh list.
                if (notice.type() == WatchNotice.Type.RELISTED) {
                    LOG.warn("node agent {}: {}; listing again", node, notice.message());
                    remember(notice.message() + "; listing again", null);
                    run(() -> {
                        if (gen == currentGeneration()) {
                            relist();
                        }
                    });
                }
            }

            @Override
            public void onError(CalicoException error) {
                recordError(error);
                if (error instanceof ResourceVersionTooOldException) {
                    LOG.info("node agent {}: watch revision compacted; listing again", node);
                } else {
                    LOG.warn("node agent {}: watch failed ({}); listing again", node, error.toString());
                }
                run(() -> {
                    if (gen == currentGeneration()) {
                        relist();
                    }
                });
            }
        };
    }

    private boolean bgpPending;

    /** One BIRD update after a burst of changes, not one per change. */
    private void scheduleBgp() {
        if (!bgpPending) {
            bgpPending = true;
            worker.schedule(() -> {
                bgpPending = false;
                syncBgp();
            }, 100, TimeUnit.MILLISECONDS);
        }
    }

    private void syncBgp() {
        if (bgp == null) {
            return;
        }
        try {
            bgp.sync();
        } catch (RuntimeException e) {
            LOG.warn("node agent {}: BIRD update failed: {}", node, e.getMessage());
            recordError(e instanceof CalicoException ? (CalicoException) e : new CalicoException(e.getMessage(), e));
        }
    }

    private long currentGeneration() {
        synchronized (progress) {
            return generation;
        }
    }

    private void advance(long rev) {
        synchronized (progress) {
            if (rev > applied) {
                applied = rev;
            }
            progress.notifyAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        if (periodic != null) {
            periodic.cancel(false);
        }
        worker.execute(() -> {
            if (watch != null) {
                watch.close();
            }
        });
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    @Override
    public String toString() {
        return "NodeAgent[" + node + " on " + ds.describe() + ", revision " + appliedRevision() + "]";
    }

    /** Builds and starts a {@link NodeAgent}. */
    public static final class Builder {
        /** An empty builder, as {@link NodeAgent#builder()} gives. */
        public Builder() {
        }

        private @Nullable Datastore ds;
        private @Nullable String node;
        private @Nullable Dataplane dataplane;
        private Duration resyncInterval = Duration.ofSeconds(90);
        private org.calico4j.dataplane.bgp.@Nullable BirdController bird;
        private org.calico4j.dataplane.bgp.SecretResolver secrets = org.calico4j.dataplane.bgp.SecretResolver.none();
        private @Nullable LearnedRoutes learnedRoutes;

        /**
         * Reads from this client's datastore.
         *
         * @param client the client (the caller closes it)
         * @return this builder
         */
        public Builder client(CalicoClient client) {
            this.ds = client.datastore();
            return this;
        }

        /**
         * Reads from this datastore.
         *
         * @param datastore the datastore (the caller closes it)
         * @return this builder
         */
        public Builder datastore(Datastore datastore) {
            this.ds = datastore;
            return this;
        }

        /**
         * The Node name this agent runs for.
         *
         * @param name a Node name
         * @return this builder
         */
        public Builder node(String name) {
            this.node = name;
            return this;
        }

        /**
         * The dataplane to keep current.
         *
         * @param dp the dataplane (the caller closes it)
         * @return this builder
         */
        public Builder dataplane(Dataplane dp) {
            this.dataplane = dp;
            return this;
        }

        /**
         * How often to resync the dataplane from the calculation (Felix: 90 s); zero turns it off.
         *
         * @param interval the interval
         * @return this builder
         */
        public Builder resyncInterval(Duration interval) {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("resync interval must not be negative: " + interval);
            }
            this.resyncInterval = interval;
            return this;
        }

        /**
         * Also keep this node's BIRD configured (confd's job): passwords come from {@code resolver}.
         *
         * @param controller the BIRD to configure (the caller closes it)
         * @param resolver   resolves BGP passwords' Secret references
         * @return this builder
         */
        public Builder bird(org.calico4j.dataplane.bgp.BirdController controller, org.calico4j.dataplane.bgp.SecretResolver resolver) {
            this.bird = controller;
            this.secrets = resolver;
            return this;
        }

        /**
         * Where the routes BIRD would program come from, for a dataplane that runs no BIRD (the in-memory one): a
         * route to another node's IPIP or unencapsulated block exists only where {@code source} says this node
         * learned it over BGP. Without it, every such route is assumed delivered ({@link LearnedRoutes#ASSUME_DELIVERED})
         * and verdicts that use one say so. A kernel dataplane with BIRD ignores it.
         *
         * @param source which prefixes each node learned over BGP
         * @return this builder
         * @throws NullPointerException if {@code source} is null
         */
        public Builder learnedRoutes(LearnedRoutes source) {
            this.learnedRoutes = Objects.requireNonNull(source, "learnedRoutes");
            return this;
        }

        /**
         * Starts the agent: lists the datastore, programs the dataplane, and watches for changes.
         *
         * @return the running agent; the caller closes it
         * @throws IllegalStateException when the datastore, node or dataplane is missing
         */
        public NodeAgent start() {
            return new NodeAgent(this).begin();
        }
    }
}
