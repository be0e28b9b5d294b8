package org.calico4j.model.ipam;

import java.util.Objects;

import org.calico4j.model.Kind;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.Resource;
import org.calico4j.model.net.Cidr;

/**
 * A host's claim on one IPAM block (Calico's block affinity, stored in etcd at
 * {@code /calico/ipam/v2/host/<host>/ipv4/block/<cidr>}). Its name is {@code <host>/<block name>}.
 *
 * <pre>{@code
 * BlockAffinity a = BlockAffinity.of("node-1", Cidr.parse("10.244.1.0/26"), AffinityState.PENDING);
 * a.name();   // "node-1/10.244.1.0-26"
 * }</pre>
 *
 * @param metadata name (derived from host and CIDR) and resourceVersion
 * @param host     the node that claims the block
 * @param cidr     the block
 * @param state    pending, confirmed or pendingDeletion
 * @param deleted  Calico's soft-delete marker (Kubernetes datastore only; kept as read)
 */
public record BlockAffinity(ObjectMeta metadata, String host, Cidr cidr, AffinityState state, boolean deleted)
        implements Resource {
    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when the host is not a valid Node name or the name does not match
     *         host and block
     *
     * @param metadata name (derived from host and CIDR) and resourceVersion
     * @param host the node that claims the block
     * @param cidr the block
     * @param state pending, confirmed or pendingDeletion
     * @param deleted Calico's soft-delete marker (Kubernetes datastore only; kept as read)
     */
    public BlockAffinity {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(cidr, "cidr");
        Objects.requireNonNull(state, "state");
        checkHost(host);
        String name = nameFor(host, cidr);
        if (!name.equals(metadata.name())) {
            throw new IllegalArgumentException("a block affinity of " + host + " for " + cidr + " is named '" + name
                    + "', not '" + metadata.name() + "'");
        }
    }


    /**
     * True for a host name IPAM accepts: a Node name (lower-case DNS subdomain, at most 253 characters).
     *
     * @param host a host name
     * @return true when IPAM accepts it
     */
    public static boolean isValidHost(String host) {
        // [a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*, checked by hand: every IPAM
        // request checks its host. Labels are non-empty and start and end with a letter or digit.
        int n = host.length();
        if (n == 0 || n > 253) {
            return false;
        }
        char prev = '.';
        for (int i = 0; i < n; i++) {
            char c = host.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (c == '.') {
                if (prev == '.' || prev == '-') {
                    return false;
                }
            } else if (c == '-') {
                if (prev == '.') {
                    return false;
                }
            } else if (!alnum) {
                return false;
            }
            prev = c;
        }
        return prev != '.' && prev != '-';
    }

    /**
     * Throws {@link IllegalArgumentException} naming {@code host} and the rule when it is not {@link
     * #isValidHost valid}.
     *
     * @param host a host name
     * @return {@code host}
     */
    public static String checkHost(String host) {
        if (!isValidHost(host)) {
            throw new IllegalArgumentException("'" + host + "' is not a valid host name (a Node name: lower-case"
                    + " alphanumerics, '-' and '.', at most 253 characters)");
        }
        return host;
    }

    /**
     * A new affinity of {@code host} for {@code cidr}, named as Calico names it.
     *
     * @param host  the node that claims the block
     * @param cidr  the block
     * @param state its state
     * @return the affinity
     */
    public static BlockAffinity of(String host, Cidr cidr, AffinityState state) {
        return new BlockAffinity(ObjectMeta.named(nameFor(host, cidr)), host, cidr, state, false);
    }

    /**
     * {@code <host>/<block name>}: host names hold no '/', so the name splits back unambiguously.
     *
     * @param host the node
     * @param cidr the block
     * @return the name
     */
    public static String nameFor(String host, Cidr cidr) {
        return host + "/" + IpamBlock.nameFor(cidr);
    }

    /**
     * The name prefix shared by every affinity of {@code host}.
     *
     * @param host the node
     * @return {@code <host>/}
     */
    public static String hostPrefix(String host) {
        return host + "/";
    }

    /**
     * Calico's affinity text for the block, {@code host:<host>}.
     *
     * @return the {@code affinity} value
     */
    public String affinity() {
        return "host:" + host;
    }

    /**
     * This value with {@code state} replaced. The state of the block affinity with regard to any
     * referenced IPAM blocks.
     *
     * @param newState the new {@code state}
     * @return a copy with it
     */
    public BlockAffinity withState(AffinityState newState) {
        return new BlockAffinity(ObjectMeta.named(metadata.name()), host, cidr, newState, deleted);
    }

    @Override
    public Kind kind() {
        return Kind.BLOCK_AFFINITY;
    }

    @Override
    public BlockAffinity withMetadata(ObjectMeta newMetadata) {
        return new BlockAffinity(newMetadata, host, cidr, state, deleted);
    }
}
