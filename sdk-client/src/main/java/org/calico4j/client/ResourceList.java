package org.calico4j.client;

import java.util.List;

import org.calico4j.client.internal.StoredValues;
import org.calico4j.model.Resource;

/**
 * The resources of one kind at one store revision; watch from {@link #revision()} to follow them.
 *
 * <pre>{@code
 * ResourceList<IpPool> pools = client.ipPools().list("env == 'prod'");
 * }</pre>
 *
 * @param items    sorted by name, each with its resourceVersion
 * @param revision the store revision the list was read at
 * @param skipped  stored values of the kind that could not be read and were left out (see
 *                 {@link SkippedValue}); empty unless the datastore is shared with other writers
 */
public record ResourceList<T extends Resource>(List<T> items, long revision, List<SkippedValue> skipped) {
    /**
     * Copies the collections, so the value stays immutable (a client's list of a whole kind reads the datastore's
     * immutable result through instead of copying it).
     *
     * @param items sorted by name, each with its resourceVersion
     * @param revision the store revision the list was read at
     * @param skipped stored values of the kind that could not be read and were left out (see {@link SkippedValue}); empty unless the datastore is shared with other writers
     */
    public ResourceList {
        // A datastore list read through (immutable already) is kept as it is.
        items = items instanceof StoredValues<?> ? items : List.copyOf(items);
        skipped = List.copyOf(skipped);
    }

    /**
     * A list with nothing skipped.
     *
     * @param items    the resources
     * @param revision the store revision the list was read at
     */
    public ResourceList(List<T> items, long revision) {
        this(items, revision, List.of());
    }
}
