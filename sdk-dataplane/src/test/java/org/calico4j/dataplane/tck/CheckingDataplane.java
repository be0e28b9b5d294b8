package org.calico4j.dataplane.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import org.calico4j.dataplane.Dataplane;
import org.calico4j.dataplane.DataplaneCapabilities;
import org.calico4j.dataplane.DataplaneDelta;
import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.DataplaneStatus;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.Verdict;

/**
 * A kernel-backed dataplane under test: after every write {@code afterWrite} compares what it programmed with what
 * the kernel holds, every verdict is handed to {@code onVerdict} (e.g. to walk the programmed rules), and closing
 * it also closes the namespaces it lives in (last given, first closed).
 *
 * <pre>{@code
 * Dataplane dp = CheckingDataplane.of(ebpf).afterWrite(() -> assertEquals(ebpf.routesMap(), ebpf.dumpRoutesMap())).closing(netns).build();
 * }</pre>
 */
public final class CheckingDataplane implements Dataplane {
    private final Dataplane dp;
    private final Runnable afterWrite;
    private final BiConsumer<Packet, Verdict> onVerdict;
    private final List<AutoCloseable> closing;
    private boolean closed;

    private CheckingDataplane(Builder b) {
        this.dp = b.dp;
        this.afterWrite = b.afterWrite;
        this.onVerdict = b.onVerdict;
        this.closing = List.copyOf(b.closing);
    }

    public static Builder of(Dataplane dp) {
        return new Builder(dp);
    }

    /** The dataplane checked. */
    public Dataplane delegate() {
        return dp;
    }

    /** Runs the kernel comparison now (also done after every write). */
    public void check() {
        afterWrite.run();
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void apply(DataplaneDelta delta) {
        dp.apply(delta);
        check();
    }

    @Override
    public void resync(DataplaneState state) {
        dp.resync(state);
        check();
    }

    @Override
    public DataplaneState state() {
        return dp.state();
    }

    @Override
    public Verdict evaluate(Packet packet) {
        Verdict v = dp.evaluate(packet);
        onVerdict.accept(packet, v);
        return v;
    }

    @Override
    public DataplaneStatus status() {
        return dp.status();
    }

    @Override
    public DataplaneCapabilities capabilities() {
        return dp.capabilities();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        try {
            dp.close();
        } catch (RuntimeException e) {
            failure = e;
        }
        for (int i = closing.size() - 1; i >= 0; i--) {
            try {
                closing.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "checked " + dp;
    }

    /** Options. */
    public static final class Builder {
        private final Dataplane dp;
        private Runnable afterWrite = () -> { };
        private BiConsumer<Packet, Verdict> onVerdict = (p, v) -> { };
        private final List<AutoCloseable> closing = new ArrayList<>();

        private Builder(Dataplane dp) {
            this.dp = dp;
        }

        public Builder afterWrite(Runnable check) {
            this.afterWrite = check;
            return this;
        }

        public Builder onVerdict(BiConsumer<Packet, Verdict> check) {
            this.onVerdict = check;
            return this;
        }

        /** Also closed when the dataplane is, after it. */
        public Builder closing(AutoCloseable resource) {
            closing.add(resource);
            return this;
        }

        public CheckingDataplane build() {
            return new CheckingDataplane(this);
        }
    }
}
