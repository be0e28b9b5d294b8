package org.calico4j.client.spi;

import java.util.Objects;

import org.calico4j.model.Kind;
import org.calico4j.model.Resource;

/**
 * Where a resource lives in a datastore: its kind, namespace ("" for cluster-scoped kinds) and name.
 *
 * <pre>{@code
 * ResourceKey k = ResourceKey.of(Kind.IP_POOL, "ippool-ext-1");
 * }</pre>
 */
public record ResourceKey(Kind kind, String namespace, String name) implements Comparable<ResourceKey> {
    /**
     * Checks the components.
     *
     * @param kind      the kind
     * @param namespace the namespace, "" for cluster-scoped kinds
     * @param name      the name
     */
    public ResourceKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    /**
     * The key of a cluster-scoped resource.
     *
     * @param kind the kind
     * @param name the name
     * @return the key, with namespace ""
     */
    public static ResourceKey of(Kind kind, String name) {
        return new ResourceKey(kind, "", name);
    }

    /**
     * The key a resource is stored under.
     *
     * @param r the resource
     * @return its kind, namespace and name
     */
    public static ResourceKey of(Resource r) {
        return new ResourceKey(r.kind(), r.metadata().namespace(), r.name());
    }

    // equals and hashCode written out: the record's generated ones go through method handles, slow until compiled,
    // and keys are hashed on every store operation.
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof ResourceKey k && kind == k.kind && name.equals(k.name) && namespace.equals(k.namespace);
    }

    @Override
    public int hashCode() {
        return (kind.ordinal() * 31 + namespace.hashCode()) * 31 + name.hashCode();
    }

    @Override
    public int compareTo(ResourceKey o) {
        int c = kind.compareTo(o.kind);
        if (c == 0) {
            c = namespace.compareTo(o.namespace);
        }
        return c != 0 ? c : name.compareTo(o.name);
    }

    /** {@code IPPool(name)}, or {@code Kind(ns/name)} for namespaced kinds: used in error messages. */
    @Override
    public String toString() {
        return kind.kindName() + "(" + (namespace.isEmpty() ? "" : namespace + "/") + name + ")";
    }
}
