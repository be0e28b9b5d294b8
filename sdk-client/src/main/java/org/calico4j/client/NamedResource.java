package org.calico4j.client;

import java.util.Optional;
import java.util.function.UnaryOperator;

import org.calico4j.model.Resource;

/**
 * One resource by name.
 *
 * <pre>{@code
 * client.ipPools().withName("ippool-ext-1").edit(p -> p.withSpec(p.spec().withNatOutgoing(true)));
 * }</pre>
 */
public interface NamedResource<T extends Resource> {
    /**
     * The stored resource with its resourceVersion, if it exists.
     *
     * @return the resource, or empty
     */
    Optional<T> get();

    /**
     * The stored resource; {@link NotFoundException} if it does not exist.
     *
     * @return the resource with its resourceVersion
     */
    T require();

    /**
     * Reads, applies {@code change}, and writes back with the read revision as precondition,
     * retrying on {@link ConflictException} (bounded; the last conflict is thrown when the bound is
     * reached). {@code change} may run several times and must not have side effects.
     *
     * @param change from the stored resource to the new one
     * @return the stored result
     * @throws NotFoundException when the resource does not exist
     */
    T edit(UnaryOperator<T> change);

    /**
     * Deletes the resource (no revision precondition).
     *
     * @return what was deleted
     * @throws NotFoundException when the resource does not exist
     */
    T delete();

    /**
     * Deletes the resource if its resourceVersion is still {@code revision}.
     *
     * @param revision the resourceVersion it was read at
     * @return what was deleted
     * @throws ConflictException when it changed since, carrying the current object
     */
    T delete(long revision);
}
