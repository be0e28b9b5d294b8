package org.calico4j.client.ipam.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.calico4j.client.NotFoundException;
import org.calico4j.client.ipam.Allocation;
import org.calico4j.client.ipam.AssignIpRequest;
import org.calico4j.client.ipam.AutoAssignRequest;
import org.calico4j.client.ipam.Ipam;
import org.calico4j.client.ipam.IpamAssignments;
import org.calico4j.client.ipam.IpamException;
import org.calico4j.client.ipam.IpamReport;
import org.calico4j.client.ipam.PoolUsage;
import org.calico4j.client.ipam.ReleaseResult;
import org.calico4j.client.ipam.internal.Pools.Pool;
import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.ListResult;
import org.calico4j.client.spi.Read;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Versioned;
import org.calico4j.model.IpReservation;
import org.calico4j.model.Kind;
import org.calico4j.model.ipam.AffinityState;
import org.calico4j.model.ipam.AllocationAttribute;
import org.calico4j.model.ipam.BlockAffinity;
import org.calico4j.model.ipam.IpamBlock;
import org.calico4j.model.ipam.IpamConfig;
import org.calico4j.model.ipam.IpamHandle;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/** The {@link Ipam} of a datastore: libcalico-go's IPAM algorithms over the Datastore SPI. */
public final class DefaultIpam implements Ipam {
    /** Calico's {@code EmptyBlockMinReclaimAge}: an empty block of another host may be taken over after this. */
    static final Duration EMPTY_BLOCK_MIN_RECLAIM_AGE = Duration.ofMinutes(1);
    /** How many blocks of a host's order a claim reads one by one before listing every block. */
    static final int PROBES = 8;

    private final IpamStore store;
    private final BlockWrites writes;
    private final Affinities affinities;
    private final Clock clock;

    public DefaultIpam(Datastore ds) {
        this(ds, Clock.systemUTC());
    }

    public DefaultIpam(Datastore ds, Clock clock) {
        this.store = new IpamStore(ds);
        this.writes = new BlockWrites(store);
        this.clock = clock;
        this.affinities = new Affinities(store, clock);
    }

    // ------------------------------------------------------------------ auto-assign

    @Override
    public IpamAssignments autoAssign(AutoAssignRequest r) {
        String host = checkHost(r.host());
        if (r.handleId() != null) {
            checkHandle(r.handleId());
        }
        if (r.num4() < 0 || r.num6() < 0) {
            throw invalid("cannot assign a negative number of addresses (" + r.num4() + " IPv4, " + r.num6() + " IPv6)");
        }
        // Everything the request reads before it picks a block, in one snapshot (one round trip on etcd).
        ResourceKey nodeKey = ResourceKey.of(Kind.NODE, host);
        List<Read> reads = new ArrayList<>(List.of(Read.key(nodeKey), Read.prefix(Kind.IP_POOL, ""), Read.key(IpamStore.CONFIG),
                Read.prefix(Kind.IP_RESERVATION, ""), Read.prefix(Kind.BLOCK_AFFINITY, BlockAffinity.hostPrefix(host))));
        if (r.handleId() != null) {
            reads.add(Read.key(IpamStore.handleKey(r.handleId())));
        }
        List<ListResult> snapshot = store.ds.read(reads);
        if (snapshot.get(0).items().isEmpty()) {
            throw new NotFoundException(nodeKey);
        }
        Map<String, String> labels = snapshot.get(0).items().get(0).value().metadata().labels();
        List<Pool> all = Pools.of(snapshot.get(1).items());
        List<Pool> pools4 = r.num4() == 0 ? List.of() : Pools.forAutoAssign(all, 4, r.ipv4Pools(), labels, r.intendedUse(), host);
        List<Pool> pools6 = r.num6() == 0 ? List.of() : Pools.forAutoAssign(all, 6, r.ipv6Pools(), labels, r.intendedUse(), host);
        IpamConfig cfg = IpamStore.config(BlockWrites.only(snapshot.get(2)));
        List<Cidr> reserved = reservations(snapshot.get(3).items());
        List<Versioned> owned = snapshot.get(4).items();
        BlockWrites.HandleRecord handle = r.handleId() == null ? null : BlockWrites.HandleRecord.read(r.handleId(), snapshot.get(5));
        List<IpAddress> v4 = new ArrayList<>();
        try {
            if (r.num4() > 0) {
                assignVersion(r, handle, host, 4, r.num4(), pools4, owned, cfg, reserved, v4);
            }
            List<IpAddress> v6 = new ArrayList<>();
            try {
                if (r.num6() > 0) {
                    assignVersion(r, handle, host, 6, r.num6(), pools6, owned, cfg, reserved, v6);
                }
            } catch (RuntimeException e) {
                rollback(v6, e);
                throw e;
            }
            return new IpamAssignments(v4, v6);
        } catch (RuntimeException e) {
            rollback(v4, e);
            throw e;
        }
    }

    private void rollback(List<IpAddress> taken, RuntimeException cause) {
        if (!taken.isEmpty()) {
            try {
                release(taken);
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    private void assignVersion(AutoAssignRequest r, BlockWrites.@Nullable HandleRecord handle, String host, int version, int num,
                               List<Pool> pools, List<Versioned> hostAffinities, IpamConfig cfg, List<Cidr> reserved,
                               List<IpAddress> out) {
        List<String> msgs = new ArrayList<>();
        // 1. The host's own blocks, in the datastore's order.
        int owned = 0;
        for (Versioned v : hostAffinities) {
            BlockAffinity a = (BlockAffinity) v.value();
            if (a.cidr().version() != version || a.state() == AffinityState.PENDING_DELETION) {
                continue;
            }
            if (!anyContains(pools, a.cidr())) {
                continue;
            }
            owned++;
            if (out.size() >= num || fullyReserved(a.cidr(), reserved)) {
                continue;
            }
            Optional<Versioned> block = store.block(a.cidr());
            if (block.isEmpty()) {
                // An affinity without its block (a claim cut short): claim it again.
                if (!affinities.claim(host, a.cidr())) {
                    owned--;
                    continue;
                }
            } else if (!IpamStore.block(block.get()).affinityHost().map(host::equals).orElse(false)) {
                affinities.deleteStale(v);
                owned--;
                continue;
            }
            out.addAll(assignFromBlock(a.cidr(), block.orElse(null), num - out.size(), r, handle, host, true, reserved));
        }
        // 2. New blocks, within the host's limit.
        int max = r.maxBlocksPerHost() > 0 && (cfg.maxBlocksPerHost() == 0 || r.maxBlocksPerHost() < cfg.maxBlocksPerHost())
                ? r.maxBlocksPerHost() : cfg.effectiveMaxBlocksPerHost();
        boolean noFreeBlocks = false;
        for (int attempt = 0; out.size() < num; attempt++) {
            if (attempt >= IpamStore.RETRIES) {
                throw IpamStore.tooManyRetries();
            }
            if (owned >= max) {
                msgs.add("Need to allocate an IPAM block but could not - limit of " + max + " blocks reached for this node");
                throw shortfall(version, num, out, msgs);
            }
            if (!cfg.autoAllocateBlocks()) {
                msgs.add("failed to find or claim a block");
                throw shortfall(version, num, out, msgs);
            }
            Optional<Cidr> cidr = findUsableBlock(pools, host, reserved);
            if (cidr.isEmpty()) {
                noFreeBlocks = true;
                break;
            }
            boolean ours = store.block(cidr.get()).map(v -> isAffine(v, host)).orElse(false)
                    || affinities.claim(host, cidr.get());
            if (!ours) {
                continue;
            }
            owned++;
            List<IpAddress> got = assignFromBlock(cidr.get(), null, num - out.size(), r, handle, host, true, reserved);
            if (got.isEmpty()) {
                msgs.add("Failed to assign IPs in newly allocated block");
            }
            out.addAll(got);
        }
        // 3. Borrowing from blocks other hosts own, only when no block is left to claim.
        if (out.size() < num && noFreeBlocks) {
            if (cfg.strictAffinity()) {
                msgs.add("No more free affine blocks and strict affinity enabled");
            } else {
                List<String> exhausted = new ArrayList<>();
                Map<Cidr, IpamBlock> existing = new HashMap<>();
                store.blocks().forEach(b -> existing.put(b.cidr(), b));
                for (Pool p : pools) {
                    BlockOrder order = new BlockOrder(p.cidr(), p.blockSize(), host);
                    List<IpamBlock> candidates = existing.values().stream()
                            .filter(b -> p.cidr().contains(b.cidr()) && b.cidr().prefixLength() == p.blockSize())
                            .sorted(Comparator.comparing(b -> order.position(b.cidr())))
                            .toList();
                    for (IpamBlock b : candidates) {
                        if (out.size() >= num) {
                            break;
                        }
                        if (!fullyReserved(b.cidr(), reserved)) {
                            out.addAll(assignFromBlock(b.cidr(), null, num - out.size(), r, handle, host, false, reserved));
                        }
                    }
                    if (out.size() >= num) {
                        break;
                    }
                    exhausted.add(p.cidr().toString());
                }
                if (!exhausted.isEmpty()) {
                    msgs.add("No IPs available in pools: [" + String.join(" ", exhausted) + "]");
                }
            }
        }
        if (out.size() < num) {
            throw shortfall(version, num, out, msgs);
        }
    }

    private static boolean anyContains(List<Pool> pools, Cidr block) {
        for (Pool p : pools) {
            if (p.cidr().contains(block)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAffine(Versioned block, String host) {
        return IpamStore.block(block).affinityHost().map(host::equals).orElse(false);
    }

    private static IpamException shortfall(int version, int num, List<IpAddress> got, List<String> msgs) {
        StringBuilder sb = new StringBuilder("Assigned " + got.size() + " out of " + num + " requested IPv" + version + " addresses");
        msgs.stream().distinct().forEach(m -> sb.append("; ").append(m));
        return new IpamException(IpamException.Reason.EXHAUSTED, sb.toString());
    }

    /**
     * The first block CIDR of the pools, in the host's order, that is not fully reserved and either has
     * no block yet or is the host's own block with room; failing that, an empty block of another host
     * claimed more than a minute ago, whose affinity is released for this host to claim.
     */
    private Optional<Cidr> findUsableBlock(List<Pool> pools, String host, List<Cidr> reserved) {
        // Calico lists every block for each claim (n² reads over a cluster's first claims). A claim mostly lands within
        // the first few blocks of the host's order, so those are read one by one first; the same walk over a listing
        // follows when none is usable, and it alone decides on reclaiming another host's empty block.
        int probes = 0;
        for (Pool p : pools) {
            for (Cidr c : new BlockOrder(p.cidr(), p.blockSize(), host)) {
                if (probes++ == PROBES) {
                    break;
                }
                if (fullyReserved(c, reserved)) {
                    continue;
                }
                if (claimable(store.block(c).map(IpamStore::block).orElse(null), host, reserved)) {
                    return Optional.of(c);
                }
            }
            if (probes > PROBES) {
                break;
            }
        }
        Map<Cidr, IpamBlock> existing = new HashMap<>();
        store.blocks().forEach(b -> existing.put(b.cidr(), b));
        List<IpamBlock> reclaimable = new ArrayList<>();
        for (Pool p : pools) {
            for (Cidr c : new BlockOrder(p.cidr(), p.blockSize(), host)) {
                if (fullyReserved(c, reserved)) {
                    continue;
                }
                IpamBlock b = existing.get(c);
                if (claimable(b, host, reserved)) {
                    return Optional.of(c);
                }
                if (!b.affinityHost().map(host::equals).orElse(false) && b.isEmpty() && b.affinityHost().isPresent()) {
                    reclaimable.add(b);
                }
            }
        }
        Instant cutoff = clock.instant().minus(EMPTY_BLOCK_MIN_RECLAIM_AGE);
        for (IpamBlock b : reclaimable) {
            boolean old = b.affinityClaimTime().map(t -> parseTime(t).map(i -> !i.isAfter(cutoff)).orElse(true)).orElse(true);
            if (old && affinities.release(b.affinityHost().orElseThrow(), b.cidr(), true, b.sequenceNumber())) {
                return Optional.of(b.cidr());
            }
        }
        return Optional.empty();
    }

    /** A block CIDR {@code host} may take: no block there yet, or the host's own block with room. */
    private static boolean claimable(@Nullable IpamBlock b, String host, List<Cidr> reserved) {
        return b == null || b.affinityHost().map(host::equals).orElse(false) && BlockOps.freeUsable(b, reserved) > 0;
    }

    private static Optional<Instant> parseTime(String t) {
        try {
            return Optional.of(Instant.parse(t));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Takes up to {@code num} addresses from one block with compare-and-swap; empty when it has none to give.
     * {@code preRead} is the block as just read (null: read it here).
     */
    private List<IpAddress> assignFromBlock(Cidr cidr, @Nullable Versioned preRead, int num, AutoAssignRequest r,
                                            BlockWrites.@Nullable HandleRecord handle, String host, boolean affineOnly,
                                            List<Cidr> reserved) {
        List<Cidr> inBlock = List.of();
        for (Cidr c : reserved) {
            if (c.overlaps(cidr)) {
                if (inBlock.isEmpty()) {
                    inBlock = new ArrayList<>();
                }
                inBlock.add(c);
            }
        }
        Versioned read = preRead;
        for (int i = 0; i < IpamStore.RETRIES; i++) {
            Optional<Versioned> v = read != null ? Optional.of(read) : writes.readBlock(cidr, handle);
            read = null;
            if (v.isEmpty()) {
                return List.of();
            }
            IpamBlock b = IpamStore.block(v.get());
            if (affineOnly && !b.affinityHost().map(host::equals).orElse(false)) {
                return List.of();
            }
            BlockOps.Edit e = BlockOps.autoAssign(b, num, r.handleId(), r.attributes(), inBlock);
            if (e == null) {
                return List.of();
            }
            if (writes.allocate(v.get(), e, handle)) {
                return e.ips();
            }
        }
        throw IpamStore.tooManyRetries();
    }

    // ------------------------------------------------------------------ assign one address

    @Override
    public void assignIp(AssignIpRequest r) {
        if (r.handleId() != null) {
            checkHandle(r.handleId());
        }
        String host = r.host().isEmpty() ? "" : checkHost(r.host());
        Pool pool = Pools.enabledContaining(Pools.all(store.ds), r.ip()).orElseThrow(() ->
                new IpamException(IpamException.Reason.NO_POOL, "The provided IP address is not in a configured pool: " + r.ip()));
        Cidr cidr = pool.blockOf(r.ip());
        IpamConfig cfg = store.config();
        BlockWrites.HandleRecord handle = r.handleId() == null ? null : new BlockWrites.HandleRecord(r.handleId());
        for (int i = 0; i < IpamStore.RETRIES; i++) {
            Optional<Versioned> v = writes.readBlock(cidr, handle);
            if (v.isEmpty()) {
                if (host.isEmpty()) {
                    throw invalid("the block " + cidr + " of " + r.ip() + " is not claimed yet; name the host that claims it");
                }
                affinities.claim(host, cidr);
                continue;
            }
            IpamBlock b = IpamStore.block(v.get());
            if (cfg.strictAffinity()) {
                if (b.affinityHost().isEmpty()) {
                    throw new IpamException(IpamException.Reason.INVALID_REQUEST, "Attempt to assign from block " + cidr + " with no affinity");
                }
                if (!b.affinityHost().get().equals(host)) {
                    throw new IpamException(IpamException.Reason.INVALID_REQUEST, "Block host affinity does not match");
                }
            }
            BlockOps.Edit e = BlockOps.assign(b, b.ordinalOf(r.ip()), r.handleId(), r.attributes());
            if (writes.allocate(v.get(), e, handle)) {
                return;
            }
        }
        throw IpamStore.tooManyRetries();
    }

    // ------------------------------------------------------------------ release

    @Override
    public ReleaseResult release(Collection<IpAddress> ips) {
        // The pools, and the blocks the pools last seen put the addresses in, in one snapshot: a guess, used
        // only where the pools read confirm it, that saves a round trip when (as nearly always) they do.
        List<Read> reads = new ArrayList<>();
        reads.add(Read.prefix(Kind.IP_POOL, ""));
        List<Pool> lastKnown = Pools.lastKnown();
        Set<Cidr> guessed = new LinkedHashSet<>();
        for (IpAddress ip : ips) {
            Optional<Pool> p = Pools.containing(lastKnown, ip);
            if (p.isPresent() && guessed.size() < Datastore.MAX_BATCH - 1) {
                guessed.add(p.get().blockOf(ip));
            }
        }
        guessed.forEach(c -> reads.add(Read.key(IpamStore.blockKey(c))));
        List<ListResult> snapshot = store.ds.read(reads);
        List<Pool> pools = Pools.of(snapshot.get(0).items());
        Map<Cidr, Optional<Versioned>> blocksRead = new HashMap<>();
        int at = 1;
        for (Cidr c : guessed) {
            blocksRead.put(c, Optional.ofNullable(BlockWrites.only(snapshot.get(at++))));
        }
        Map<Cidr, List<IpAddress>> byBlock = new LinkedHashMap<>();
        List<IpAddress> notAllocated = new ArrayList<>();
        List<IpamBlock> scanned = null;
        for (IpAddress ip : ips) {
            Optional<Pool> p = Pools.containing(pools, ip);
            Cidr block = null;
            if (p.isPresent()) {
                block = p.get().blockOf(ip);
            } else {
                // In no pool (deleted since): find its block among all blocks.
                if (scanned == null) {
                    scanned = store.blocks();
                }
                block = scanned.stream().map(IpamBlock::cidr).filter(c -> c.containsAddress(ip)).findFirst().orElse(null);
            }
            if (block == null) {
                notAllocated.add(ip);
            } else {
                byBlock.computeIfAbsent(block, k -> new ArrayList<>()).add(ip);
            }
        }
        List<IpAddress> released = new ArrayList<>();
        Map<String, Optional<Versioned>> handles = new HashMap<>();
        byBlock.forEach((cidr, group) -> {
            BlockOps.Edit e = writes.release(cidr, b -> BlockOps.release(b, group), blocksRead.get(cidr), handles);
            if (e == null) {
                notAllocated.addAll(group);
            } else {
                released.addAll(e.ips());
                notAllocated.addAll(e.notAllocated());
            }
        });
        return new ReleaseResult(released, notAllocated);
    }

    @Override
    public List<IpAddress> releaseByHandle(String handleId) {
        checkHandle(handleId);
        ResourceKey key = IpamStore.handleKey(handleId);
        Versioned record = store.ds.get(key).orElseThrow(() -> new NotFoundException(key));
        IpamHandle h = (IpamHandle) record.value();
        Map<String, Optional<Versioned>> handles = new HashMap<>();
        handles.put(handleId, Optional.of(record));
        List<IpAddress> released = new ArrayList<>();
        for (Cidr cidr : h.blocks().keySet()) {
            BlockOps.Edit e = writes.release(cidr, b -> BlockOps.releaseHandle(b, handleId), null, handles);
            if (e != null) {
                released.addAll(e.ips());
            }
            if (e == null || e.ips().isEmpty()) {
                // The handle counts addresses this block does not hold for it: drop the stale count.
                store.adjustHandle(handleId, cidr, -h.blocks().get(cidr));
                handles.remove(handleId);
            }
        }
        return released;
    }

    // ------------------------------------------------------------------ queries

    @Override
    public List<IpAddress> ipsByHandle(String handleId) {
        checkHandle(handleId);
        List<IpAddress> out = new ArrayList<>();
        Optional<IpamHandle> h = store.handle(handleId);
        if (h.isEmpty()) {
            return out;
        }
        for (Cidr cidr : h.get().blocks().keySet()) {
            store.block(cidr).map(IpamStore::block).ifPresent(b -> {
                for (int ord = 0; ord < b.size(); ord++) {
                    int a = b.allocationAt(ord);
                    if (a != IpamBlock.FREE && handleId.equals(b.attributes().get(a).handleId())) {
                        out.add(b.address(ord));
                    }
                }
            });
        }
        return out;
    }

    @Override
    public Optional<Allocation> allocation(IpAddress ip) {
        Optional<Pool> p = Pools.containing(Pools.all(store.ds), ip);
        Optional<IpamBlock> block = p.isPresent() ? store.block(p.get().blockOf(ip)).map(IpamStore::block)
                : store.blocks().stream().filter(b -> b.cidr().containsAddress(ip)).findFirst();
        if (block.isEmpty()) {
            return Optional.empty();
        }
        IpamBlock b = block.get();
        Optional<AllocationAttribute> a = b.ownerOf(ip);
        return a.map(x -> new Allocation(ip, b.cidr(), x.handleId(), x.secondary(), b.affinityHost().orElse(null)));
    }

    @Override
    public List<IpamBlock> blocks() {
        return store.blocks();
    }

    @Override
    public List<BlockAffinity> affinities() {
        return store.affinities("");
    }

    @Override
    public List<BlockAffinity> affinities(String host) {
        return store.affinities(BlockAffinity.hostPrefix(checkHost(host)));
    }

    @Override
    public List<PoolUsage> usage() {
        return IpamChecker.usage(Pools.all(store.ds), store.blocks());
    }

    @Override
    public IpamReport check() {
        return new IpamChecker(store).check();
    }

    // ------------------------------------------------------------------ config and affinities

    @Override
    public IpamConfig config() {
        return store.config();
    }

    @Override
    public IpamConfig setConfig(IpamConfig config) {
        if (!config.strictAffinity() && !config.autoAllocateBlocks()) {
            throw invalid("Cannot disable 'StrictAffinity' and 'AutoAllocateBlocks' at the same time");
        }
        if (config.maxBlocksPerHost() != 0 && !config.strictAffinity()) {
            throw invalid("MaxBlocksPerHost requires StrictAffinity to be enabled");
        }
        for (int i = 0; i < IpamStore.RETRIES; i++) {
            Optional<Versioned> cur = store.ds.get(IpamStore.CONFIG);
            try {
                Versioned v = cur.isEmpty() ? store.ds.create(IpamStore.CONFIG, config)
                        : store.ds.update(IpamStore.CONFIG, config, cur.get().revision());
                return (IpamConfig) v.value();
            } catch (RuntimeException e) {
                if (!IpamStore.lostRace(e)) {
                    throw e;
                }
            }
        }
        throw IpamStore.tooManyRetries();
    }

    @Override
    public void releaseHostAffinities(String host) {
        for (BlockAffinity a : store.affinities(BlockAffinity.hostPrefix(checkHost(host)))) {
            affinities.release(host, a.cidr(), false, null);
        }
    }

    @Override
    public void releasePoolAffinities(Cidr pool) {
        for (BlockAffinity a : store.affinities("")) {
            if (pool.network().contains(a.cidr())) {
                affinities.release(a.host(), a.cidr(), false, null);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static List<Cidr> reservations(List<Versioned> items) {
        List<Cidr> out = new ArrayList<>();
        for (Versioned v : items) {
            for (String s : ((IpReservation) v.value()).spec().reservedCIDRs()) {
                Cidr.tryParseCidrOrIp(s.trim()).ifPresent(c -> out.add(c.network()));
            }
        }
        return out;
    }

    private static boolean fullyReserved(Cidr block, List<Cidr> reserved) {
        for (Cidr c : reserved) {
            if (c.contains(block)) {
                return true;
            }
        }
        return false;
    }

    private static String checkHost(String host) {
        if (!BlockAffinity.isValidHost(host)) {
            throw invalid("'" + host + "' is not a valid host name (a Node name: lower-case alphanumerics, '-' and '.',"
                    + " at most 253 characters)");
        }
        return host;
    }

    private static String checkHandle(String id) {
        if (!IpamHandle.isValidId(id)) {
            throw invalid("'" + id + "' is not a valid IPAM handle ID (1 to 253 letters, digits and . _ : @ + = -,"
                    + " starting with a letter or digit)");
        }
        return id;
    }

    private static IpamException invalid(String message) {
        return new IpamException(IpamException.Reason.INVALID_REQUEST, message);
    }
}
