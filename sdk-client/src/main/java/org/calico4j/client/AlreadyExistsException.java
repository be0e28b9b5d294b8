package org.calico4j.client;

import java.util.Optional;

import org.calico4j.client.spi.ResourceKey;
import org.calico4j.model.CalicoException;
import org.calico4j.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * A create found the key taken. Carries the stored resource, as Calico's client returns it.
 *
 * <pre>{@code
 * try { client.ipPools().create(pool); } catch (AlreadyExistsException e) { e.current(); }
 * }</pre>
 */
public class AlreadyExistsException extends CalicoException {
    private static final long serialVersionUID = 1L;

    private final transient ResourceKey key;
    private final transient @Nullable Resource current;

    /**
     * A create found {@code key} taken.
     *
     * @param key     the resource created
     * @param current the stored resource, or null when unknown
     */
    public AlreadyExistsException(ResourceKey key, @Nullable Resource current) {
        super("resource already exists: " + key);
        this.key = key;
        this.current = current;
    }

    /**
     * The resource created.
     *
     * @return its key
     */
    public ResourceKey key() {
        return key;
    }

    /**
     * The stored resource (with its resourceVersion), when known.
     *
     * @return the resource, or empty
     */
    public Optional<Resource> current() {
        return Optional.ofNullable(current);
    }
}
