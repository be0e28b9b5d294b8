package org.calico4j.client.etcd;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

import io.etcd.jetcd.ByteSequence;

import org.calico4j.client.spi.ResourceKey;
import org.calico4j.model.Kind;
import org.calico4j.model.ipam.BlockAffinity;
import org.calico4j.model.ipam.IpamBlock;
import org.calico4j.model.ipam.IpamConfig;
import org.calico4j.model.ipam.IpamHandle;
import org.calico4j.model.net.Cidr;

/**
 * Calico's etcd key layout: v3 resources at {@code /calico/resources/v3/projectcalico.org/<plural>/<name>}
 * (namespaced kinds add {@code <namespace>/} before the name), IPAM records under {@code /calico/ipam/v2/}:
 * blocks at {@code assignment/ipv4/block/10.244.1.0-26}, affinities at {@code host/<host>/ipv4/block/<block>},
 * handles at {@code handle/<id>} and the config at {@code config}.
 */
final class CalicoKeys {
    static final String CALICO = "/calico/";
    static final String ROOT = "/calico/resources/v3/projectcalico.org/";
    static final String IPAM = "/calico/ipam/v2/";
    private static final String BLOCKS = IPAM + "assignment/";
    private static final String HOSTS = IPAM + "host/";
    private static final String HANDLES = IPAM + "handle/";
    private static final String CONFIG = IPAM + "config";
    // Names reach etcd keys: only what Calico's name rule allows, so no '/' can forge another key.
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private CalicoKeys() {
    }

    static String of(ResourceKey key) {
        switch (key.kind()) {
            case IPAM_BLOCK: {
                Cidr c = block(key, key.name());
                return BLOCKS + "ipv" + c.version() + "/block/" + key.name();
            }
            case BLOCK_AFFINITY: {
                int slash = key.name().indexOf('/');
                String host = slash < 0 ? "" : key.name().substring(0, slash);
                checkName(key, host);
                Cidr c = block(key, key.name().substring(slash + 1));
                return HOSTS + host + "/ipv" + c.version() + "/block/" + IpamBlock.nameFor(c);
            }
            case IPAM_HANDLE:
                IpamHandle.checkId(key.name());
                return HANDLES + key.name();
            case IPAM_CONFIG:
                if (!IpamConfig.NAME.equals(key.name())) {
                    throw new IllegalArgumentException("the IPAM config is named 'default', not '" + key.name() + "'");
                }
                return CONFIG;
            default:
                checkName(key, key.name());
                if (key.kind().namespaced()) {
                    checkName(key, key.namespace());
                }
                return ROOT + key.kind().plural() + "/" + (key.namespace().isEmpty() ? "" : key.namespace() + "/") + key.name();
        }
    }

    private static void checkName(ResourceKey key, String name) {
        if (name.length() > 253 || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid " + key.kind().kindName()
                    + " name (lower-case alphanumerics, '-' and '.')");
        }
    }

    private static Cidr block(ResourceKey key, String name) {
        return IpamBlock.cidrOfName(name).orElseThrow(() -> new IllegalArgumentException("'" + key.name()
                + "' is not a valid " + key.kind().kindName() + " name (a block is named like 10.244.1.0-26)"));
    }

    /** The key prefix holding every record of {@code kind}. */
    static String prefix(Kind kind) {
        switch (kind) {
            case IPAM_BLOCK:
                return BLOCKS;
            case BLOCK_AFFINITY:
                return HOSTS;
            case IPAM_HANDLE:
                return HANDLES;
            case IPAM_CONFIG:
                return CONFIG;
            default:
                return ROOT + kind.plural() + "/";
        }
    }

    /**
     * The key prefix holding exactly the records of {@code kind} whose names start with {@code namePrefix},
     * when the layout has one (v3 resources, and a host's affinities); otherwise the kind's prefix.
     */
    static String prefix(Kind kind, String namePrefix) {
        if (!kind.isInternal() && !kind.namespaced() && namePrefix.indexOf('/') < 0) {
            return prefix(kind) + namePrefix;
        }
        if (kind == Kind.BLOCK_AFFINITY && namePrefix.endsWith("/") && namePrefix.indexOf('/') == namePrefix.length() - 1) {
            String host = namePrefix.substring(0, namePrefix.length() - 1);
            if (NAME.matcher(host).matches()) {
                return HOSTS + namePrefix;
            }
        }
        return prefix(kind);
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    /** The resource key of an etcd key, if it is a key of a kind calico4j knows. */
    static Optional<ResourceKey> parse(String key) {
        if (key.startsWith(ROOT)) {
            String rest = key.substring(ROOT.length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                return Optional.empty();
            }
            String plural = rest.substring(0, slash);
            String name = rest.substring(slash + 1);
            for (Kind k : Kind.values()) {
                if (k.isInternal() || !k.plural().equals(plural)) {
                    continue;
                }
                if (k.namespaced()) {
                    int sep = name.indexOf('/');
                    if (sep > 0 && sep < name.length() - 1 && name.indexOf('/', sep + 1) < 0) {
                        return Optional.of(new ResourceKey(k, name.substring(0, sep), name.substring(sep + 1)));
                    }
                } else if (!name.isEmpty() && name.indexOf('/') < 0) {
                    return Optional.of(ResourceKey.of(k, name));
                }
            }
            return Optional.empty();
        }
        if (key.equals(CONFIG)) {
            return Optional.of(ResourceKey.of(Kind.IPAM_CONFIG, IpamConfig.NAME));
        }
        if (key.startsWith(HANDLES)) {
            String id = key.substring(HANDLES.length());
            return IpamHandle.isValidId(id) ? Optional.of(ResourceKey.of(Kind.IPAM_HANDLE, id)) : Optional.empty();
        }
        String[] parts = key.split("/", -1);
        // ["", calico, ipam, v2, assignment, ipv4, block, <cidr>]
        if (key.startsWith(BLOCKS) && parts.length == 8 && parts[6].equals("block")) {
            return IpamBlock.cidrOfName(parts[7]).filter(c -> parts[5].equals("ipv" + c.version()))
                    .map(c -> ResourceKey.of(Kind.IPAM_BLOCK, parts[7]));
        }
        // ["", calico, ipam, v2, host, <host>, ipv4, block, <cidr>]
        if (key.startsWith(HOSTS) && parts.length == 9 && parts[7].equals("block") && NAME.matcher(parts[5]).matches()) {
            return IpamBlock.cidrOfName(parts[8]).filter(c -> parts[6].equals("ipv" + c.version()))
                    .map(c -> ResourceKey.of(Kind.BLOCK_AFFINITY, BlockAffinity.nameFor(parts[5], c)));
        }
        return Optional.empty();
    }
}
