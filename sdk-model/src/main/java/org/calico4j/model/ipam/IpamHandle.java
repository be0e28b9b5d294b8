package org.calico4j.model.ipam;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.calico4j.model.Kind;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.Resource;
import org.calico4j.model.net.Cidr;

/**
 * How many addresses one handle holds in each block (Calico's {@code IPAMHandle}, stored at
 * {@code /calico/ipam/v2/handle/<handleID>}). Its name is the handle ID.
 *
 * <pre>{@code
 * IpamHandle h = IpamHandle.of("k8s-pod-network.c0ffee").plus(Cidr.parse("10.244.1.0/26"), 2);
 * h.count();   // 2
 * }</pre>
 *
 * @param metadata name (the handle ID) and resourceVersion
 * @param blocks   addresses held per block, every count positive
 * @param deleted  Calico's soft-delete marker (Kubernetes datastore only; kept as read)
 */
public record IpamHandle(ObjectMeta metadata, Map<Cidr, Integer> blocks, boolean deleted) implements Resource {
    /**
     * Checks the components and copies the collections, so the value stays immutable.
     *
     * @param metadata name (the handle ID) and resourceVersion
     * @param blocks addresses held per block, every count positive
     * @param deleted Calico's soft-delete marker (Kubernetes datastore only; kept as read)
     */
    public IpamHandle {
        Objects.requireNonNull(metadata, "metadata");
        // Most handles hold one block: Map.of keeps them small (150,000 pods are 150,000 handles), and a
        // map of one entry needs no sorting (copyOf returns an immutable one as it is).
        Map<Cidr, Integer> sorted = blocks.size() <= 1 ? Map.copyOf(blocks) : new TreeMap<>(blocks);
        sorted.forEach((c, n) -> {
            if (n <= 0) {
                throw new IllegalArgumentException("handle " + metadata.name() + " holds " + n + " addresses in " + c);
            }
        });
        blocks = sorted.size() <= 1 ? sorted : Collections.unmodifiableMap(sorted);
    }


    /**
     * True for a handle ID calico4j accepts: 1 to 253 letters, digits and {@code . _ : @ + = -}, not starting
     * with punctuation (Calico's {@code k8s-pod-network.<container>} and {@code vxlan-tunnel-addr-<node>} fit).
     * IDs become datastore keys, so nothing else (no {@code /}) is allowed.
     *
     * @param handleId a handle ID
     * @return true when IPAM accepts it
     */
    public static boolean isValidId(String handleId) {
        // [A-Za-z0-9][A-Za-z0-9._:@+=-]{0,252}, checked by hand: every IPAM request checks its handle.
        int n = handleId.length();
        if (n == 0 || n > 253 || !alphanumeric(handleId.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = handleId.charAt(i);
            if (!alphanumeric(c) && ".:_@+=-".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean alphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /**
     * Throws {@link IllegalArgumentException} naming {@code handleId} and the rule when it is not {@link
     * #isValidId valid}.
     *
     * @param handleId a handle ID
     * @return {@code handleId}
     */
    public static String checkId(String handleId) {
        if (!isValidId(handleId)) {
            throw new IllegalArgumentException("'" + handleId + "' is not a valid IPAM handle ID (1 to 253 letters, digits"
                    + " and . _ : @ + = -, starting with a letter or digit)");
        }
        return handleId;
    }

    /**
     * A handle holding no address yet.
     *
     * @param handleId a valid handle ID
     * @return the handle
     * @throws IllegalArgumentException when the ID is not valid
     */
    public static IpamHandle of(String handleId) {
        checkId(handleId);
        return new IpamHandle(ObjectMeta.named(handleId), Map.of(), false);
    }

    /**
     * The handle's ID (its name).
     *
     * @return the ID
     */
    public String handleId() {
        return metadata.name();
    }

    /**
     * Addresses held over all blocks.
     *
     * @return the total
     */
    public int count() {
        return blocks.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * The same handle with {@code delta} more (or, when negative, fewer) addresses in {@code block}.
     *
     * @param block the block
     * @param delta addresses added, negative for released
     * @return a copy with the new count (the block dropped at 0)
     */
    public IpamHandle plus(Cidr block, int delta) {
        int held = blocks.getOrDefault(block, 0);
        int n = held + delta;
        if (n < 0) {
            throw new IllegalArgumentException("handle " + handleId() + " holds " + held
                    + " addresses in " + block + ", cannot release " + -delta);
        }
        Map<Cidr, Integer> b;
        if (blocks.isEmpty() || (blocks.size() == 1 && blocks.containsKey(block))) {
            // The common case, a handle in one block: no sorted copy.
            b = n == 0 ? Map.of() : Map.of(block, n);
        } else {
            TreeMap<Cidr, Integer> t = new TreeMap<>(blocks);
            if (n == 0) {
                t.remove(block);
            } else {
                t.put(block, n);
            }
            b = t;
        }
        return new IpamHandle(ObjectMeta.named(handleId()), b, deleted);
    }

    @Override
    public Kind kind() {
        return Kind.IPAM_HANDLE;
    }

    @Override
    public IpamHandle withMetadata(ObjectMeta newMetadata) {
        return new IpamHandle(newMetadata, blocks, deleted);
    }
}
