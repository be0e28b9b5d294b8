package org.calico4j.client;

import org.calico4j.client.spi.ResourceKey;
import org.calico4j.model.CalicoException;

/**
 * The resource does not exist. Message as Calico's: {@code resource does not exist: IPPool(name)}.
 *
 * <pre>{@code
 * try { client.ipPools().withName("x").require(); } catch (NotFoundException e) { ... }
 * }</pre>
 */
public class NotFoundException extends CalicoException {
    private static final long serialVersionUID = 1L;

    private final transient ResourceKey key;

    /**
     * Nothing is stored under {@code key}.
     *
     * @param key the resource looked for
     */
    public NotFoundException(ResourceKey key) {
        super("resource does not exist: " + key);
        this.key = key;
    }

    /**
     * The resource does not exist, said in the caller's words (e.g. what it was needed for and what there is instead).
     *
     * @param key     the resource looked for
     * @param message the whole message
     */
    public NotFoundException(ResourceKey key, String message) {
        super(message);
        this.key = key;
    }

    /**
     * The resource looked for.
     *
     * @return its key
     */
    public ResourceKey key() {
        return key;
    }
}
