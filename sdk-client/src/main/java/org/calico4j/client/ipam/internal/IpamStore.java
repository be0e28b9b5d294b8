package org.calico4j.client.ipam.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.calico4j.client.AlreadyExistsException;
import org.calico4j.client.ConflictException;
import org.calico4j.client.NotFoundException;
import org.calico4j.client.ipam.IpamException;
import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Versioned;
import org.calico4j.client.spi.Write;
import org.calico4j.model.Kind;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.ipam.BlockAffinity;
import org.calico4j.model.ipam.IpamBlock;
import org.calico4j.model.ipam.IpamConfig;
import org.calico4j.model.ipam.IpamHandle;
import org.calico4j.model.net.Cidr;
import org.jspecify.annotations.Nullable;

/** Typed, compare-and-swap access to the IPAM records of one datastore. */
final class IpamStore {
    /** Calico's {@code datastoreRetries}. */
    static final int RETRIES = 100;

    final Datastore ds;

    IpamStore(Datastore ds) {
        this.ds = ds;
    }

    static IpamException tooManyRetries() {
        return new IpamException(IpamException.Reason.TOO_MANY_RETRIES, "Max retries hit - excessive concurrent IPAM requests");
    }

    /** True for the failures a compare-and-swap loop answers by reading again. */
    static boolean lostRace(RuntimeException e) {
        return e instanceof ConflictException || e instanceof AlreadyExistsException || e instanceof NotFoundException;
    }

    /** Block keys by CIDR: a key's name is the CIDR's text, formatted once rather than on every read of the block. */
    private static final Map<Cidr, ResourceKey> BLOCK_KEYS = new ConcurrentHashMap<>();
    private static final int BLOCK_KEYS_KEPT = 1 << 16;

    static ResourceKey blockKey(Cidr cidr) {
        ResourceKey k = BLOCK_KEYS.get(cidr);
        if (k == null) {
            k = ResourceKey.of(Kind.IPAM_BLOCK, IpamBlock.nameFor(cidr));
            if (BLOCK_KEYS.size() >= BLOCK_KEYS_KEPT) {
                BLOCK_KEYS.clear();
            }
            BLOCK_KEYS.put(cidr, k);
        }
        return k;
    }

    static ResourceKey affinityKey(String host, Cidr cidr) {
        return ResourceKey.of(Kind.BLOCK_AFFINITY, BlockAffinity.nameFor(host, cidr));
    }

    static ResourceKey handleKey(String id) {
        return ResourceKey.of(Kind.IPAM_HANDLE, id);
    }

    static final ResourceKey CONFIG = ResourceKey.of(Kind.IPAM_CONFIG, IpamConfig.NAME);

    Optional<Versioned> block(Cidr cidr) {
        return ds.get(blockKey(cidr));
    }

    static IpamBlock block(Versioned v) {
        return (IpamBlock) v.value();
    }

    List<IpamBlock> blocks() {
        List<IpamBlock> out = new ArrayList<>();
        for (Versioned v : ds.list(Kind.IPAM_BLOCK, 0).items()) {
            out.add(block(v));
        }
        return out;
    }

    List<BlockAffinity> affinities(String namePrefix) {
        List<BlockAffinity> out = new ArrayList<>();
        for (Versioned v : ds.list(Kind.BLOCK_AFFINITY, namePrefix, 0).items()) {
            out.add((BlockAffinity) v.value());
        }
        return out;
    }

    Optional<IpamHandle> handle(String id) {
        return ds.get(handleKey(id)).map(v -> (IpamHandle) v.value());
    }

    private static final IpamConfig DEFAULT_CONFIG = IpamConfig.defaults();

    IpamConfig config() {
        return config(ds.get(CONFIG).orElse(null));
    }

    /** The config a read of its key found, or Calico's defaults when there is none. */
    static IpamConfig config(@Nullable Versioned read) {
        return read == null ? DEFAULT_CONFIG : (IpamConfig) read.value();
    }

    /**
     * The write that adds {@code delta} (may be negative) addresses of {@code block} to handle {@code id},
     * given its stored record: a create, an update, a delete of a handle left empty, or null when nothing
     * changes (a release from an absent handle, or of addresses it does not count).
     */
    static @Nullable Write handleWrite(String id, @Nullable Versioned cur, Cidr block, int delta) {
        if (cur == null) {
            return delta <= 0 ? null
                    : Write.create(handleKey(id), new IpamHandle(ObjectMeta.named(IpamHandle.checkId(id)), Map.of(block, delta), false));
        }
        IpamHandle h = (IpamHandle) cur.value();
        int held = h.blocks().getOrDefault(block, 0);
        IpamHandle next = h.plus(block, Math.max(delta, -held));
        if (next.blocks().isEmpty()) {
            return Write.delete(cur.key(), cur.revision());
        }
        return next.blocks().equals(h.blocks()) ? null : Write.update(cur.key(), next, cur.revision());
    }

    /** Adds {@code delta} (may be negative) addresses of {@code block} to handle {@code id}; a handle left empty is deleted. */
    void adjustHandle(String id, Cidr block, int delta) {
        ResourceKey key = handleKey(id);
        for (int i = 0; i < RETRIES; i++) {
            Write w = handleWrite(id, ds.get(key).orElse(null), block, delta);
            if (w == null) {
                return;
            }
            try {
                ds.commit(List.of(w));
                return;
            } catch (RuntimeException e) {
                if (!lostRace(e)) {
                    throw e;
                }
            }
        }
        throw tooManyRetries();
    }
}
