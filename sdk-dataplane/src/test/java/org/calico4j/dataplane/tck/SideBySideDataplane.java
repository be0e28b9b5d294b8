package org.calico4j.dataplane.tck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.calico4j.dataplane.Dataplane;
import org.calico4j.dataplane.DataplaneCapabilities;
import org.calico4j.dataplane.DataplaneDelta;
import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.DataplaneStatus;
import org.calico4j.dataplane.Encap;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.Verdict;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * Several dataplanes of one node given the same writes, each packet evaluated by all of them: a verdict whose
 * observations differ from the first dataplane's (the reference) is an {@link AssertionError} naming every
 * dataplane's answer; otherwise the reference's verdict is returned. Closing closes them all, then {@code closing}.
 *
 * <pre>{@code
 * Dataplane all = SideBySideDataplane.builder().add("memory", mem).add("ebpf", ebpf).build();
 * }</pre>
 */
public final class SideBySideDataplane implements Dataplane {
    /**
     * What a verdict lets one observe of a packet, its explanation aside (each dataplane explains in its own words).
     *
     * @param action     delivered here, forwarded, dropped
     * @param sourceSeen the source address the next hop (e.g. an external host) sees
     * @param snatTo     the SNAT address, null when not masqueraded
     */
    public record Observation(Verdict.Action action, @Nullable IpAddress sourceSeen, @Nullable IpAddress snatTo, @Nullable String snatPorts,
                              Encap encap, @Nullable IpAddress outerSrc, @Nullable IpAddress outerDst, @Nullable String device,
                              @Nullable String route) {
        public static Observation of(Verdict v) {
            return new Observation(v.action(), v.action() == Verdict.Action.DROP ? null : v.sourceSeen(), v.snatTo(), v.snatPorts(), v.encap(),
                    v.outerSrc(), v.outerDst(), v.device(), v.route());
        }
    }

    private final Map<String, Dataplane> planes;
    private final List<AutoCloseable> closing;
    private final String reference;
    private long evaluations;

    private SideBySideDataplane(Builder b) {
        this.planes = new LinkedHashMap<>(b.planes);
        this.closing = List.copyOf(b.closing);
        this.reference = planes.keySet().iterator().next();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How many packets all the dataplanes agreed on. */
    public long evaluations() {
        return evaluations;
    }

    @Override
    public void apply(DataplaneDelta delta) {
        planes.values().forEach(p -> p.apply(delta));
        sameState();
    }

    @Override
    public void resync(DataplaneState state) {
        planes.values().forEach(p -> p.resync(state));
        sameState();
    }

    private void sameState() {
        DataplaneState ref = planes.get(reference).state();
        planes.forEach((name, p) -> {
            if (!ref.equals(p.state())) {
                throw new AssertionError(name + " holds " + p.state() + ", " + reference + " " + ref);
            }
        });
    }

    @Override
    public DataplaneState state() {
        return planes.get(reference).state();
    }

    @Override
    public Verdict evaluate(Packet packet) {
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        planes.forEach((name, p) -> verdicts.put(name, p.evaluate(packet)));
        Verdict ref = verdicts.get(reference);
        Observation want = Observation.of(ref);
        for (Map.Entry<String, Verdict> e : verdicts.entrySet()) {
            if (!Observation.of(e.getValue()).equals(want)) {
                StringBuilder sb = new StringBuilder("dataplanes disagree on " + packet + ":");
                verdicts.forEach((n, v) -> sb.append("\n  ").append(n).append(": ").append(Observation.of(v)).append(" -- ").append(v.reason()));
                throw new AssertionError(sb.toString());
            }
        }
        evaluations++;
        return ref;
    }

    @Override
    public DataplaneStatus status() {
        return planes.get(reference).status();
    }

    @Override
    public DataplaneCapabilities capabilities() {
        return planes.get(reference).capabilities();
    }

    @Override
    public void close() {
        List<Exception> errors = new ArrayList<>();
        for (Dataplane p : planes.values()) {
            try {
                p.close();
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        for (int i = closing.size() - 1; i >= 0; i--) {
            try {
                closing.get(i).close();
            } catch (Exception e) {
                errors.add(e);
            }
        }
        if (!errors.isEmpty()) {
            IllegalStateException e = new IllegalStateException("closing " + planes.keySet() + " failed", errors.get(0));
            errors.subList(1, errors.size()).forEach(e::addSuppressed);
            throw e;
        }
    }

    @Override
    public String toString() {
        return "side by side " + planes.keySet();
    }

    /** The dataplanes, reference first. */
    public static final class Builder {
        private final Map<String, Dataplane> planes = new LinkedHashMap<>();
        private final List<AutoCloseable> closing = new ArrayList<>();

        public Builder add(String name, Dataplane dp) {
            planes.put(name, dp);
            return this;
        }

        /** Also closed, after the dataplanes. */
        public Builder closing(AutoCloseable resource) {
            closing.add(resource);
            return this;
        }

        public SideBySideDataplane build() {
            if (planes.isEmpty()) {
                throw new IllegalStateException("no dataplane to compare");
            }
            return new SideBySideDataplane(this);
        }
    }
}
