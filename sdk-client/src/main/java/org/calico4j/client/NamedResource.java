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
    /** The stored resource with its resourceVersion, if it exists. */
    Optional<T> get();

    /** The stored resource; {@link NotFoundException} if it does not exist. */
    T require();

    /**
     * Reads, applies {@code change}, and writes back with the read revision as precondition,
     * retrying on {@link ConflictException} (bounded; the last conflict is thrown when the bound is
     * reached). {@code change} may run several times and must not have side effects.
     */
    T edit(UnaryOperator<T> change);

    /** Deletes the resource (no revision precondition); returns what was deleted. */
    T delete();

    /** Deletes the resource if its resourceVersion is still {@code revision}. */
    T delete(long revision);
}
