package org.calico4j.dataplane.internal;

import java.util.HashMap;
import java.util.Map;

import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * IPAM blocks by CIDR, and the block holding an address found with one hash probe per block size in use (longest
 * first): Calico's blocks do not nest, and a cluster has one or two block sizes, so this beats a prefix trie, which
 * converts the address at every lookup. Not thread-safe.
 *
 * <pre>{@code
 * BlockIndex<IpamBlock> blocks = new BlockIndex<>();
 * blocks.put(block.cidr(), block);
 * Cidr holding = blocks.containing(ip);
 * }</pre>
 *
 * @param <V> what is kept per block
 */
public final class BlockIndex<V> {
    private final Map<Cidr, V> byCidr = new HashMap<>();
    /** How many blocks have each prefix length. */
    private final int[] ofLength = new int[129];
    /** The prefix lengths in use, longest first. */
    private int[] lengths = new int[0];

    /**
     * Keeps {@code value} for {@code cidr}.
     *
     * @param cidr  the block
     * @param value what to keep
     */
    public void put(Cidr cidr, V value) {
        if (byCidr.put(cidr, value) == null && ++ofLength[cidr.prefixLength()] == 1) {
            lengthsChanged();
        }
    }

    /**
     * Forgets {@code cidr}.
     *
     * @param cidr the block
     */
    public void remove(Cidr cidr) {
        if (byCidr.remove(cidr) != null && --ofLength[cidr.prefixLength()] == 0) {
            lengthsChanged();
        }
    }

    /**
     * {@return what is kept for {@code cidr}, or null}
     *
     * @param cidr the block
     */
    public @Nullable V get(Cidr cidr) {
        return byCidr.get(cidr);
    }

    /**
     * {@return the longest block holding {@code ip}, or null}
     *
     * @param ip the address
     */
    public @Nullable Cidr containing(IpAddress ip) {
        for (int len : lengths) {
            if (len <= ip.bitLength()) {
                Cidr c = Cidr.of(ip, len).network();
                if (byCidr.containsKey(c)) {
                    return c;
                }
            }
        }
        return null;
    }

    private void lengthsChanged() {
        int n = 0;
        for (int count : ofLength) {
            n += count > 0 ? 1 : 0;
        }
        int[] out = new int[n];
        for (int len = ofLength.length - 1, k = 0; len >= 0; len--) {
            if (ofLength[len] > 0) {
                out[k++] = len;
            }
        }
        lengths = out;
    }
}
