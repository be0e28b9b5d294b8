package org.calico4j.client.ipam.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.calico4j.client.ipam.IpamException;
import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.Versioned;
import org.calico4j.model.AllowedUse;
import org.calico4j.model.IpPool;
import org.calico4j.model.Kind;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.calico4j.model.selector.Selector;
import org.jspecify.annotations.Nullable;

/**
 * Which pools IPAM may use, as libcalico-go's {@code determinePools} decides: enabled pools of the IP
 * version in name order, the requested ones only when a request names pools (selectors and
 * assignment mode then do not apply), otherwise the Automatic pools whose {@code nodeSelector}
 * selects the node; then only pools whose {@code allowedUses} include the intended use.
 */
final class Pools {
    /** A pool with Calico's read defaults applied (block size 26 / 122, uses Workload and Tunnel, mode Automatic). */
    record Pool(IpPool resource, Cidr cidr, int blockSize) {
        boolean disabled() {
            return resource.spec().disabled();
        }

        /** The block of this pool that holds {@code ip}. */
        Cidr blockOf(IpAddress ip) {
            return Cidr.of(ip, blockSize).network();
        }

        boolean allows(AllowedUse use) {
            List<String> uses = resource.spec().allowedUses();
            return uses.isEmpty() ? use != AllowedUse.LOAD_BALANCER : uses.contains(use.wire());
        }

        boolean automatic() {
            return resource.spec().assignmentMode().map("Automatic"::equals).orElse(true);
        }

        boolean selects(Map<String, String> nodeLabels) {
            String sel = resource.spec().nodeSelector();
            if (sel.isBlank()) {
                return true;
            }
            // Selector keeps its parses by text: a pool's selector is parsed once, not on every request.
            Selector s = Selector.tryParse(sel).orElse(null);
            return s != null && s.matches(nodeLabels);
        }
    }

    private Pools() {
    }

    /**
     * The pools of one list: the same stored pool objects (a store hands out what it keeps) give the
     * same pools, so their CIDRs are parsed once per version of the pool, not once per request.
     */
    private record Listed(List<Object> resources, List<Pool> pools) {
    }

    private static final AtomicReference<@Nullable Listed> LAST = new AtomicReference<>();

    static List<Pool> all(Datastore ds) {
        return of(ds.list(Kind.IP_POOL, 0).items());
    }

    /** The pools of a listing of every pool. */
    static List<Pool> of(List<Versioned> items) {
        Listed last = LAST.get();
        if (last != null && sameObjects(last.resources(), items)) {
            return last.pools();
        }
        List<Object> resources = new ArrayList<>(items.size());
        List<Pool> out = new ArrayList<>();
        for (Versioned v : items) {
            IpPool p = (IpPool) v.value();
            resources.add(p);
            Optional<Cidr> c = Cidr.tryParse(p.spec().cidr());
            if (c.isPresent()) {
                int bs = p.spec().blockSize() != 0 ? p.spec().blockSize() : c.get().version() == 4 ? 26 : 122;
                out.add(new Pool(p, c.get().network(), bs));
            }
        }
        List<Pool> pools = List.copyOf(out);
        LAST.set(new Listed(resources, pools));
        return pools;
    }

    /**
     * The pools of the last listing parsed, from whichever store: a guess, for reading the blocks of a
     * release together with the pools, that the pools then read must confirm.
     */
    static List<Pool> lastKnown() {
        Listed last = LAST.get();
        return last == null ? List.of() : last.pools();
    }

    private static boolean sameObjects(List<Object> resources, List<Versioned> items) {
        if (resources.size() != items.size()) {
            return false;
        }
        for (int i = 0; i < resources.size(); i++) {
            if (resources.get(i) != items.get(i).value()) {
                return false;
            }
        }
        return true;
    }

    static Optional<Pool> enabledContaining(List<Pool> pools, IpAddress ip) {
        for (Pool p : pools) {
            if (!p.disabled() && p.cidr().containsAddress(ip)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static Optional<Pool> containing(List<Pool> pools, IpAddress ip) {
        for (Pool p : pools) {
            if (p.cidr().containsAddress(ip)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The pools an auto-assign of {@code version} addresses may use, in the order to try them. */
    static List<Pool> forAutoAssign(List<Pool> all, int version, List<Cidr> requested, Map<String, String> nodeLabels,
                                    AllowedUse use, String host) {
        for (Cidr r : requested) {
            if (r.version() != version) {
                throw new IpamException(IpamException.Reason.INVALID_REQUEST, "provided IPv" + version
                        + " IPPools list contains one or more IPv" + r.version() + " IPPools");
            }
        }
        List<Pool> enabled = new ArrayList<>(all.size());
        for (Pool p : all) {
            if (!p.disabled() && p.cidr().version() == version) {
                enabled.add(p);
            }
        }
        List<Pool> chosen = new ArrayList<>(enabled.size());
        if (!requested.isEmpty()) {
            for (Cidr r : requested) {
                Pool p = null;
                for (Pool x : enabled) {
                    if (x.cidr().equals(r.network())) {
                        p = x;
                        break;
                    }
                }
                if (p == null) {
                    throw new IpamException(IpamException.Reason.NO_POOL, "the given pool (" + r.network()
                            + ") does not exist, or is not enabled");
                }
                chosen.add(p);
            }
        } else {
            if (enabled.isEmpty()) {
                throw new IpamException(IpamException.Reason.NO_POOL, "cannot find a qualified ippool");
            }
            for (Pool p : enabled) {
                if (p.automatic() && p.selects(nodeLabels)) {
                    chosen.add(p);
                }
            }
            if (chosen.isEmpty()) {
                throw new IpamException(IpamException.Reason.NO_POOL, "no configured Calico pools for node " + host);
            }
        }
        List<Pool> usable = new ArrayList<>(chosen.size());
        for (Pool p : chosen) {
            if (p.allows(use)) {
                usable.add(p);
            }
        }
        if (usable.isEmpty()) {
            throw new IpamException(IpamException.Reason.NO_POOL,
                    "cannot find a qualified ippool, no pools match the required use (" + use.wire() + ")");
        }
        return usable;
    }
}
