package org.calico4j.client.etcd;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

import io.etcd.jetcd.ByteSequence;

import org.calico4j.client.spi.ResourceKey;
import org.calico4j.model.Kind;

/**
 * Calico's etcd key layout for v3 resources: {@code /calico/resources/v3/projectcalico.org/<plural>/<name>}
 * (namespaced kinds add {@code <namespace>/} before the name).
 */
final class CalicoKeys {
    static final String ROOT = "/calico/resources/v3/projectcalico.org/";
    // Names reach etcd keys: only what Calico's name rule allows, so no '/' can forge another key.
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private CalicoKeys() {
    }

    static String of(ResourceKey key) {
        if (key.name().length() > 253 || !NAME.matcher(key.name()).matches()) {
            throw new IllegalArgumentException("'" + key.name() + "' is not a valid " + key.kind().kindName()
                    + " name (lower-case alphanumerics, '-' and '.')");
        }
        return ROOT + key.kind().plural() + "/" + (key.namespace().isEmpty() ? "" : key.namespace() + "/") + key.name();
    }

    static String prefix(Kind kind) {
        return ROOT + kind.plural() + "/";
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    /** The resource key of an etcd key, if it is a v3 resource key of a kind calico4j knows. */
    static Optional<ResourceKey> parse(String key) {
        if (!key.startsWith(ROOT)) {
            return Optional.empty();
        }
        String rest = key.substring(ROOT.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String plural = rest.substring(0, slash);
        String name = rest.substring(slash + 1);
        for (Kind k : Kind.values()) {
            if (k.plural().equals(plural) && !name.isEmpty() && name.indexOf('/') < 0) {
                return Optional.of(ResourceKey.of(k, name));
            }
        }
        return Optional.empty();
    }
}
