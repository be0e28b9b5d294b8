package org.calico4j.client.spi;

import java.util.Objects;

import org.calico4j.model.Kind;

/**
 * One read of a {@link Datastore#read} batch: a key, or the names of a kind under a prefix.
 *
 * <pre>{@code
 * List<ListResult> r = ds.read(List.of(Read.key(ResourceKey.of(Kind.NODE, "n1")), Read.prefix(Kind.IP_POOL, "")));
 * }</pre>
 *
 * @param kind       the kind read
 * @param namespace  for a key, its namespace ("" for cluster-scoped kinds); "" for a prefix
 * @param name       for a key, its name; for a prefix, the names' common start ("" for all)
 * @param isPrefix   whether this reads every name starting with {@code name} rather than one key
 */
public record Read(Kind kind, String namespace, String name, boolean isPrefix) {
    /**
     * Checks the components.
     *
     * @param kind      the kind read
     * @param namespace the key's namespace, "" for a prefix
     * @param name      the key's name, or the prefix
     * @param isPrefix  whether {@code name} is a prefix
     */
    public Read {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        if (isPrefix && !namespace.isEmpty()) {
            throw new IllegalArgumentException("a prefix read spans namespaces; its namespace must be \"\", not '" + namespace + "'");
        }
    }

    /**
     * Reads one key, as {@link Datastore#get} would.
     *
     * @param key the key
     * @return the read; its result holds the value or nothing
     */
    public static Read key(ResourceKey key) {
        return new Read(key.kind(), key.namespace(), key.name(), false);
    }

    /**
     * Reads the resources of {@code kind} whose names start with {@code namePrefix}, as
     * {@link Datastore#list(Kind, String, long)} would.
     *
     * @param kind       the kind
     * @param namePrefix the names' common start, "" for all
     * @return the read
     */
    public static Read prefix(Kind kind, String namePrefix) {
        return new Read(kind, "", namePrefix, true);
    }

    /** {@return the key this reads; only for a key read} */
    public ResourceKey resourceKey() {
        if (isPrefix) {
            throw new IllegalStateException("a prefix read has no single key: " + this);
        }
        return new ResourceKey(kind, namespace, name);
    }
}
