package org.calico4j.dataplane;

import java.util.Collection;

import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * {@link NodeTables} that answer every lookup from other tables; a subclass overrides the lookups it answers
 * differently (the routes BGP delivered, NAT-outgoing sets read from BPF route flags).
 *
 * <pre>{@code
 * NodeTables t = new ForwardingNodeTables(tables) {
 *     public boolean blocked(IpAddress ip) { return false; }
 * };
 * }</pre>
 */
public abstract class ForwardingNodeTables implements NodeTables {
    private final NodeTables delegate;

    /**
     * Forwards every call to {@code delegate}.
     *
     * @param delegate the tables to wrap
     */
    protected ForwardingNodeTables(NodeTables delegate) {
        this.delegate = delegate;
    }

    /**
     * The tables this one forwards to.
     *
     * @return the wrapped tables
     */
    protected final NodeTables delegate() {
        return delegate;
    }

    @Override
    public HostInfo host() {
        return delegate.host();
    }

    @Override
    public NatSettings nat() {
        return delegate.nat();
    }

    @Override
    public Collection<PoolInfo> pools() {
        return delegate.pools();
    }

    @Override
    public @Nullable RouteInfo route(IpAddress dst) {
        return delegate.route(dst);
    }

    @Override
    public @Nullable RouteInfo installedRoute(Cidr prefix) {
        return delegate.installedRoute(prefix);
    }

    @Override
    public boolean inSet(String set, IpAddress ip) {
        return delegate.inSet(set, ip);
    }

    @Override
    public @Nullable LocalWorkload workload(IpAddress ip) {
        return delegate.workload(ip);
    }

    @Override
    public boolean isLocal(IpAddress ip) {
        return delegate.isLocal(ip);
    }

    @Override
    public boolean blocked(IpAddress ip) {
        return delegate.blocked(ip);
    }
}
