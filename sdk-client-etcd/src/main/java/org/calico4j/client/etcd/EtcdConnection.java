package org.calico4j.client.etcd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.common.exception.CompactedException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import org.calico4j.client.DatastoreException;
import org.calico4j.client.ResourceVersionTooOldException;
import org.calico4j.model.CalicoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One datastore's connection to etcd: the jetcd client, replaced by a fresh one as soon as etcd
 * accepts connections again after an outage. gRPC's own reconnect backoff grows to minutes, so
 * a client kept across a long outage could take many seconds to notice that etcd is back; a
 * fresh client connects at once. Also maps gRPC failures to calico4j's exceptions. Thread-safe.
 */
final class EtcdConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdConnection.class);
    private static final int MAX_MESSAGE = 256 * 1024 * 1024;
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** How often an unreachable etcd is probed (a TCP connect), and the probe's own timeout. */
    static final long PROBE_MILLIS = 100;
    /** At most one fresh client this often, so an etcd that accepts but fails calls costs little. */
    private static final long MIN_RENEW_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final EtcdOptions options;
    private final ScheduledExecutorService timer;
    private final Object lock = new Object();
    private volatile Client client;
    /** Replaced clients not yet closed: {@link #close()} closes them if the timer has not. */
    private final java.util.Set<Client> retired = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private boolean probing;
    private long renewedAt = System.nanoTime() - MIN_RENEW_NANOS;
    private volatile boolean closed;

    EtcdConnection(EtcdOptions options) {
        this.options = options;
        this.client = build(options);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "calico4j-etcd-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    static Client build(EtcdOptions options) {
        ClientBuilder b = Client.builder()
                .endpoints(options.endpoints().toArray(new String[0]))
                .maxInboundMessageSize(MAX_MESSAGE)
                .waitForReady(false)
                .connectTimeout(options.timeout());
        if (options.user() != null && options.password() != null) {
            FrameLogGuard.install();
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
        return b.build();
    }

    EtcdOptions options() {
        return options;
    }

    /** The current client; a caller that sees it fail with UNAVAILABLE reports it to {@link #lost}. */
    Client client() {
        checkOpen();
        return client;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    boolean isClosed() {
        return closed;
    }

    void checkOpen() {
        if (closed) {
            throw new DatastoreException("datastore " + options + " is closed", false);
        }
    }

    /**
     * {@code failed} could not reach etcd: probe until etcd accepts connections, then replace it
     * with a fresh client (once, however many callers report the same client).
     */
    void lost(Client failed) {
        synchronized (lock) {
            if (closed || failed != client || probing) {
                return;
            }
            probing = true;
        }
        timer.execute(this::probe);
    }

    private void probe() {
        if (closed) {
            return;
        }
        if (!reachable()) {
            timer.schedule(this::probe, PROBE_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        long wait;
        synchronized (lock) {
            wait = renewedAt + MIN_RENEW_NANOS - System.nanoTime();
        }
        if (wait > 0) {
            timer.schedule(this::probe, wait, TimeUnit.NANOSECONDS);
            return;
        }
        Client fresh = build(options);
        Client old;
        synchronized (lock) {
            if (closed) {
                fresh.close();
                return;
            }
            old = client;
            client = fresh;
            probing = false;
            renewedAt = System.nanoTime();
        }
        LOG.info("etcd {} accepts connections again; reconnected with a fresh client", options);
        // Calls still running on the old client fail (retryably) and its watches move to the fresh one.
        retired.add(old);
        timer.execute(() -> {
            old.close();
            retired.remove(old);
        });
    }

    /** Whether any endpoint accepts a TCP connection now. */
    boolean reachable() {
        for (String e : options.endpoints()) {
            URI u = URI.create(e);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(u.getHost(), u.getPort()), (int) PROBE_MILLIS);
                return true;
            } catch (IOException | IllegalArgumentException notNow) {
                // try the next endpoint
            }
        }
        return false;
    }

    /** Runs one call on the current client, bounded by the options' timeout. */
    <T> T await(Function<Client, CompletableFuture<T>> call, String what) {
        Client c = client();
        CompletableFuture<T> f;
        try {
            f = call.apply(c);
        } catch (RuntimeException e) {
            throw map(c, e, what);
        }
        try {
            return f.get(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            lost(c);
            throw new DatastoreException("etcd " + options + ": " + what + " timed out after " + options.timeout(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatastoreException("etcd " + options + ": " + what + " interrupted", true, e);
        } catch (ExecutionException e) {
            throw map(c, e.getCause(), what);
        }
    }

    CalicoException map(Client c, Throwable cause, String what) {
        Status s = cause instanceof StatusRuntimeException ? ((StatusRuntimeException) cause).getStatus() : Status.fromThrowable(cause);
        String msg = String.valueOf(s.getDescription());
        if (cause instanceof CompactedException || msg.contains("required revision has been compacted")) {
            return new ResourceVersionTooOldException(-1, -1);
        }
        if (msg.contains("future revision")) {
            return new DatastoreException("etcd " + options + ": " + what + ": the revision is in the future", true, cause);
        }
        if (authenticationFailed(s)) {
            String user = options.user();
            return new DatastoreException("etcd " + options + ": " + what + ": authentication failed"
                    + (user == null ? " (etcd requires a user: give user@ in the URI and the password in a file"
                            + " or in CALICO4J_ETCD_PASSWORD)" : " for user " + user + " (check the password)"), false, cause);
        }
        if (s.getCode() == Status.Code.UNAVAILABLE) {
            lost(c);
        }
        boolean retryable = s.getCode() == Status.Code.UNAVAILABLE || s.getCode() == Status.Code.DEADLINE_EXCEEDED
                || s.getCode() == Status.Code.ABORTED || s.getCode() == Status.Code.RESOURCE_EXHAUSTED
                || s.getCode() == Status.Code.UNKNOWN || s.getCode() == Status.Code.INTERNAL;
        return new DatastoreException("etcd " + options + ": " + what + " failed: " + s.getCode() + " " + msg, retryable, cause);
    }

    static boolean authenticationFailed(Status s) {
        String msg = String.valueOf(s.getDescription());
        return s.getCode() == Status.Code.UNAUTHENTICATED || msg.contains("authentication failed")
                || msg.contains("user name is empty");
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        timer.shutdownNow();
        client.close();
        for (Client old : retired) {
            old.close();
        }
        retired.clear();
    }
}
